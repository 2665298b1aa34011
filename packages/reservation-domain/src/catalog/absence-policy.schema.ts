import { z } from 'zod';

/**
 * R22 (docs/rules.md): absence with proof. After a day's cancellation deadline a parent may still
 * declare the child absent, with a proof (a medical certificate), within `graceDays` after the
 * absent day; an agent accepts or refuses it, and an accepted absence credits the day at the
 * price it was reserved at, like a cancellation (R9).
 */

/** Proof files a town may accept; the API reads the type from the file's first bytes, never from the client. */
export const ABSENCE_PROOF_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AbsenceProofType = (typeof ABSENCE_PROOF_TYPES)[number];

/** The largest proof a town may accept (10 Mio): the API never buffers more than this. */
export const MAX_ABSENCE_PROOF_BYTES = 10 * 1024 * 1024;
/** At most two months to declare an absence after the day. */
export const MAX_ABSENCE_GRACE_DAYS = 60;

export const AbsencePolicySchema = z
  .strictObject({
    activities: z
      .array(z.string())
      .min(1)
      .meta({ description: 'Les activités pour lesquelles une absence justifiée peut être signalée : identifiants des activités du fichier.' }),
    graceDays: z
      .number()
      .int()
      .min(0)
      .max(MAX_ABSENCE_GRACE_DAYS)
      .meta({ description: 'Jours accordés après le jour d’absence pour la signaler, heure locale : 0 = jusqu’à la fin du jour même, 10 = jusqu’au dixième jour après, à 23:59.' }),
    proofTypes: z
      .array(z.enum(ABSENCE_PROOF_TYPES))
      .min(1)
      .default([...ABSENCE_PROOF_TYPES])
      .meta({ description: 'Justificatifs acceptés : "application/pdf", "image/jpeg", "image/png" (le type est lu dans le fichier lui-même).' }),
    maxProofBytes: z
      .number()
      .int()
      .min(1024)
      .max(MAX_ABSENCE_PROOF_BYTES)
      .default(5 * 1024 * 1024)
      .meta({ description: 'Taille maximale d’un justificatif, en octets (5 Mo = 5242880 ; au plus 10485760).' }),
    credit: z
      .enum(['reservedPrice', 'none'])
      .default('reservedPrice')
      .meta({ description: 'Ce qu’une absence acceptée rend : "reservedPrice" (le jour est annulé et porté en avoir au prix réservé, la règle habituelle) ou "none" (l’absence est excusée, rien n’est rendu).' }),
  })
  .meta({ description: 'Absence justifiée : après le délai d’annulation, le parent signale l’absence de l’enfant avec un justificatif ; un agent l’accepte ou la refuse.' });

export type AbsencePolicyFile = z.infer<typeof AbsencePolicySchema>;

type IssueAt = (path: (string | number)[], message: string) => void;

/** What the section cannot say alone: known activities, no repeats. */
export function checkAbsencePolicy(policy: AbsencePolicyFile, activityIds: readonly string[], issue: IssueAt): void {
  const known = new Set(activityIds);
  const seen = new Set<string>();
  policy.activities.forEach((id, i) => {
    if (seen.has(id)) issue(['absences', 'activities', i], `"${id}" is listed twice; remove one`);
    seen.add(id);
    if (!known.has(id)) issue(['absences', 'activities', i], `"${id}" is not an activity of this file; write one of ${activityIds.map((a) => `"${a}"`).join(', ')}`);
  });
  const types = new Set<string>();
  policy.proofTypes.forEach((type, i) => {
    if (types.has(type)) issue(['absences', 'proofTypes', i], `"${type}" is listed twice; remove one`);
    types.add(type);
  });
}
