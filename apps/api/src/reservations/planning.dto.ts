import type { PersonState, PlanningView } from '@periscol/reservation-domain';
import { z } from 'zod';

export const planningSlotStatusSchema = z.enum(['free', 'pending', 'reserved', 'closed', 'locked']);

/** docs/http.md planning (`GET /api/families/:familyId/planning`), plus the child's first name, the slot's deadlines and why a day is closed. */
export const planningSchema = z
  .object({
    familyId: z.string(),
    week: z.string(),
    children: z.array(
      z.object({
        childId: z.string(),
        firstName: z.string().nullable(),
        days: z.array(
          z.object({
            date: z.string(),
            slots: z.array(
              z.object({
                activityId: z.string(),
                status: planningSlotStatusSchema,
                priceCents: z.number().int().nullable(),
                orderId: z.string().optional(),
                reservationDeadline: z.string().nullable(),
                cancellationDeadline: z.string().nullable(),
                cancellable: z.boolean(),
                closedReason: z.string().optional(),
                lateBookingUntil: z.string().optional().meta({ description: 'When the town takes late bookings of this activity: the last instant one is accepted.' }),
                late: z.literal(true).optional().meta({ description: 'A free day past its deadline, bookable late: priceCents is the late price.' }),
                normalPriceCents: z.number().int().optional().meta({ description: 'With late: the price before the deadline.' }),
                full: z.literal(true).optional().meta({ description: 'R23: a free day with no place left for this child (the waiting list is served first).' }),
                waitingRank: z.number().int().min(1).optional().meta({ description: 'R23: the child waits for a place that day, at this rank (1 = first).' }),
                offerExpiresAt: z.string().optional().meta({ description: 'R23: a pending day offered from the waiting list: held until then, to pay or confirm.' }),
              }),
            ),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Planning' });
export type PlanningDto = z.infer<typeof planningSchema>;

export function toPlanningDto(familyId: string, view: PlanningView, person: PersonState | undefined): PlanningDto {
  return {
    familyId,
    week: view.week,
    children: view.children.map((child) => ({
      childId: child.childId,
      firstName: person?.children.get(child.childId)?.firstName ?? null,
      days: child.days.map((day) => ({
        date: day.date,
        slots: day.slots.map((slot) => ({
          activityId: slot.activityId,
          status: slot.status,
          priceCents: slot.priceCents,
          ...(slot.orderId === undefined ? {} : { orderId: slot.orderId }),
          reservationDeadline: slot.reservationDeadline,
          cancellationDeadline: slot.cancellationDeadline,
          cancellable: slot.cancellable,
          ...(slot.closedReason === undefined ? {} : { closedReason: slot.closedReason }),
          ...(slot.lateBookingUntil === undefined ? {} : { lateBookingUntil: slot.lateBookingUntil }),
          ...(slot.late === undefined ? {} : { late: slot.late, normalPriceCents: slot.normalPriceCents }),
        })),
      })),
    })),
  };
}
