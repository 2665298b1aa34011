/**
 * The monthly closing pack for the comptable (R18): the état récapitulatif des recettes
 * encaissées (totals by revenue type and payment method), the liste nominative des parties
 * versantes (payer, receipt number, amount, date) and the bordereau de versement (what is paid
 * in). A month holds the receipts its journal days account (a late receipt counts on the day
 * that listed it), so the pack's totals are the journal's.
 */
import { addDays, type IsoDate, type PaymentMethod } from '@periscol/reservation-domain';
import type { RegieBooks } from './regie-books';
import { compareReceiptNumbers, journalDays, journalReceipts, type JournalDay } from './regie-journal';

export const ERASED_NAME = 'données effacées';

export interface PackPayer {
  readonly receiptNumber: string | null;
  /** The payment's own date (a late receipt keeps it). */
  readonly date: IsoDate;
  readonly journalDate: IsoDate;
  readonly late: boolean;
  readonly familyId: string;
  /** The family's name, « données effacées » once erased (R17). */
  readonly payer: string;
  readonly method: PaymentMethod;
  readonly amountCents: number;
}

export interface PackRevenueLine {
  readonly revenueType: string;
  readonly byMethod: Readonly<Partial<Record<PaymentMethod, number>>>;
  readonly totalCents: number;
}

export interface MonthlyPack {
  readonly month: string;
  /** The latest instant the pack speaks for (a receipt's payment, a day's closing): documents are dated by it, never by the clock. */
  readonly asOf: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly byRevenue: readonly PackRevenueLine[];
  readonly byMethod: Readonly<Partial<Record<PaymentMethod, number>>>;
  readonly totalCents: number;
  readonly receiptCount: number;
  readonly firstReceipt: string | null;
  readonly lastReceipt: string | null;
  readonly payers: readonly PackPayer[];
  /** Days of the month closed, and those still open with receipts. */
  readonly closedDays: number;
  readonly openDaysWithReceipts: readonly IsoDate[];
  /** The bordereau de versement: what the régisseur pays in to the comptable, by method. */
  readonly bordereau: { readonly lines: readonly { readonly method: PaymentMethod; readonly receiptCount: number; readonly amountCents: number }[]; readonly totalCents: number };
}

export function monthBounds(month: string): { from: IsoDate; to: IsoDate } {
  const from = `${month}-01`;
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

const sortKeys = <V>(record: Record<string, V>): Record<string, V> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));

export function monthlyPack(books: RegieBooks, month: string): MonthlyPack {
  const { from, to } = monthBounds(month);
  const receipts = journalReceipts(books);
  const days: JournalDay[] = journalDays(books, from, to, receipts);
  const inMonth = days.flatMap((day) => day.receipts);
  const byRevenue = new Map<string, Partial<Record<PaymentMethod, number>>>();
  const byMethod: Partial<Record<PaymentMethod, number>> = {};
  const counts: Partial<Record<PaymentMethod, number>> = {};
  for (const receipt of inMonth) {
    byMethod[receipt.method] = (byMethod[receipt.method] ?? 0) + receipt.amountCents;
    counts[receipt.method] = (counts[receipt.method] ?? 0) + 1;
    for (const [revenueType, cents] of Object.entries(receipt.revenue)) {
      const line = byRevenue.get(revenueType) ?? {};
      line[receipt.method] = (line[receipt.method] ?? 0) + cents;
      byRevenue.set(revenueType, line);
    }
  }
  const payers = [...inMonth]
    .sort((a, b) => compareReceiptNumbers(a.receiptNumber, b.receiptNumber) || a.position - b.position)
    .map((receipt) => ({
      receiptNumber: receipt.receiptNumber,
      date: receipt.date,
      journalDate: receipt.journalDate,
      late: receipt.late,
      familyId: receipt.familyId,
      payer: books.names.get(receipt.familyId) ?? ERASED_NAME,
      method: receipt.method,
      amountCents: receipt.amountCents,
    }));
  const totalCents = inMonth.reduce((sum, receipt) => sum + receipt.amountCents, 0);
  const numbered = payers.filter((payer) => payer.receiptNumber !== null);
  const methods = Object.keys(sortKeys(byMethod)) as PaymentMethod[];
  const instants = [...inMonth.map((receipt) => receipt.paidAt), ...days.flatMap((day) => (day.closedAt ? [day.closedAt] : []))];
  const asOf = instants.reduce((latest, instant) => (Date.parse(instant) > Date.parse(latest) ? instant : latest), `${from}T00:00:00.000Z`);
  return {
    month,
    asOf: new Date(asOf).toISOString(),
    from,
    to,
    byRevenue: [...byRevenue.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([revenueType, line]) => ({ revenueType, byMethod: sortKeys(line), totalCents: Object.values(line).reduce((a, b) => a + (b ?? 0), 0) })),
    byMethod: sortKeys(byMethod),
    totalCents,
    receiptCount: inMonth.length,
    firstReceipt: numbered[0]?.receiptNumber ?? null,
    lastReceipt: numbered[numbered.length - 1]?.receiptNumber ?? null,
    payers,
    closedDays: days.filter((day) => day.status === 'closed').length,
    openDaysWithReceipts: days.filter((day) => day.status === 'open' && day.receipts.length > 0).map((day) => day.date),
    bordereau: { lines: methods.map((method) => ({ method, receiptCount: counts[method] ?? 0, amountCents: byMethod[method] ?? 0 })), totalCents },
  };
}
