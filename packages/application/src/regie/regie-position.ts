/**
 * R18 — the régie's position on a day: its arrêté (file's `regie` section), who is in office, and
 * the cash it holds against its plafond d'encaisse. « Encaisse » here is every receipt the journal
 * lists on a day of the current versement period, up to today: what the régie collected (in its
 * safe, or on the régisseur's DFT account for online payments) and has not yet paid in to the
 * comptable, whose earlier periods went with their bordereau de versement (the monthly pack).
 */
import { cashPosition, regieOfficeOn, type CashPosition, type IsoDate, type OfficeHolder, type RegieArrete } from '@periscol/reservation-domain';
import { journalReceipts } from './regie-journal';
import type { RegieBooks } from './regie-books';

export interface RegiePosition {
  /** The town's date the position is read on. */
  readonly asOf: IsoDate;
  readonly arrete: RegieArrete['arrete'];
  readonly revenueTypes: readonly string[];
  readonly paymentMethods: RegieArrete['paymentMethods'];
  readonly versementFrequency: RegieArrete['versement']['frequency'];
  /** The régisseur in office on `asOf` (null between two), and the mandataires. */
  readonly regisseur: OfficeHolder | null;
  readonly mandataires: readonly OfficeHolder[];
  readonly cash: CashPosition;
}

export function regiePosition(books: RegieBooks, regie: RegieArrete, asOf: IsoDate): RegiePosition {
  const office = regieOfficeOn(regie, asOf);
  return {
    asOf,
    arrete: regie.arrete,
    revenueTypes: regie.revenueTypes,
    paymentMethods: regie.paymentMethods,
    versementFrequency: regie.versement.frequency,
    regisseur: office.regisseur,
    mandataires: office.mandataires,
    cash: cashPosition(regie, journalReceipts(books), asOf),
  };
}
