/**
 * What the régie's arrêté constitutif allows (docs/rules.md R18): which payment starts it takes,
 * who is in office on a day, and how much cash it holds against its plafond d'encaisse. Pure
 * functions of the arrêté (the municipality file's `regie` section) and of the journal.
 */
import type { OfficeHolder, RegieArrete } from '../catalog/catalog.types';
import type { PaymentProvider } from '../family/family.events';
import { addDays, fromEpochDay, isoWeekday, toEpochDay, civilFromDays, daysFromCivil, type IsoDate } from '../shared/iso-date';
import type { PaymentMethod } from './regie-day-closed.event';

/** The journal's methods a provider's payment may end up as: PayFiP is paid by card or by direct debit on its own page. */
const METHODS_OF_PROVIDER: { readonly [P in PaymentProvider]: readonly PaymentMethod[] } = {
  payfip: ['card', 'direct_debit', 'payfip'],
  stripe: ['stripe'],
  simulated: ['simulated'],
};

/** Whether the arrêté accepts a payment started with `provider`: one of the methods it may end up as is listed. */
export function regieAcceptsProvider(regie: RegieArrete, provider: PaymentProvider): boolean {
  return METHODS_OF_PROVIDER[provider].some((method) => regie.paymentMethods.includes(method));
}

/** The activities of `activityIds` the régie does not collect, sorted, each once. */
export function revenueTypesOutside(regie: RegieArrete, activityIds: readonly string[]): string[] {
  return [...new Set(activityIds.filter((id) => !regie.revenueTypes.includes(id)))].sort();
}

const inOffice = (holder: OfficeHolder, date: IsoDate) => holder.from <= date && (holder.to === undefined || date <= holder.to);

/** Who holds the régie on `date`: the régisseur in office (null between two) and the mandataires. */
export function regieOfficeOn(regie: RegieArrete, date: IsoDate): { regisseur: OfficeHolder | null; mandataires: OfficeHolder[] } {
  return { regisseur: regie.regisseurs.find((holder) => inOffice(holder, date)) ?? null, mandataires: regie.mandataires.filter((holder) => inOffice(holder, date)) };
}

/** The alert shows from this share of the plafond when the arrêté sets no threshold. */
export const DEFAULT_ALERT_PERCENT = 80;

export type CashLevel = 'ok' | 'near' | 'over';

export interface CashPosition {
  /** The first day of the current versement period: what was collected before was paid in with its bordereau. */
  readonly since: IsoDate;
  /** The last day of the current period: the versement is due by then at the latest. */
  readonly dueBy: IsoDate;
  readonly cashHeldCents: number;
  readonly receiptCount: number;
  readonly plafondCents: number;
  readonly thresholdCents: number;
  /** cashHeld / plafond in whole percent, rounded down (the alert never shows late). */
  readonly percentOfPlafond: number;
  /** `near` from the threshold, `over` once the plafond is reached. */
  readonly level: CashLevel;
  /** A versement is due now (near or over the plafond), before the period's end. */
  readonly versementDue: boolean;
}

/** The first and last days of the versement period holding `today`: its ISO week, or its calendar month. */
export function versementPeriod(frequency: RegieArrete['versement']['frequency'], today: IsoDate): { since: IsoDate; dueBy: IsoDate } {
  if (frequency === 'weekly') {
    const since = addDays(today, 1 - isoWeekday(today));
    return { since, dueBy: addDays(since, 6) };
  }
  const { year, month } = civilFromDays(toEpochDay(today));
  const since = fromEpochDay(daysFromCivil(year, month, 1));
  const next = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
  return { since, dueBy: fromEpochDay(next - 1) };
}

/**
 * The régie's cash position on `today` (the town's date): every receipt the journal lists on a day
 * of the current versement period up to today (`journalDate`: a late receipt counts on the open
 * day it is listed on). Receipts of earlier periods were paid in with their bordereau de
 * versement. Money received online sits on the régisseur's DFT account until paid in: it counts.
 */
export function cashPosition(regie: RegieArrete, receipts: readonly { readonly journalDate: IsoDate; readonly amountCents: number }[], today: IsoDate): CashPosition {
  const { since, dueBy } = versementPeriod(regie.versement.frequency, today);
  let cashHeldCents = 0;
  let receiptCount = 0;
  for (const receipt of receipts) {
    if (receipt.journalDate < since || receipt.journalDate > today) continue;
    cashHeldCents += receipt.amountCents;
    receiptCount += 1;
  }
  const plafondCents = regie.plafondEncaisseCents;
  const thresholdCents = regie.versement.thresholdCents ?? Math.ceil((plafondCents * DEFAULT_ALERT_PERCENT) / 100);
  const level: CashLevel = cashHeldCents >= plafondCents ? 'over' : cashHeldCents >= thresholdCents ? 'near' : 'ok';
  return {
    since,
    dueBy,
    cashHeldCents,
    receiptCount,
    plafondCents,
    thresholdCents,
    percentOfPlafond: Math.floor((cashHeldCents * 100) / plafondCents),
    level,
    versementDue: level !== 'ok',
  };
}
