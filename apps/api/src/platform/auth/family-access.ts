import { ApiError } from '../http/api-error';
import type { Actor } from './actor';

/**
 * A parent sees only their own family; admins and auditors see every family (their route roles
 * already limit what they may do). Anything else is answered `404 NOT_FOUND` — never 403 and
 * never the data, so a parent cannot even learn that another family id exists.
 */
export function canSeeFamily(actor: Actor, familyId: string): boolean {
  return actor.role !== 'parent' || actor.familyId === familyId;
}

/** For routes with a `:familyId` (the auth guard already calls it for those). */
export function ensureFamilyAccess(actor: Actor, familyId: string): void {
  if (!canSeeFamily(actor, familyId)) throw new ApiError('NOT_FOUND', 'Family not found');
}

/**
 * For resources owned by a family (orders, cancellations, payments): call it with the owner read
 * from the resource. `owner` undefined (resource unknown) is the same 404 as "not yours".
 */
export function ensureOwnedByActor(actor: Actor, owner: { familyId: string } | undefined | null, what = 'Resource'): void {
  if (!owner || !canSeeFamily(actor, owner.familyId)) throw new ApiError('NOT_FOUND', `${what} not found`);
}
