import { LocalDateSchema, ValidIsoWeekSchema } from '@periscol/reservation-domain';
import { z } from 'zod';
import { idSchema } from '../auth/actor';

/**
 * Zod pieces shared by the controllers' `*.schemas.ts` files (docs/http.md §1, conventions).
 * Named ones (`.meta({ id })`) appear once in the OpenAPI components.
 */

export { idSchema };

/** `YYYY-MM-DD`, a real calendar date. */
// Dates and weeks that exist in the calendar (years 2000–2100), as the domain accepts them.
export const isoDateSchema = LocalDateSchema;

/** ISO week `2026-W50`. */
export const isoWeekSchema = ValidIsoWeekSchema;

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
