/**
 * The calendar year of an instant in the municipality's time zone: a payment made on
 * 31 December at 23:30 UTC is a payment of the next year in Paris, so it takes a number of
 * that year's sequence.
 */
export function calendarYearIn(instant: string | Date, timeZone: string): number {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`calendarYearIn: invalid instant ${String(instant)}`);
  const year = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).formatToParts(date).find((part) => part.type === 'year');
  if (!year) throw new RangeError(`calendarYearIn: no year for ${date.toISOString()} in ${timeZone}`);
  return Number(year.value);
}
