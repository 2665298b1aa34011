export type {
  Activity,
  ActivityClosure,
  Bracket,
  BracketsGrid,
  Catalog,
  CatalogError,
  ClosedPeriod,
  DayStatus,
  DaysBeforeRule,
  DeadlineRule,
  EffortGrid,
  Payer,
  PricingError,
  ServiceContact,
  SiblingReduction,
  SlotPrice,
  TariffGrid,
  WeeklyRule,
} from './catalog.types';
export {
  MunicipalityFileSchema,
  type MunicipalityFile,
  type MunicipalityFileInput,
  ActivitySchema,
  DeadlineRuleSchema,
  TariffGridSchema,
  ClosedDateSchema,
} from './municipality-file.schema';
export { loadCatalog, withClosures, getActivity } from './load-catalog';
export { serviceDayStatus } from './service-day';
export { DAY_STATUS_REFUSALS, knownActivity } from './day-status-refusal';
export { reservationDeadline, cancellationDeadline } from './deadline';
export { priceSlot, gridOn, effortCents } from './pricing';
export { demoMunicipality, demoCatalog } from './demo-municipality';
