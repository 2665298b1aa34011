export type {
  AbsencePolicy,
  Activity,
  ActivityCapacity,
  ActivityClosure,
  Bracket,
  LateBooking,
  LatePrice,
  ByWeekdayRule,
  BracketsGrid,
  Catalog,
  CatalogError,
  ClosedPeriod,
  DayStatus,
  DaysBeforeRule,
  DeadlineRule,
  EffortGrid,
  DaysPerWeekReduction,
  NonResidentRule,
  OccasionalRule,
  OfficeHolder,
  Payer,
  PriceTable,
  RegieArrete,
  SchoolLevel,
  SlotUsage,
  PricingError,
  ServiceContact,
  SiblingReduction,
  SingleDeadlineRule,
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
  CapacitySchema,
} from './municipality-file.schema';
export { AbsencePolicySchema, ABSENCE_PROOF_TYPES, MAX_ABSENCE_PROOF_BYTES, MAX_ABSENCE_GRACE_DAYS, type AbsenceProofType } from './absence-policy.schema';
export { absencePolicyFor, absenceDeclarationLimitMs } from './absence-policy';
export { RegieArreteSchema, OfficeHolderSchema, VERSEMENT_FREQUENCIES } from './regie-arrete.schema';
export { loadCatalog, withClosures, getActivity } from './load-catalog';
export { MUNICIPALITY_FILE_FORMAT_VERSION, upgradeMunicipalityFile, type FormatProblem } from './municipality-file.format';
export { municipalityFileJsonSchema, municipalityFileJsonSchemaText, MUNICIPALITY_FILE_JSON_SCHEMA_FILE, MUNICIPALITY_FILE_JSON_SCHEMA_ID } from './municipality-file.json-schema';
export { serviceDayStatus } from './service-day';
export { DAY_STATUS_REFUSALS, knownActivity } from './day-status-refusal';
export { reservationDeadline, cancellationDeadline, serviceStart, lateBookingLimit } from './deadline';
export { isLateBooking, latePriceCents, lateTariffLabel, withLatePrice } from './late-booking';
export { priceSlot, gridOn, effortCents } from './pricing';
export { tariffReasons, tariffDeliberation, tariffNote, type TariffRef } from './tariff-reasons';
export { schoolLevelOfGrade } from './school-level';
export { schoolKey, MAX_SCHOOL_NAME_LENGTH } from './school-name';
export { quotientFamilialOnDay, QuotientFamilialPolicySchema, type QuotientFamilialPolicy, type QuotientFamilialRecord } from './quotient-familial-policy';
export { demoMunicipality, demoCatalog } from './demo-municipality';
