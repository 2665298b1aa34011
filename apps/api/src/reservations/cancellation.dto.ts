import type { CancellationView } from '@periscol/reservation-domain';
import { z } from 'zod';

/** docs/http.md `Cancellation` (plus its reason and the credit it issued). */
export const cancellationSchema = z
  .object({
    cancellationId: z.string(),
    familyId: z.string(),
    lines: z.array(z.object({ childId: z.string(), activityId: z.string(), date: z.string(), creditCents: z.number().int() })),
    totalCents: z.number().int(),
    creditBalanceCents: z.number().int(),
    cancelledAt: z.string(),
    reason: z.enum(['parent', 'closure']),
    creditId: z.string().optional(),
    creditNoteNumber: z.string().optional(),
  })
  .meta({ id: 'Cancellation' });
export type CancellationDto = z.infer<typeof cancellationSchema>;

export function toCancellationDto(familyId: string, view: CancellationView): CancellationDto {
  return {
    cancellationId: view.cancellationId,
    familyId,
    lines: view.lines.map(({ childId, activityId, date, creditCents }) => ({ childId, activityId, date, creditCents })),
    totalCents: view.totalCents,
    creditBalanceCents: view.creditBalanceCents,
    cancelledAt: view.cancelledAt,
    reason: view.reason,
    ...(view.creditId === undefined ? {} : { creditId: view.creditId }),
    ...(view.creditNoteNumber === undefined ? {} : { creditNoteNumber: view.creditNoteNumber }),
  };
}
