/**
 * R9 and R14 (docs/rules.md): a cancellation — a parent's or a closure's — and the credit it
 * issues, worth the unit prices at which the slots were reserved. Nothing to credit: no credit.
 */
import type { Cents, Instant } from '../../shared';
import type { CancellationLine, CreditIssued, FamilyEvent, ReservationCancelled } from '../family.events';

export function cancellationEvents(
  familyId: string,
  cancellationId: string,
  creditId: string,
  lines: readonly CancellationLine[],
  totalCents: Cents,
  now: Instant,
  reason: 'parent' | 'closure',
): FamilyEvent[] {
  const cancelled: ReservationCancelled = {
    type: 'ReservationCancelled',
    data: { cancellationId, familyId, lines, totalCents, cancelledAt: now, reason },
  };
  if (totalCents === 0) return [cancelled];
  const credit: CreditIssued = {
    type: 'CreditIssued',
    data: {
      creditId,
      familyId,
      amountCents: totalCents,
      source: reason === 'parent' ? 'cancellation' : 'closure',
      sourceId: cancellationId,
      issuedAt: now,
    },
  };
  return [cancelled, credit];
}
