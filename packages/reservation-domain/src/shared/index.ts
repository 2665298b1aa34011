export { InvalidArgumentError, type InvalidArgumentCode } from './invalid-argument.error';
export { type Cents, CentsSchema, formatEuros } from './money';
export {
  type IsoDate,
  IsoDateSchema,
  isIsoDate,
  isoWeekday,
  addDays,
  datesBetween,
  toEpochDay,
  fromEpochDay,
  tryEpochDay,
  weekdayOfEpochDay,
  daysFromCivil,
  civilFromDays,
} from './iso-date';
export { type IsoWeek, IsoWeekSchema, isIsoWeek, isoWeekDates, isoWeekOf, mondayOfIsoWeek, weeksInIsoYear } from './iso-week';
export { type Instant, InstantSchema, isWithinDeadline } from './instant';
export { type DocumentPrefix, type DocumentNumber, formatDocumentNumber, parseDocumentNumber } from './document-number';
