import type { StoredEvent } from '@periscol/event-store';
import type { FamilyCommand, FamilyState, PersonState, Refusal } from '@periscol/reservation-domain';
import type { Either } from 'fp-ts/Either';
import type { Actor } from '../platform/auth/actor';
import { ensureOwnedByActor } from '../platform/auth/family-access';

/** Who the system's own commands (tickets, credit notes, webhooks) are recorded as. */
export interface CommandActor {
  readonly userId: string;
  readonly role: string;
}

export interface FamilyCommandContext {
  readonly idempotencyKey: string;
  readonly actor: CommandActor;
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface FamilyCommandOutcome {
  readonly state: FamilyState;
  readonly events: readonly StoredEvent[];
  readonly position: number;
}

/**
 * What this folder needs to run a family command: the app's one command path
 * (`FamilyCommandRunner` of `@periscol/application`: command loop with retries, deterministic
 * event ids from the key, read-your-writes on the read models).
 */
export interface FamilyCommandPort {
  run(familyId: string, command: FamilyCommand, ctx: FamilyCommandContext): Promise<Either<Refusal, FamilyCommandOutcome>>;
}

export const TICKETS_ACTOR: CommandActor = { userId: 'system:tickets', role: 'system' };

/** What this folder needs from the read side (`FamilyReads` of `@periscol/application`). */
export interface FamilyReadPort {
  familyState(familyId: string): Promise<FamilyState | undefined>;
  person(familyId: string): Promise<PersonState | undefined>;
  findOrder(orderId: string): Promise<{ readonly familyId: string } | undefined>;
  findCancellation(cancellationId: string): Promise<{ readonly familyId: string } | undefined>;
  findPayment(paymentId: string): Promise<{ readonly familyId: string; readonly orderId: string } | undefined>;
}

/** Injection tokens, bound to `FamilyCommandRunner` and `FamilyReads` by the modules. */
export const FAMILY_COMMANDS = Symbol('FAMILY_COMMANDS');
export const FAMILY_READS = Symbol('FAMILY_READS');

/** The owner of a family's resource when the actor may see it; else the one 404 for unknown and not yours. */
export function requireOwned<T extends { readonly familyId: string }>(actor: Actor, owner: T | undefined, what: string): T {
  ensureOwnedByActor(actor, owner, what);
  return owner as T;
}
