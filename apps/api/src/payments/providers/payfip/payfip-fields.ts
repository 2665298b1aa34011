import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';

/**
 * The values PayFiP accepts in `creerPaiementSecurise` and the ones it answers in
 * `recupererDetailPaiementSecurise`, made or read here so the adapter only assembles them.
 */

export const REFDET_PATTERN = /^[A-Za-z0-9]{1,30}$/;
export const NUMCLI_PATTERN = /^\d{6}$/;
/** PayFiP takes payments from 1 € to 100,000 € (what known implementations accept). */
export const PAYFIP_MIN_CENTS = 100;
export const PAYFIP_MAX_CENTS = 10_000_000;
/** PayFiP's clock is French. */
export const PAYFIP_TIME_ZONE = 'Europe/Paris';

/** `refdet` of a payment: `P` and 29 hex digits of the payment id's SHA-256 — same payment, same refdet. */
export function refdetOf(paymentId: string): string {
  return `P${createHash('sha256').update(paymentId, 'utf8').digest('hex').slice(0, 29).toUpperCase()}`;
}

/** `objet`: at most 100 letters, digits and spaces (accents dropped, anything else a space). */
export function objetOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
}

/** `mel`: the payer's address, 6 to 80 characters, one `@`. */
export function isPayfipMel(mel: string): boolean {
  return mel.length >= 6 && mel.length <= 80 && /^[^@\s]+@[^@\s]+$/.test(mel);
}

/** `exer`: the year of `at` in France. */
export function exerOf(at: Date): string {
  return String(new TZDate(at.getTime(), PAYFIP_TIME_ZONE).getFullYear());
}

/** `dattrans` (DDMMYYYY) and `heurtrans` (HHMM), French time → the instant; undefined when malformed. */
export function transactionInstant(dattrans: string, heurtrans: string): Date | undefined {
  const date = /^(\d{2})(\d{2})(\d{4})$/.exec(dattrans);
  const time = /^(\d{2})(\d{2})$/.exec(heurtrans);
  if (!date || !time) return undefined;
  const [day, month, year, hour, minute] = [date[1], date[2], date[3], time[1], time[2]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const instant = new TZDate(year, month - 1, day, hour, minute, 0, PAYFIP_TIME_ZONE);
  // 31 February rolls over into March: not a date PayFiP would send.
  if (instant.getDate() !== day || instant.getMonth() !== month - 1) return undefined;
  return new Date(instant.getTime());
}

/** `dattrans` and `heurtrans` of an instant (what PayFiP, and the simulator, send). */
export function transactionFields(at: Date): { readonly dattrans: string; readonly heurtrans: string } {
  const local = new TZDate(at.getTime(), PAYFIP_TIME_ZONE);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    dattrans: `${two(local.getDate())}${two(local.getMonth() + 1)}${local.getFullYear()}`,
    heurtrans: `${two(local.getHours())}${two(local.getMinutes())}`,
  };
}
