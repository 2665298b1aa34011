/**
 * What a family paid for its children's care, year by year, for the attestation fiscale de frais
 * de garde (docs/rules.md, R21). Pure: a fold over the family stream's events and the catalog.
 *
 * Counted: the days of a childcare activity of the catalog (`childcare: true`; never the
 * canteen: meals are excluded by the tax rules) whose order was confirmed in the year, at the
 * part of their frozen price the family paid — with money (the payment of the order) or with
 * credit that came from money (a payment credited, a cancelled day the family had paid).
 * Goodwill credit was not paid by the family and is never counted; a refund takes the family's
 * money back out of its credit first, so refunded money pays no counted day.
 *
 * The family's credit is one pool in which the part that came from money not yet counted is
 * kept apart (`paidPool`): credit applied to an order, or refunded, takes that part first. A day
 * cancelled in the year it was confirmed gives its paid part back to the pool (it is no longer
 * paid care, and counts again where the credit is spent); a day cancelled in a later year stays
 * counted in the year it was confirmed (that year's certificate may already be issued) and its
 * credit is not counted a second time.
 */
import type { Catalog } from '../catalog/catalog.types';
import type { FamilyEvent, ReservationLine } from '../family/family.events';
import { numberingYearOf } from '../numbering/numbering-year';

/** Cents of childcare paid, by year then by child. */
export type ChildcarePaidByYear = ReadonlyMap<number, ReadonlyMap<string, number>>;

interface OrderTrack {
  readonly lines: readonly ReservationLine[];
  readonly creditAppliedCents: number;
  readonly amountDueCents: number;
  status: 'pending' | 'expired' | 'confirmed';
  /** Money-backed credit the order holds while pending. */
  heldPaidCents: number;
}

/** A confirmed day: the year it was paid in and the part of its price the family paid. */
interface CountedDay {
  readonly year: number;
  readonly cents: number;
}

const slotKey = (childId: string, activityId: string, date: string) => `${childId}|${activityId}|${date}`;

/**
 * Shares `paidCents` over the lines in proportion to their prices, in whole cents (largest
 * remainder, ties to the earlier line): the shares add up to `paidCents` exactly.
 */
export function sharePaid(prices: readonly number[], paidCents: number): number[] {
  const total = prices.reduce((sum, price) => sum + price, 0);
  if (total === 0 || paidCents === 0) return prices.map(() => 0);
  // BigInt: prices and sums may reach 10¹² cents, whose products a double cannot hold exactly.
  const exact = prices.map((price) => BigInt(price) * BigInt(paidCents));
  const shares = exact.map((value) => Number(value / BigInt(total)));
  let left = paidCents - shares.reduce((sum, share) => sum + share, 0);
  const order = exact.map((value, index) => ({ index, remainder: value % BigInt(total) })).sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left === 0) break;
    shares[index] += 1;
    left -= 1;
  }
  return shares;
}

export function childcarePaidByYear(events: readonly FamilyEvent[], catalog: Catalog, timeZone: string = catalog.timezone): ChildcarePaidByYear {
  const childcare = new Set(catalog.activities.filter((activity) => activity.childcare === true).map((activity) => activity.id));
  const orders = new Map<string, OrderTrack>();
  const counted = new Map<string, CountedDay>();
  const byYear = new Map<number, Map<string, number>>();
  let paidPool = 0;

  const add = (year: number, childId: string, cents: number) => {
    let children = byYear.get(year);
    if (!children) byYear.set(year, (children = new Map()));
    children.set(childId, (children.get(childId) ?? 0) + cents);
  };
  const takePaid = (cents: number) => {
    const taken = Math.min(cents, paidPool);
    paidPool -= taken;
    return taken;
  };

  for (const event of events) {
    switch (event.type) {
      case 'ReservationRequested': {
        const { orderId, lines, creditAppliedCents, amountDueCents } = event.data;
        if (orders.has(orderId)) break;
        orders.set(orderId, { lines, creditAppliedCents, amountDueCents, status: 'pending', heldPaidCents: takePaid(creditAppliedCents) });
        break;
      }
      case 'ReservationExpired': {
        const order = orders.get(event.data.orderId);
        if (!order || order.status !== 'pending') break;
        paidPool += order.heldPaidCents;
        order.heldPaidCents = 0;
        order.status = 'expired';
        break;
      }
      case 'ReservationConfirmed': {
        const order = orders.get(event.data.orderId);
        if (!order || order.status === 'confirmed') break;
        // A late payment confirms an expired order: its credit is applied again (R7).
        const heldPaid = order.status === 'expired' ? takePaid(order.creditAppliedCents) : order.heldPaidCents;
        const money = event.data.via === 'payment' ? order.amountDueCents : 0;
        order.status = 'confirmed';
        order.heldPaidCents = 0;
        const year = numberingYearOf(event.data.confirmedAt, timeZone);
        const shares = sharePaid(order.lines.map((line) => line.unitPriceCents), money + heldPaid);
        order.lines.forEach((line, index) => {
          const cents = shares[index];
          counted.set(slotKey(line.childId, line.activityId, line.date), { year, cents });
          if (childcare.has(line.activityId) && cents > 0) add(year, line.childId, cents);
        });
        break;
      }
      case 'ReservationCancelled': {
        const year = numberingYearOf(event.data.cancelledAt, timeZone);
        for (const line of event.data.lines) {
          const key = slotKey(line.childId, line.activityId, line.date);
          const day = counted.get(key);
          if (!day) continue;
          counted.delete(key);
          const care = childcare.has(line.activityId);
          // A care day counted in an earlier year stays counted there; its credit is not counted twice.
          if (care && day.year !== year) continue;
          // Otherwise its money is credit again, not care (a canteen day's never was).
          paidPool += day.cents;
          if (care && day.cents > 0) add(year, line.childId, -day.cents);
        }
        break;
      }
      case 'CreditIssued':
        if (event.data.source === 'unapplied_payment') paidPool += event.data.amountCents;
        break;
      case 'CreditRefunded':
        takePaid(event.data.amountCents);
        break;
      default:
        break;
    }
  }
  // A day paid then cancelled within the year leaves its child at 0: not a line of the year.
  for (const [year, children] of byYear) {
    for (const [childId, cents] of children) if (cents === 0) children.delete(childId);
    if (children.size === 0) byYear.delete(year);
  }
  return byYear;
}
