/**
 * What `verify` checks of the régie's books (R18): every closed day still matches the figures
 * recorded when it was closed (recomputed from the receipts recorded up to its closing, late ones
 * included), and days were closed in order. Receipt numbers without gaps are the numbering
 * check's (R8).
 */
import { addDays } from '@periscol/reservation-domain';
import type { RegieBooks } from './regie-books';
import { journalReceipts, totalsOf } from './regie-journal';

export interface RegieFinding {
  readonly code: 'REGIE_DAY_DIFFERS' | 'REGIE_DAYS_OUT_OF_ORDER';
  readonly message: string;
  readonly date: string;
}

export function checkRegieBooks(books: RegieBooks): RegieFinding[] {
  const findings: RegieFinding[] = [];
  const receipts = journalReceipts(books);
  let previous: string | null = null;
  for (const closing of books.closings) {
    if (previous !== null && closing.date !== addDays(previous, 1)) {
      findings.push({ code: 'REGIE_DAYS_OUT_OF_ORDER', date: closing.date, message: `${closing.date} was closed after ${previous}, not the day after it` });
    }
    previous = closing.date;
    const { unnumbered: _, ...now } = totalsOf(receipts.filter((receipt) => receipt.journalDate === closing.date));
    const recorded = { totalsByMethod: closing.totalsByMethod, totalCents: closing.totalCents, receiptCount: closing.receiptCount, firstReceipt: closing.firstReceipt, lastReceipt: closing.lastReceipt };
    if (JSON.stringify(sorted(recorded)) !== JSON.stringify(sorted(now))) {
      findings.push({ code: 'REGIE_DAY_DIFFERS', date: closing.date, message: `the journal of ${closing.date} was closed with ${JSON.stringify(recorded)} but its receipts now give ${JSON.stringify(now)}` });
    }
  }
  return findings;
}

function sorted(value: { totalsByMethod: object } & Record<string, unknown>): unknown {
  return { ...value, totalsByMethod: Object.fromEntries(Object.entries(value.totalsByMethod).sort(([a], [b]) => (a < b ? -1 : 1))) };
}
