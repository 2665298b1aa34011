export * from './refusal';
export * from './calendar-input';
export * from './family.events';
export {
  IdSchema,
  FAMILY_EVENT_TYPES,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  isFamilyEventType,
  familyEventSchema,
  upgradeReservationRequestedV1,
  upgradePaymentConfirmedV1,
} from './family.event-schemas';
export * from './family.event-upcasting';
export * from './family.commands';
export * from './family.command-schema';
export { isCalendarDate, isCanonicalInstant } from './internal/command-fields';
export { isWellFormedFamilyCommand } from './internal/command-validator';
export * from './family.state';
export { type CreditLot, type LotPart, takeFromLots, restoreLots } from './credit-lots';
export * from './family.evolve';
export * from './family.queries';
export * from './family.decide';
export { type SlotProblem, slotBookingProblem, cancellationOpen } from './decide/slot-rules';
export { childPricingOf, quotientFamilialFor, schoolOf } from './decide/child-pricing';
export { slotUsageOf } from './decide/slot-usage';
export { additionalPaymentId, recordedPaymentIdOf } from './decide/payment-deliveries';
export { type ErasureBlocker, erasureBlockers, erasureBlockersAt } from './decide/record-personal-data-erased';
export { PersistentMap, hashString } from './internal/persistent-map';
