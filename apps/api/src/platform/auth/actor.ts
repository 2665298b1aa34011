import { z } from 'zod';

export const ROLES = ['parent', 'admin', 'auditor', 'regisseur', 'agent'] as const;
export type Role = (typeof ROLES)[number];

/** Ids in tokens and paths: letters, digits, '-', '_' (no spaces, no slashes). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const idSchema = z.string().regex(ID_PATTERN, { message: 'must be 1 to 64 letters, digits, "-" or "_"' });

/** The JWT claims the API issues and accepts. A parent is bound to exactly one family. */
export const tokenClaimsSchema = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1).max(128), role: z.literal('parent'), familyId: idSchema }),
  z.object({ sub: z.string().min(1).max(128), role: z.literal('admin'), familyId: z.undefined().optional() }),
  z.object({ sub: z.string().min(1).max(128), role: z.literal('auditor'), familyId: z.undefined().optional() }),
  // The régisseur de recettes: keeps the régie's journal (closes its days) and reads its books.
  z.object({ sub: z.string().min(1).max(128), role: z.literal('regisseur'), familyId: z.undefined().optional() }),
  // A municipal agent of the back office: families (search, file, registration, QF) and attendance; not closures.
  z.object({ sub: z.string().min(1).max(128), role: z.literal('agent'), familyId: z.undefined().optional() }),
]);
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

/** Who is calling, as handlers see it (and as events record it in `metadata.actor`). */
export type Actor =
  | { readonly userId: string; readonly role: 'parent'; readonly familyId: string }
  | { readonly userId: string; readonly role: 'admin' | 'auditor' | 'regisseur' | 'agent'; readonly familyId?: undefined };

export function actorFromClaims(claims: TokenClaims): Actor {
  return claims.role === 'parent' ? { userId: claims.sub, role: 'parent', familyId: claims.familyId } : { userId: claims.sub, role: claims.role };
}

/** The `{ userId, role }` pair stamped into event metadata. */
export function eventActor(actor: Actor): { userId: string; role: Role } {
  return { userId: actor.userId, role: actor.role };
}
