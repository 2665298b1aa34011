import { WaitingList } from '@periscol/application';
import { catalogHasCapacity, type Catalog, type FamilyState } from '@periscol/reservation-domain';
import type { PlanningDto } from '../reservations/planning.dto';

/**
 * R23 on the planning: a free day with no place left for the child is `full` (« Complet »), with
 * its `waitingRank` when the child waits (« Liste d'attente (rang N) »); a pending day whose order
 * was made by an offer from the line has `offerExpiresAt`. Read from the places streams on every
 * call, after the planning cache: the line moves without the family's stream moving.
 */
export async function withPlaces(dto: PlanningDto, catalog: Catalog, state: FamilyState, waitingList: WaitingList): Promise<PlanningDto> {
  if (!catalogHasCapacity(catalog)) return dto;
  const slots = dto.children.flatMap((child) => child.days.flatMap((day) => day.slots.map((slot) => ({ childId: child.childId, activityId: slot.activityId, date: day.date }))));
  const places = await waitingList.dayPlaces(dto.familyId, slots);
  if (places.length === 0) return dto;
  const byKey = new Map(places.map((day) => [`${day.childId}|${day.activityId}|${day.date}`, day]));
  return {
    ...dto,
    children: dto.children.map((child) => ({
      ...child,
      days: child.days.map((day) => ({
        ...day,
        slots: day.slots.map((slot) => {
          const placesOfDay = byKey.get(`${child.childId}|${slot.activityId}|${day.date}`);
          if (!placesOfDay) return slot;
          if (slot.status === 'free' && !placesOfDay.placeFree) return { ...slot, full: true as const, ...(placesOfDay.rank > 0 ? { waitingRank: placesOfDay.rank } : {}) };
          if (slot.status === 'pending' && slot.orderId !== undefined && slot.orderId === placesOfDay.offeredOrderId) {
            const expiresAt = state.orders.get(slot.orderId)?.expiresAt;
            return expiresAt === undefined ? slot : { ...slot, offerExpiresAt: expiresAt };
          }
          return slot;
        }),
      })),
    })),
  };
}
