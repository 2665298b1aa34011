import { InvalidArgumentError } from '../shared/invalid-argument.error';

// One formatter per time zone: each holds ICU memory outside the JS heap, which a formatter per
// call (hundreds of thousands in a city's verify) piles up faster than the GC returns it.
const yearFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * R8: the year a document is numbered in is the calendar year of its source (the payment, the
 * credit) in the municipality's time zone. A payment made on 31 December at 23:30 UTC is a
 * payment of the next year in Paris, so it takes a number of that year's sequence.
 */
export function numberingYearOf(instant: string | Date, timeZone: string): number {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('INVALID_INSTANT', `numberingYearOf: invalid instant ${String(instant)}`);
  let format = yearFormats.get(timeZone);
  if (!format) yearFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' })));
  return Number(format.format(date));
}
