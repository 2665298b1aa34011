import type { FamilyState } from '@periscol/reservation-domain';
import { Actor } from '../platform/auth/actor';
import { ensureOwnedByActor } from '../platform/auth/family-access';
import { notFound } from '../platform/http/api-error';
import type { FamilyReads } from '@periscol/application';

/** The family's state, or the one 404 for unknown families. */
export async function requireFamilyState(reads: FamilyReads, familyId: string): Promise<FamilyState> {
  const state = await reads.familyState(familyId);
  if (!state) throw notFound('Family not found');
  return state;
}

/** The family owning an order (404 when unknown or not the parent's). */
export async function ownerOfOrder(reads: FamilyReads, actor: Actor, orderId: string): Promise<string> {
  const owner = await reads.findOrder(orderId);
  ensureOwnedByActor(actor, owner, 'Order');
  return (owner as { familyId: string }).familyId;
}

/** The family owning a cancellation (404 when unknown or not the parent's). */
export async function ownerOfCancellation(reads: FamilyReads, actor: Actor, cancellationId: string): Promise<string> {
  const owner = await reads.findCancellation(cancellationId);
  ensureOwnedByActor(actor, owner, 'Cancellation');
  return (owner as { familyId: string }).familyId;
}
