/**
 * Plain calendar dates ('YYYY-MM-DD', no time zone) as UTC epoch days, so calendar arithmetic
 * never depends on the machine's time zone.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Epoch day of a valid ISO date, or null when the text is not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / DAY_MS;
}

export function isIsoDate(text: unknown): text is IsoDate {
  return typeof text === 'string' && parseIsoDate(text) !== null;
}

export function epochDayOf(date: IsoDate): number {
  const day = parseIsoDate(date);
  if (day === null) throw new RangeError(`Not an ISO date: ${date}`);
  return day;
}

export function isoDateOfEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

export interface YearMonth {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
}

export function yearMonthOf(date: IsoDate): YearMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

export function daysInMonth({ year, month }: YearMonth): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function firstEpochDayOfMonth({ year, month }: YearMonth): number {
  return Date.UTC(year, month - 1, 1) / DAY_MS;
}

/** Every month touched by the inclusive period, in order. */
export function monthsOfPeriod(from: IsoDate, to: IsoDate): YearMonth[] {
  const months: YearMonth[] = [];
  let { year, month } = yearMonthOf(from);
  const end = yearMonthOf(to);
  while (year < end.year || (year === end.year && month <= end.month)) {
    months.push({ year, month });
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
