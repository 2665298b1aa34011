import { z } from 'zod';
import { idSchema } from '../auth/actor';

/**
 * Zod pieces shared by the controllers' `*.schemas.ts` files (HTTP.md conventions).
 * Named ones (`.meta({ id })`) appear once in the OpenAPI components.
 */

export { idSchema };

/** `YYYY-MM-DD`, a real calendar date. */
export const isoDateSchema = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/** ISO week `2026-W50`. */
export const isoWeekSchema = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, { message: 'must be an ISO week such as 2026-W50' });

/** Integer euro cents (R1). */
export const centsSchema = z.number().int({ message: 'must be a whole number of cents' });

export const slotSchema = z.object({ childId: idSchema, activityId: idSchema, date: isoDateSchema }).meta({ id: 'Slot' });
export type SlotInput = z.infer<typeof slotSchema>;

/** Lists that page: `limit` (1–1000, default 100) and an opaque `after` cursor; answers carry `next`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().max(200).optional(),
});

export const familyParamsSchema = z.object({ familyId: idSchema });
