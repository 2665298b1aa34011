/**
 * R18 — the journal: receipts per day by payment method, with totals. A closed day shows the
 * figures recorded when it was closed. A receipt dated on a closed day but recorded after the
 * closing (a provider's late notification) is late: it is listed — with its own date — on the
 * first day closed after it was recorded, or, until then, on the next open day (the day after
 * the last one closed). So a closed day never changes, and every receipt is in one day.
 */
import { addDays, parseDocumentNumber, type IsoDate, type PaymentMethod, type RegieDayClosedData, type RegieDayFigures } from '@periscol/reservation-domain';
import type { Receipt, RegieBooks } from './regie-books';

export interface JournalReceipt extends Receipt {
  /** The day of the journal that accounts it. */
  readonly journalDate: IsoDate;
  /** Dated on a day closed before it was recorded. */
  readonly late: boolean;
}

export interface JournalDay {
  readonly date: IsoDate;
  readonly status: 'open' | 'closed';
  readonly closedAt: string | null;
  /** The receipts the day accounts, late ones included, by receipt number. */
  readonly receipts: readonly JournalReceipt[];
  readonly totalsByMethod: Readonly<Partial<Record<PaymentMethod, number>>>;
  readonly totalCents: number;
  readonly receiptCount: number;
  readonly firstReceipt: string | null;
  readonly lastReceipt: string | null;
}

/** Orders receipt numbers by year then sequence; unnumbered last. */
export function compareReceiptNumbers(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = parseDocumentNumber(a);
  const pb = parseDocumentNumber(b);
  if (pa && pb) return pa.year - pb.year || pa.sequence - pb.sequence;
  return a < b ? -1 : 1;
}

/** The journal day of each receipt (see the file's comment). */
export function journalReceipts(books: RegieBooks): JournalReceipt[] {
  const closings = books.closings;
  const byDate = new Map(closings.map((closing) => [closing.date, closing]));
  const nextOpen = closings.length > 0 ? addDays(closings[closings.length - 1].date, 1) : null;
  return books.receipts.map((receipt) => {
    const closing = byDate.get(receipt.date);
    if (!closing || receipt.position <= closing.asOfPosition) return { ...receipt, journalDate: receipt.date, late: false };
    const taker = closings.find((later) => later.date > receipt.date && later.asOfPosition >= receipt.position);
    return { ...receipt, journalDate: taker ? taker.date : (nextOpen as IsoDate), late: true };
  });
}

export interface DayTotals {
  readonly totalsByMethod: Partial<Record<PaymentMethod, number>>;
  readonly totalCents: number;
  readonly receiptCount: number;
  readonly firstReceipt: string | null;
  readonly lastReceipt: string | null;
  readonly unnumbered: number;
}

export function totalsOf(receipts: readonly Receipt[]): DayTotals {
  const totalsByMethod: Partial<Record<PaymentMethod, number>> = {};
  let totalCents = 0;
  let first: string | null = null;
  let last: string | null = null;
  let unnumbered = 0;
  for (const receipt of receipts) {
    totalsByMethod[receipt.method] = (totalsByMethod[receipt.method] ?? 0) + receipt.amountCents;
    totalCents += receipt.amountCents;
    if (receipt.receiptNumber === null) unnumbered++;
    else {
      if (first === null || compareReceiptNumbers(receipt.receiptNumber, first) < 0) first = receipt.receiptNumber;
      if (last === null || compareReceiptNumbers(receipt.receiptNumber, last) > 0) last = receipt.receiptNumber;
    }
  }
  return { totalsByMethod: sortedMethods(totalsByMethod), totalCents, receiptCount: receipts.length, firstReceipt: first, lastReceipt: last, unnumbered };
}

function sortedMethods(totals: Partial<Record<PaymentMethod, number>>): Partial<Record<PaymentMethod, number>> {
  return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function byNumber(a: JournalReceipt, b: JournalReceipt): number {
  return compareReceiptNumbers(a.receiptNumber, b.receiptNumber) || a.position - b.position;
}

/** The journal's days from `from` to `to` (inclusive), every day listed. */
export function journalDays(books: RegieBooks, from: IsoDate, to: IsoDate, receipts: readonly JournalReceipt[] = journalReceipts(books)): JournalDay[] {
  const closings = new Map<IsoDate, RegieDayClosedData>(books.closings.map((closing) => [closing.date, closing]));
  const byDay = new Map<IsoDate, JournalReceipt[]>();
  for (const receipt of receipts) {
    if (receipt.journalDate < from || receipt.journalDate > to) continue;
    const list = byDay.get(receipt.journalDate) ?? [];
    list.push(receipt);
    byDay.set(receipt.journalDate, list);
  }
  const days: JournalDay[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const list = (byDay.get(date) ?? []).sort(byNumber);
    const closing = closings.get(date);
    if (closing) {
      const { totalsByMethod, totalCents, receiptCount, firstReceipt, lastReceipt, closedAt } = closing;
      days.push({ date, status: 'closed', closedAt, receipts: list, totalsByMethod, totalCents, receiptCount, firstReceipt, lastReceipt });
    } else {
      const { unnumbered: _, ...totals } = totalsOf(list);
      days.push({ date, status: 'open', closedAt: null, receipts: list, ...totals });
    }
  }
  return days;
}

/** The figures a closing of `date` records now (the command's input; the domain decides). */
export function closingFigures(books: RegieBooks, date: IsoDate): RegieDayFigures {
  const receipts = journalReceipts(books).filter((receipt) => receipt.journalDate === date);
  const { unnumbered, ...totals } = totalsOf(receipts);
  return { ...totals, unnumberedReceipts: unnumbered, asOfPosition: books.position };
}
