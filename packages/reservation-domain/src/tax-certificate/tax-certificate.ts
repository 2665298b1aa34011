/**
 * The attestation fiscale de frais de garde of one family for one year (docs/rules.md, R21):
 * each child under six on 1 January of the year with childcare paid in it, and the amount.
 */
import { right, type Either } from 'fp-ts/Either';
import type { Catalog } from '../catalog/catalog.types';
import type { FamilyEvent } from '../family/family.events';
import { refuse, type Refusal } from '../family/refusal';
import type { Instant } from '../shared/instant';
import type { IsoDate } from '../shared/iso-date';
import { isUnderSixOnFirstJanuary, taxYearIsOver, TAX_YEAR_MAX, TAX_YEAR_MIN } from './childcare-eligibility';
import { childcarePaidByYear } from './childcare-paid';

export interface TaxCertificateLine {
  readonly childId: string;
  readonly birthDate: IsoDate;
  /** Childcare paid in the year for this child (R21), > 0. */
  readonly amountCents: number;
}

/**
 * The lines of `year`'s certificate: eligible children (birth date known, under six on
 * 1 January) with something paid, oldest child first. Empty: no certificate for that year.
 */
export function taxCertificateLines(
  events: readonly FamilyEvent[],
  catalog: Catalog,
  year: number,
  birthDates: ReadonlyMap<string, IsoDate>,
): TaxCertificateLine[] {
  const paid = childcarePaidByYear(events, catalog).get(year) ?? new Map<string, number>();
  const lines: TaxCertificateLine[] = [];
  for (const [childId, amountCents] of paid) {
    const birthDate = birthDates.get(childId);
    if (birthDate === undefined || amountCents <= 0 || !isUnderSixOnFirstJanuary(birthDate, year)) continue;
    lines.push({ childId, birthDate, amountCents });
  }
  return lines.sort((a, b) => (a.birthDate === b.birthDate ? (a.childId < b.childId ? -1 : 1) : a.birthDate < b.birthDate ? -1 : 1));
}

export interface TaxCertificateRequest {
  readonly year: number;
  /** When it is asked for: the year must be over in the town's time zone. */
  readonly now: Instant;
  /** The family stream's events the certificate counts. */
  readonly events: readonly FamilyEvent[];
  /** Birth dates from the person stream (R17); null once it was erased. */
  readonly birthDates: ReadonlyMap<string, IsoDate> | null;
}

/**
 * R21: whether the family has a certificate for `year`, and its lines. Refused while the year is
 * not over (`TAX_YEAR_NOT_OVER`), once the children's identity was erased
 * (`PERSONAL_DATA_ERASED`: the certificate names them), and when there is nothing to certify
 * (`NO_TAX_CERTIFICATE`: no child under six with a known birth date and childcare paid).
 */
export function decideTaxCertificate(catalog: Catalog, request: TaxCertificateRequest): Either<Refusal, readonly TaxCertificateLine[]> {
  const { year, now, events, birthDates } = request;
  if (!Number.isInteger(year) || year < TAX_YEAR_MIN || year > TAX_YEAR_MAX) return refuse('INVALID_COMMAND', `The tax year must be from ${TAX_YEAR_MIN} to ${TAX_YEAR_MAX}`);
  if (!taxYearIsOver(year, now, catalog.timezone)) return refuse('TAX_YEAR_NOT_OVER', `${year} is not over yet: its certificate is issued from 1 January ${year + 1}`);
  if (birthDates === null) return refuse('PERSONAL_DATA_ERASED', 'The certificate names the children and their birth dates, which were erased (R17)');
  const lines = taxCertificateLines(events, catalog, year, birthDates);
  if (lines.length === 0) {
    return refuse('NO_TAX_CERTIFICATE', `Nothing to certify for ${year}: no childcare paid that year for a child under six on 1 January ${year} whose birth date is known`);
  }
  return right(lines);
}
