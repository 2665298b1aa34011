import { getActivity, type AbsencePolicy, type AbsenceState, type Catalog, type FamilyState } from '@periscol/reservation-domain';
import { z } from 'zod';

/**
 * R22: an absence as the API shows it. No name, no file: what a parent's or an agent's POST
 * answers with (stored for replays, R12, so without personal data beyond the history's own).
 */
export const absenceSchema = z
  .object({
    absenceId: z.string(),
    familyId: z.string(),
    childId: z.string(),
    activityId: z.string(),
    activityLabel: z.string(),
    date: z.string(),
    unitPriceCents: z.number().int(),
    proof: z.object({ mediaType: z.string(), sizeBytes: z.number().int(), sha256: z.string() }),
    declaredAt: z.string(),
    status: z.enum(['pending', 'accepted', 'refused']),
    decidedAt: z.string().nullable(),
    refusalReason: z.string().nullable(),
    /** Accepted: what was credited (0 when the town credits nothing). */
    creditCents: z.number().int().nullable(),
    creditId: z.string().nullable(),
    /** The credit note's number, once numbered (a moment after the acceptance). */
    creditNoteNumber: z.string().nullable(),
  })
  .meta({ id: 'Absence' });
export type AbsenceDto = z.infer<typeof absenceSchema>;

/** For the agents' list: who it is about (read from the person stream, never stored). */
export const absenceForAgentsSchema = absenceSchema.extend({ familyName: z.string().nullable(), childName: z.string().nullable() }).meta({ id: 'AbsenceForAgents' });
export type AbsenceForAgentsDto = z.infer<typeof absenceForAgentsSchema>;

export const absenceRuleSchema = z
  .object({
    activities: z.array(z.object({ activityId: z.string(), label: z.string() })),
    graceDays: z.number().int(),
    proofTypes: z.array(z.string()),
    maxProofBytes: z.number().int(),
    credit: z.enum(['reservedPrice', 'none']),
  })
  .meta({ id: 'AbsenceRule' });

export function toAbsenceDto(familyId: string, catalog: Catalog, state: FamilyState, absence: AbsenceState): AbsenceDto {
  const credit = absence.creditId === undefined ? undefined : state.credits.get(absence.creditId);
  return {
    absenceId: absence.absenceId,
    familyId,
    childId: absence.childId,
    activityId: absence.activityId,
    activityLabel: getActivity(catalog, absence.activityId)?.label ?? absence.activityId,
    date: absence.date,
    unitPriceCents: absence.unitPriceCents,
    proof: { mediaType: absence.proof.mediaType, sizeBytes: absence.proof.sizeBytes, sha256: absence.proof.sha256 },
    declaredAt: absence.declaredAt,
    status: absence.status,
    decidedAt: absence.decidedAt ?? null,
    refusalReason: absence.refusalReason ?? null,
    creditCents: absence.status === 'accepted' ? (absence.creditCents ?? 0) : null,
    creditId: absence.creditId ?? null,
    creditNoteNumber: credit?.creditNoteNumber ?? null,
  };
}

export function absenceRuleOf(catalog: Catalog, policy: AbsencePolicy | undefined): z.infer<typeof absenceRuleSchema> | null {
  if (!policy) return null;
  return {
    activities: policy.activities.map((activityId) => ({ activityId, label: getActivity(catalog, activityId)?.label ?? activityId })),
    graceDays: policy.graceDays,
    proofTypes: [...policy.proofTypes],
    maxProofBytes: policy.maxProofBytes,
    credit: policy.credit,
  };
}

/** Newest declaration first. */
export function byDeclaredDesc(a: { declaredAt: string; absenceId: string }, b: { declaredAt: string; absenceId: string }): number {
  return a.declaredAt === b.declaredAt ? (a.absenceId < b.absenceId ? 1 : -1) : a.declaredAt < b.declaredAt ? 1 : -1;
}
