export { InvalidArgumentError, type InvalidArgumentCode } from './invalid-argument.error';
export {
  type Cents,
  CentsSchema,
  formatEuros,
  DEFAULT_MAX_AMOUNT_CENTS,
  DEFAULT_MAX_BALANCE_CENTS,
  MAX_REPRESENTABLE_CENTS,
} from './money';
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
  CALENDAR_MIN_YEAR,
  CALENDAR_MAX_YEAR,
  hasCalendarYear,
  digitsAt,
  isValidLocalDate,
  LocalDateSchema,
} from './iso-date';
export {
  type IsoWeek,
  IsoWeekSchema,
  isIsoWeek,
  isValidIsoWeek,
  ValidIsoWeekSchema,
  isoWeekDates,
  isoWeekOf,
  mondayOfIsoWeek,
  weeksInIsoYear,
} from './iso-week';
export { type Instant, InstantSchema, isWithinDeadline } from './instant';
