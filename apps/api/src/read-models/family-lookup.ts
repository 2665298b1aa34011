import type { FamilyState } from '@periscol/reservation-domain';
import { Actor } from '../auth/actor';
import { ensureOwnedByActor } from '../auth/family-access';
import { notFound } from '../http/api-error';
import type { FamilyReadService } from './family-read.service';

/** The family's state, or the one 404 for unknown families. */
export async function requireFamilyState(reads: FamilyReadService, familyId: string): Promise<FamilyState> {
  const state = await reads.familyState(familyId);
  if (!state) throw notFound('Family not found');
  return state;
}

/** The family owning an order (404 when unknown or not the parent's). */
export async function ownerOfOrder(reads: FamilyReadService, actor: Actor, orderId: string): Promise<string> {
  const owner = await reads.findOrder(orderId);
  ensureOwnedByActor(actor, owner, 'Order');
  return (owner as { familyId: string }).familyId;
}

/** The family owning a cancellation (404 when unknown or not the parent's). */
export async function ownerOfCancellation(reads: FamilyReadService, actor: Actor, cancellationId: string): Promise<string> {
  const owner = await reads.findCancellation(cancellationId);
  ensureOwnedByActor(actor, owner, 'Cancellation');
  return (owner as { familyId: string }).familyId;
}
