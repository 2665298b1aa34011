/**
 * Late booking (docs/rules.md §2, R2, R3): a town that allows it accepts a request after the
 * reservation deadline, up to its hard limit (`lateBooking.until`), at a late price that is never
 * below the normal price and never above the bound on a price. The reservation line records it
 * in its tariff label (`…+tardif-plus50%`), which the documents read as « tarif majoré —
 * réservation tardive ».
 */
import { DEFAULT_MAX_AMOUNT_CENTS, type Cents } from '../shared/money';
import type { IsoDate } from '../shared/iso-date';
import type { Catalog, LatePrice, SlotPrice } from './catalog.types';
import { lateBookingLimit, reservationDeadline } from './deadline';
import { getActivity } from './load-catalog';

/** The late price of a slot whose normal price is `normalCents`: bounded integer cents, at least the normal price. */
export function latePriceCents(normalCents: Cents, price: LatePrice): Cents {
  let late: number;
  if ('surchargePercent' in price) late = normalCents + Math.floor((normalCents * price.surchargePercent + 50) / 100);
  else if ('surchargeCents' in price) late = normalCents + price.surchargeCents;
  else late = price.priceCents;
  return Math.max(normalCents, Math.min(late, DEFAULT_MAX_AMOUNT_CENTS));
}

/** The part a late booking adds to a line's tariff label: why its price is what it is. */
export function lateTariffLabel(price: LatePrice): string {
  if ('surchargePercent' in price) return `tardif-plus${price.surchargePercent}%`;
  if ('surchargeCents' in price) return `tardif-plus${price.surchargeCents}c`;
  return 'tardif-prix';
}

/** Whether booking `date` at `nowMs` is a late booking: after the reservation deadline, not after the town's hard limit. */
export function isLateBooking(catalog: Catalog, activityId: string, date: IsoDate, nowMs: number): boolean {
  const limit = getActivity(catalog, activityId) ? lateBookingLimit(catalog, activityId, date) : null;
  return limit !== null && nowMs > Date.parse(reservationDeadline(catalog, activityId, date)) && nowMs <= Date.parse(limit);
}

/** A slot's normal price turned into its late price, the label saying so. */
export function withLatePrice(catalog: Catalog, activityId: string, normal: SlotPrice): SlotPrice {
  const late = getActivity(catalog, activityId)?.lateBooking;
  if (!late) return normal;
  return {
    ...normal,
    unitPriceCents: latePriceCents(normal.unitPriceCents, late.price),
    tariff: { ...normal.tariff, bracket: `${normal.tariff.bracket}+${lateTariffLabel(late.price)}` },
  };
}
