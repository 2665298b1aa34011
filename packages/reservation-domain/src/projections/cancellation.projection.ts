import type { Cents, Instant } from '../shared';
import { familyIdOf, type CancellationLine, type FamilyState } from '../family';

/** docs/http.md `Cancellation`, plus the credit it issued. */
export interface CancellationView {
  readonly cancellationId: string;
  readonly familyId: string | null;
  readonly lines: readonly CancellationLine[];
  readonly totalCents: Cents;
  /** The balance right after this cancellation credited the family (stable: for its document). */
  readonly creditBalanceCents: Cents;
  readonly cancelledAt: Instant;
  readonly reason: 'parent' | 'closure';
  readonly creditId?: string;
  readonly creditNoteNumber?: string;
}

export function cancellationView(state: FamilyState, cancellationId: string): CancellationView | undefined {
  const cancellation = state.cancellations.get(cancellationId);
  if (!cancellation) return undefined;
  const creditNoteNumber = cancellation.creditId ? state.credits.get(cancellation.creditId)?.creditNoteNumber : undefined;
  return {
    cancellationId,
    familyId: familyIdOf(state),
    lines: cancellation.lines,
    totalCents: cancellation.totalCents,
    creditBalanceCents: cancellation.balanceAfterCents,
    cancelledAt: cancellation.cancelledAt,
    reason: cancellation.reason,
    ...(cancellation.creditId === undefined ? {} : { creditId: cancellation.creditId }),
    ...(creditNoteNumber === undefined ? {} : { creditNoteNumber }),
  };
}
