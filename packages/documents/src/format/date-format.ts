import { DocumentInputError } from '../document-input-error';
import { IsoDate, parseIsoDate, YearMonth } from './iso-date';

/** ISO 8601 instant with an explicit offset, as the events carry them. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or null when the text is not an ISO instant with an offset. */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string' || !ISO_INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

// Intl formatters are costly to build and pure once built: one per (kind, time zone).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'instant' | 'month', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'month'
        ? { month: 'long', year: 'numeric', timeZone }
        : { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone };
    if (kind === 'instant') Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    found = new Intl.DateTimeFormat('fr-FR', options);
    formatters.set(key, found);
  }
  return found;
}

/** True when Intl knows the IANA time zone (e.g. 'Europe/Paris'). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatter('instant', timeZone);
    return true;
  } catch {
    return false;
  }
}

/** '2026-12-01' → 'mardi 1 décembre 2026' (a calendar date: no time zone involved). */
export function formatLongDate(date: IsoDate): string {
  const epochDay = parseIsoDate(date);
  if (epochDay === null) throw new DocumentInputError('formatLongDate', [{ path: 'date', message: `expected a calendar date YYYY-MM-DD, got ${date}` }]);
  return formatter('date', 'UTC').format(epochDay * 86_400_000);
}

/** An instant shown in the municipality's time zone: 'mardi 1 décembre 2026 à 14:30'. */
export function formatInstant(instant: string, timeZone: string): string {
  const ms = parseInstant(instant);
  if (ms === null) throw new DocumentInputError('formatInstant', [{ path: 'instant', message: `expected an ISO 8601 instant with offset, got ${instant}` }]);
  if (!isValidTimeZone(timeZone)) throw new DocumentInputError('formatInstant', [{ path: 'timeZone', message: `unknown time zone ${timeZone}` }]);
  return formatter('instant', timeZone).format(ms);
}

/** { 2026, 9 } → 'septembre 2026' */
export function formatMonth({ year, month }: YearMonth): string {
  return formatter('month', 'UTC').format(Date.UTC(year, month - 1, 1));
}

/** '2025-09-01' → '01/09/2025' */
export function formatShortDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/** « 1 » → « 1er »: French writes the first of a month as an ordinal (« 1er septembre »), every other day as a number. */
export function withFirstOrdinal(text: string): string {
  return text.replace(/(^|\s)1(?=\s)/g, '$11er');
}

/** '2026-09-01' → 'mardi 1er septembre 2026'; other days as `formatLongDate`. */
export function formatLongDateOrdinal(date: IsoDate): string {
  return withFirstOrdinal(formatLongDate(date));
}

/** As `formatInstant`, with « 1er » for the first of a month: 'mardi 1er décembre 2026 à 14:30'. */
export function formatInstantOrdinal(instant: string, timeZone: string): string {
  return withFirstOrdinal(formatInstant(instant, timeZone));
}
