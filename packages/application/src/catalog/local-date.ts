import { isoWeekOf } from '@periscol/reservation-domain';
import type { IsoDate, IsoWeek } from '@periscol/reservation-domain';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `instant` in `timeZone` (the municipality's), `YYYY-MM-DD`. */
export function localDate(instant: Date | string, timeZone: string): IsoDate {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

export function localIsoWeek(instant: Date, timeZone: string): IsoWeek {
  return isoWeekOf(localDate(instant, timeZone));
}
