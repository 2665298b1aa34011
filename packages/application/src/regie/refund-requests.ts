/**
 * The refund requests of every family (R19), newest first, with the family's name and credit
 * balance now: what the régisseur follows and an administrator decides on. Read from the régie's
 * books, like the état des avoirs.
 */
import type { FamilyState, RefundRequestState } from '@periscol/reservation-domain';
import type { RegieBooks } from './regie-books';
import { ERASED_NAME } from './regie-pack';

export type RefundRequestStatus = RefundRequestState['status'];

export interface RefundRequestLine {
  readonly requestId: string;
  readonly familyId: string;
  readonly name: string;
  readonly amountCents: number;
  readonly reason: string;
  readonly creditIds: readonly string[];
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly status: RefundRequestStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly rejectionReason: string | null;
  /** The family's credit balance now. */
  readonly balanceCents: number;
}

/** One request as listed; `name` null once the family's personal data was erased (R17). */
export function refundRequestLineOf(familyId: string, name: string | null, state: FamilyState, request: RefundRequestState): RefundRequestLine {
  return {
    requestId: request.requestId,
    familyId,
    name: name ?? ERASED_NAME,
    amountCents: request.amountCents,
    reason: request.reason,
    creditIds: request.creditIds,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    status: request.status,
    decidedBy: request.decidedBy ?? null,
    decidedAt: request.decidedAt ?? null,
    rejectionReason: request.rejectionReason ?? null,
    balanceCents: state.balanceCents,
  };
}

export function refundRequestList(books: RegieBooks, status?: RefundRequestStatus): RefundRequestLine[] {
  const lines: RefundRequestLine[] = [];
  for (const [familyId, state] of books.families) {
    state.refundRequests.forEach((request) => {
      if (status === undefined || request.status === status) lines.push(refundRequestLineOf(familyId, books.names.get(familyId) ?? null, state, request));
    });
  }
  return lines.sort((a, b) => (a.requestedAt === b.requestedAt ? a.requestId.localeCompare(b.requestId) : a.requestedAt < b.requestedAt ? 1 : -1));
}
