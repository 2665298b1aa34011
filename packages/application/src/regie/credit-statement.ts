/**
 * The état des avoirs: every family's credit balance, lot by lot (R10), with each lot's age and
 * the date from which the prescription quadriennale could be invoked (4 years from 1 January of
 * the year after the credit arose — the town must invoke it; it is never automatic).
 */
import { prescriptionDateOf, regieDateOf, toEpochDay, type CreditSource, type IsoDate } from '@periscol/reservation-domain';
import type { RegieBooks } from './regie-books';
import { ERASED_NAME } from './regie-pack';

export interface CreditLotLine {
  readonly creditId: string;
  readonly source: CreditSource;
  readonly creditNoteNumber: string | null;
  /** The day the credit arose, in the town's time zone. */
  readonly issuedOn: IsoDate;
  readonly amountCents: number;
  readonly remainingCents: number;
  readonly ageDays: number;
  readonly prescriptionDate: IsoDate;
}

export interface FamilyCredit {
  readonly familyId: string;
  readonly name: string;
  readonly balanceCents: number;
  /** Credit held by orders awaiting payment or « OK » (not in the lots until they expire). */
  readonly heldCents: number;
  readonly lots: readonly CreditLotLine[];
}

export interface CreditStatement {
  readonly asOf: IsoDate;
  readonly families: readonly FamilyCredit[];
  readonly totalCents: number;
  readonly lotCount: number;
  /** Lots whose prescription date is on or before `asOf`. */
  readonly prescribableCents: number;
}

export function creditStatement(books: RegieBooks, asOf: IsoDate): CreditStatement {
  const families: FamilyCredit[] = [];
  let totalCents = 0;
  let lotCount = 0;
  let prescribableCents = 0;
  for (const familyId of [...books.families.keys()].sort()) {
    const state = books.families.get(familyId);
    if (!state || (state.openLots.length === 0 && state.heldCents === 0)) continue;
    const lots: CreditLotLine[] = [];
    for (const lot of state.openLots) {
      if (lot.remainingCents <= 0) continue;
      const credit = state.credits.get(lot.creditId);
      if (!credit) continue;
      const issuedOn = regieDateOf(credit.issuedAt, books.timeZone);
      const prescriptionDate = prescriptionDateOf(issuedOn);
      if (prescriptionDate <= asOf) prescribableCents += lot.remainingCents;
      lots.push({
        creditId: lot.creditId,
        source: credit.source,
        creditNoteNumber: credit.creditNoteNumber ?? null,
        issuedOn,
        amountCents: credit.amountCents,
        remainingCents: lot.remainingCents,
        ageDays: Math.max(0, toEpochDay(asOf) - toEpochDay(issuedOn)),
        prescriptionDate,
      });
    }
    const balanceCents = lots.reduce((sum, lot) => sum + lot.remainingCents, 0);
    totalCents += balanceCents;
    lotCount += lots.length;
    families.push({ familyId, name: books.names.get(familyId) ?? ERASED_NAME, balanceCents, heldCents: state.heldCents, lots });
  }
  return { asOf, families, totalCents, lotCount, prescribableCents };
}
