import type { OrderView } from '@periscol/reservation-domain';
import { z } from 'zod';

/** docs/http.md `Order` (plus when it was confirmed or expired, and how). */
export const orderSchema = z
  .object({
    orderId: z.string(),
    familyId: z.string(),
    status: z.enum(['awaiting_payment', 'awaiting_confirmation', 'confirmed', 'expired']),
    lines: z.array(z.object({ childId: z.string(), activityId: z.string(), date: z.string(), unitPriceCents: z.number().int() })),
    totalCents: z.number().int(),
    creditAppliedCents: z.number().int(),
    amountDueCents: z.number().int(),
    requestedAt: z.string(),
    expiresAt: z.string(),
    action: z.enum(['pay', 'ok', 'none']),
    confirmedAt: z.string().optional(),
    confirmedVia: z.enum(['credit', 'payment']).optional(),
    paymentId: z.string().optional(),
    ticketNumber: z.string().optional(),
    expiredAt: z.string().optional(),
    expiryReason: z.enum(['timeout', 'abandoned', 'closure']).optional(),
  })
  .meta({ id: 'Order' });
export type OrderDto = z.infer<typeof orderSchema>;

export function toOrderDto(familyId: string, view: OrderView): OrderDto {
  return {
    orderId: view.orderId,
    familyId,
    status: view.status,
    lines: view.lines.map(({ childId, activityId, date, unitPriceCents }) => ({ childId, activityId, date, unitPriceCents })),
    totalCents: view.totalCents,
    creditAppliedCents: view.creditAppliedCents,
    amountDueCents: view.amountDueCents,
    requestedAt: view.requestedAt,
    expiresAt: view.expiresAt,
    action: view.action,
    ...(view.confirmedAt === undefined ? {} : { confirmedAt: view.confirmedAt }),
    ...(view.confirmedVia === undefined ? {} : { confirmedVia: view.confirmedVia }),
    ...(view.paymentId === undefined ? {} : { paymentId: view.paymentId }),
    ...(view.ticketNumber === undefined ? {} : { ticketNumber: view.ticketNumber }),
    ...(view.expiredAt === undefined ? {} : { expiredAt: view.expiredAt }),
    ...(view.expiryReason === undefined ? {} : { expiryReason: view.expiryReason }),
  };
}
