import { childrenByRank, familyStateAt } from '@periscol/reservation-domain';
import type { FamilyState, PersonState } from '@periscol/reservation-domain';
import { z } from 'zod';

/**
 * docs/http.md `Family`: the financial stream's facts joined with the person stream's identity
 * (R17). Once the identity is erased, its fields are null and `personalDataErased` is true.
 */
export const familySchema = z
  .object({
    familyId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    quotientFamilial: z.number().nullable(),
    /** The QF's attestation date (null when none was ever recorded). */
    quotientFamilialEffectiveAt: z.string().nullable(),
    resident: z.boolean(),
    children: z.array(
      z.object({
        childId: z.string(),
        firstName: z.string().nullable(),
        lastName: z.string().nullable(),
        school: z.string().nullable(),
        grade: z.string().nullable(),
        activityIds: z.array(z.string()),
        /** Under a medical protocol (PAI) with a packed lunch: priced at the grid's PAI price (R3). */
        medicalProtocol: z.boolean(),
        /** The child's own QF (a fostered child), which prices its days instead of the family's; null: the family's. */
        ownQuotientFamilial: z.number().nullable(),
      }),
    ),
    creditBalanceCents: z.number().int(),
    heldCreditCents: z.number().int(),
    registeredAt: z.string().nullable(),
    personalDataErased: z.boolean(),
  })
  .meta({ id: 'Family' });
export type FamilyDto = z.infer<typeof familySchema>;

/** The family as of `now`: a pending order whose hold is over no longer holds credit (R6). */
export function toFamilyDto(familyId: string, stored: FamilyState, person: PersonState | undefined, now: Date): FamilyDto {
  const state = familyStateAt(stored, now.toISOString());
  const registration = state.status === 'registered' ? state : undefined;
  return {
    familyId,
    name: person?.name ?? null,
    email: person?.email ?? null,
    address: person?.address ?? null,
    quotientFamilial: person?.quotientFamilial ?? null,
    quotientFamilialEffectiveAt: person?.quotientFamilialEffectiveAt ?? null,
    resident: registration?.resident ?? true,
    children: childrenByRank(state).map((child) => {
      const identity = person?.children.get(child.childId);
      return {
        childId: child.childId,
        firstName: identity?.firstName ?? null,
        lastName: identity?.lastName ?? null,
        school: identity?.school ?? null,
        grade: identity?.grade ?? null,
        activityIds: [...child.activityIds],
        medicalProtocol: identity?.medicalProtocol === true,
        ownQuotientFamilial: identity?.quotientFamilial ?? null,
      };
    }),
    creditBalanceCents: state.balanceCents,
    heldCreditCents: state.heldCents,
    registeredAt: registration?.registeredAt ?? null,
    personalDataErased: registration !== undefined && registration.erasedAt !== null,
  };
}
