import { type IsoDate } from '../shared/iso-date';

/**
 * Prescription quadriennale (loi n° 68-1250): a debt of the town lapses 4 years from 1 January
 * of the year after the right arose. A credit (avoir) that arose on a date of year Y can be
 * declared prescribed from 1 January Y + 5 — if the town invokes it: it is never automatic.
 */
export function prescriptionDateOf(arose: IsoDate): IsoDate {
  const year = Number(arose.slice(0, 4));
  return `${String(year + 5).padStart(4, '0')}-01-01`;
}
