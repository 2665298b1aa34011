/**
 * Reconciliation, day by day: the payments the providers reported (the API's payment inbox and
 * the simulated site's records, `providerPayments`) against the receipts of the journal. Every
 * difference is listed: a provider payment without a receipt (`missing_receipt`), a receipt no
 * provider reported (`receipt_without_provider_payment`), one provider payment with several
 * receipts (`duplicate_receipt`), an amount that differs (`amount_mismatch`). The day is the
 * provider's payment time in the town's time zone.
 */
import { regieDateOf, type IsoDate } from '@periscol/reservation-domain';
import type { ProviderPayment } from '../payments/payment-records.schema';
import type { Receipt, RegieBooks } from './regie-books';

export type ReconciliationDifferenceKind = 'missing_receipt' | 'receipt_without_provider_payment' | 'duplicate_receipt' | 'amount_mismatch';

export interface ReconciliationDifference {
  readonly kind: ReconciliationDifferenceKind;
  readonly date: IsoDate;
  readonly provider: string;
  readonly providerPaymentId: string | null;
  readonly familyId: string;
  readonly paymentId: string;
  readonly receiptNumbers: readonly (string | null)[];
  readonly providerAmountCents: number | null;
  readonly receiptAmountCents: number | null;
}

export interface ReconciliationDay {
  readonly date: IsoDate;
  readonly providerCount: number;
  readonly providerCents: number;
  readonly receiptCount: number;
  readonly receiptCents: number;
  readonly differences: readonly ReconciliationDifference[];
}

export interface Reconciliation {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly ok: boolean;
  readonly days: readonly ReconciliationDay[];
}

/** A receipt's provider payment: its provider reference, else (for payments recorded without one) its family and payment id. */
const receiptKey = (receipt: Receipt): string =>
  receipt.providerReference !== null ? `${receipt.provider}\u0000ref\u0000${receipt.providerReference}` : `${receipt.provider}\u0000pay\u0000${receipt.familyId}\u0000${receipt.paymentId}`;

export function reconcile(books: RegieBooks, reported: readonly ProviderPayment[], from: IsoDate, to: IsoDate): Reconciliation {
  const receiptsByKey = new Map<string, Receipt[]>();
  for (const receipt of books.receipts) {
    const key = receiptKey(receipt);
    receiptsByKey.set(key, [...(receiptsByKey.get(key) ?? []), receipt]);
  }
  const days = new Map<IsoDate, { providerCount: number; providerCents: number; receiptCount: number; receiptCents: number; differences: ReconciliationDifference[] }>();
  const day = (date: IsoDate) => {
    let entry = days.get(date);
    if (!entry) days.set(date, (entry = { providerCount: 0, providerCents: 0, receiptCount: 0, receiptCents: 0, differences: [] }));
    return entry;
  };
  const inRange = (date: IsoDate) => date >= from && date <= to;
  const matched = new Set<Receipt>();

  for (const payment of reported) {
    const date = regieDateOf(payment.paidAt, books.timeZone);
    const byRef = receiptsByKey.get(`${payment.provider}\u0000ref\u0000${payment.providerPaymentId}`);
    const found = byRef ?? receiptsByKey.get(`${payment.provider}\u0000pay\u0000${payment.familyId}\u0000${payment.paymentId}`) ?? [];
    for (const receipt of found) matched.add(receipt);
    if (!inRange(date)) continue;
    const entry = day(date);
    entry.providerCount++;
    entry.providerCents += payment.amountCents;
    const base = { date, provider: payment.provider, providerPaymentId: payment.providerPaymentId, familyId: payment.familyId, paymentId: payment.paymentId, providerAmountCents: payment.amountCents };
    const receiptAmount = found.reduce((sum, receipt) => sum + receipt.amountCents, 0);
    const numbers = found.map((receipt) => receipt.receiptNumber);
    if (found.length === 0) entry.differences.push({ kind: 'missing_receipt', ...base, receiptNumbers: [], receiptAmountCents: null });
    else if (found.length > 1) entry.differences.push({ kind: 'duplicate_receipt', ...base, receiptNumbers: numbers, receiptAmountCents: receiptAmount });
    else if (receiptAmount !== payment.amountCents) entry.differences.push({ kind: 'amount_mismatch', ...base, receiptNumbers: numbers, receiptAmountCents: receiptAmount });
  }
  for (const receipt of books.receipts) {
    if (!inRange(receipt.date)) continue;
    const entry = day(receipt.date);
    entry.receiptCount++;
    entry.receiptCents += receipt.amountCents;
    if (!matched.has(receipt)) {
      entry.differences.push({
        kind: 'receipt_without_provider_payment',
        date: receipt.date,
        provider: receipt.provider,
        providerPaymentId: receipt.providerReference,
        familyId: receipt.familyId,
        paymentId: receipt.paymentId,
        receiptNumbers: [receipt.receiptNumber],
        providerAmountCents: null,
        receiptAmountCents: receipt.amountCents,
      });
    }
  }
  const list = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, entry]) => ({ date, ...entry }));
  return { from, to, ok: list.every((entry) => entry.differences.length === 0), days: list };
}
