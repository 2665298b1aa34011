/**
 * R18 — the régie's journal: every closed day still matches the figures recorded when it was
 * closed, and days were closed in order. (Receipt numbers without gap: the numbering check, R8.)
 */
import type { EventStore } from '@periscol/event-store';
import { checkRegieBooks, readRegieBooks, REGIE_STREAM } from '@periscol/application';
import { ViolationList, type AuditCheck } from './audit-report';

export const REGIE_CHECK_NAME = 'régie journal: closed days match their recorded figures (R18)';

export async function checkRegie(store: EventStore, timeZone: string, maxViolations = 100): Promise<AuditCheck> {
  const books = await readRegieBooks(store, timeZone);
  const violations = new ViolationList(maxViolations);
  for (const finding of checkRegieBooks(books)) violations.add({ code: finding.code, message: finding.message, streamId: REGIE_STREAM });
  return violations.check('regie', REGIE_CHECK_NAME, `${books.closings.length} day(s) closed, ${books.receipts.length} receipt(s)`);
}
