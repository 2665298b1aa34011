/**
 * Who and when the attestation fiscale de frais de garde is for (docs/rules.md, R21): children
 * under six on 1 January of the tax year (CGI art. 200 quater B; BOI-IR-RICI-300 § 30), and a
 * year that is over in the town's time zone.
 */
import { numberingYearOf } from '../numbering/numbering-year';
import type { Instant } from '../shared/instant';
import type { IsoDate } from '../shared/iso-date';

/** Years a tax certificate may be asked for (the domain's calendar bounds). */
export const TAX_YEAR_MIN = 2000;
export const TAX_YEAR_MAX = 2100;

/**
 * Under six on 1 January of `year`: born after 1 January of `year − 6` (a child born on that day
 * is six on 1 January and no longer counts), and born by then at the latest.
 */
export function isUnderSixOnFirstJanuary(birthDate: IsoDate, year: number): boolean {
  return birthDate > `${year - 6}-01-01` && birthDate <= `${year}-12-31`;
}

/** A certificate speaks for a whole calendar year: it is issued once that year is over where the town is. */
export function taxYearIsOver(year: number, now: Instant, timeZone: string): boolean {
  return numberingYearOf(now, timeZone) > year;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The year whose certificates are e-mailed at `now`: in January (in the town's time zone) the
 * year just over, otherwise none (a certificate stays downloadable all year).
 */
export function taxCertificateMailingYear(now: Instant, timeZone: string): number | null {
  let format = monthFormats.get(timeZone);
  if (!format) monthFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric' })));
  return Number(format.format(new Date(now))) === 1 ? numberingYearOf(now, timeZone) - 1 : null;
}
