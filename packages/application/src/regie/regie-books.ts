/**
 * The régie's books read from the history (R18): every receipt (a confirmed payment, numbered by
 * its payment ticket, R8), the days closed in the `regie-journal` stream, the families' names
 * for the liste nominative and their credit lots for the état des avoirs. One pass over the
 * store's global order; everything else in this folder is a pure function of what it gathers,
 * so the API and the auditor's `verify` compute the same figures.
 */
import type { EventStore, StoredEvent } from '@periscol/event-store';
import {
  foldFamily,
  paymentMethodOf,
  readRegieDayClosed,
  regieDateOf,
  type FamilyEvent,
  type FamilyState,
  type IsoDate,
  type PaymentMethod,
  type PaymentProvider,
  type RegieDayClosedData,
} from '@periscol/reservation-domain';
import { familyEventOf, personEventOf } from '../events/event-decoding';
import { FAMILY_STREAM_PREFIX, PERSON_STREAM_PREFIX, REGIE_STREAM } from '../streams/stream-names';

/** What a receipt brought in for the revenue of one activity, or `credit` (a payment credited, R7). */
export type RevenueType = string;
export const CREDITED_REVENUE: RevenueType = 'avoir';

export interface Receipt {
  readonly familyId: string;
  readonly paymentId: string;
  readonly orderId: string;
  readonly provider: PaymentProvider;
  readonly providerReference: string | null;
  readonly method: PaymentMethod;
  readonly amountCents: number;
  readonly paidAt: string;
  /** The payment's date in the town's time zone. */
  readonly date: IsoDate;
  /** The payment ticket's number (R8); null until numbered. */
  readonly receiptNumber: string | null;
  readonly outcome: 'order_confirmed' | 'credited';
  /** The store's global position of its `PaymentConfirmed`. */
  readonly position: number;
  /** The amount split by revenue type (the order's activities, pro rata of their prices). */
  readonly revenue: Readonly<Record<RevenueType, number>>;
}

export interface RegieBooks {
  readonly timeZone: string;
  /** Every receipt, in the store's order. */
  readonly receipts: readonly Receipt[];
  /** The days closed, by date. */
  readonly closings: readonly RegieDayClosedData[];
  /** The family's name for the liste nominative; null once erased (R17) or never recorded. */
  readonly names: ReadonlyMap<string, string | null>;
  /** Every family's folded state (credit lots for the état des avoirs, the ledger). */
  readonly families: ReadonlyMap<string, FamilyState>;
  /** The last position read. */
  readonly position: number;
}

/** Splits `amount` over the order's activities in proportion to their prices; the rest of the rounding goes to the first. */
function splitByActivity(amount: number, lines: readonly { readonly activityId: string; readonly unitPriceCents: number }[] | undefined): Record<RevenueType, number> {
  const byActivity = new Map<string, number>();
  for (const line of lines ?? []) byActivity.set(line.activityId, (byActivity.get(line.activityId) ?? 0) + line.unitPriceCents);
  const total = [...byActivity.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return { [CREDITED_REVENUE]: amount };
  const activities = [...byActivity.keys()].sort();
  const out: Record<RevenueType, number> = {};
  let given = 0;
  for (const activityId of activities) {
    const share = Number((BigInt(amount) * BigInt(byActivity.get(activityId) as number)) / BigInt(total));
    out[activityId] = share;
    given += share;
  }
  out[activities[0]] += amount - given;
  return out;
}

/** Gathers the régie's books event by event, in the store's global order. */
export class RegieBooksBuilder {
  private readonly receipts: (Omit<Receipt, 'receiptNumber'> & { receiptNumber: string | null })[] = [];
  private readonly byPayment = new Map<string, number>();
  private readonly tickets = new Map<string, string>();
  private readonly orderLines = new Map<string, readonly { activityId: string; unitPriceCents: number }[]>();
  private readonly closings: RegieDayClosedData[] = [];
  private readonly names = new Map<string, string | null>();
  private readonly erased = new Set<string>();
  private readonly familyEvents = new Map<string, FamilyEvent[]>();
  private position = 0;

  constructor(private readonly timeZone: string) {}

  push(events: readonly StoredEvent[]): void {
    for (const stored of events) {
      this.position = Math.max(this.position, stored.position);
      if (stored.streamId === REGIE_STREAM) {
        this.closings.push(readRegieDayClosed(stored).data);
      } else if (stored.streamId.startsWith(FAMILY_STREAM_PREFIX)) {
        this.pushFamily(stored.streamId.slice(FAMILY_STREAM_PREFIX.length), familyEventOf(stored), stored.position);
      } else if (stored.streamId.startsWith(PERSON_STREAM_PREFIX)) {
        const event = personEventOf(stored);
        if (event.type === 'FamilyIdentityRecorded') this.names.set(stored.streamId.slice(PERSON_STREAM_PREFIX.length), event.data.name);
      }
    }
  }

  private pushFamily(familyId: string, event: FamilyEvent, position: number): void {
    let list = this.familyEvents.get(familyId);
    if (!list) this.familyEvents.set(familyId, (list = []));
    list.push(event);
    const key = (paymentId: string) => `${familyId}\u0000${paymentId}`;
    switch (event.type) {
      case 'ReservationRequested':
        this.orderLines.set(`${familyId}\u0000${event.data.orderId}`, event.data.lines);
        break;
      case 'PaymentConfirmed': {
        const { paymentId, orderId, provider, amountCents, paidAt, outcome, providerReference, method } = event.data;
        const revenue = outcome === 'credited' ? { [CREDITED_REVENUE]: amountCents } : splitByActivity(amountCents, this.orderLines.get(`${familyId}\u0000${orderId}`));
        this.byPayment.set(key(paymentId), this.receipts.length);
        this.receipts.push({
          familyId,
          paymentId,
          orderId,
          provider,
          providerReference: providerReference ?? null,
          method: paymentMethodOf(provider, method),
          amountCents,
          paidAt,
          date: regieDateOf(paidAt, this.timeZone),
          receiptNumber: this.tickets.get(key(paymentId)) ?? null,
          outcome,
          position,
          revenue,
        });
        break;
      }
      case 'PaymentTicketIssued': {
        this.tickets.set(key(event.data.paymentId), event.data.ticketNumber);
        const index = this.byPayment.get(key(event.data.paymentId));
        if (index !== undefined) this.receipts[index].receiptNumber = event.data.ticketNumber;
        break;
      }
      case 'PersonalDataErased':
        this.erased.add(familyId);
        break;
      default:
        break;
    }
  }

  finish(): RegieBooks {
    const names = new Map<string, string | null>();
    const families = new Map<string, FamilyState>();
    for (const [familyId, events] of this.familyEvents) {
      families.set(familyId, foldFamily(events));
      names.set(familyId, this.erased.has(familyId) ? null : (this.names.get(familyId) ?? null));
    }
    return {
      timeZone: this.timeZone,
      receipts: this.receipts,
      closings: [...this.closings].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      names,
      families,
      position: this.position,
    };
  }
}

/** Reads the régie's books from the whole history, up to `upTo` (default: the head when called). */
export async function readRegieBooks(store: EventStore, timeZone: string, options: { readonly upTo?: number; readonly pageSize?: number } = {}): Promise<RegieBooks> {
  const upTo = options.upTo ?? (await store.headPosition());
  const pageSize = options.pageSize ?? 5_000;
  const builder = new RegieBooksBuilder(timeZone);
  let after = 0;
  while (after < upTo) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) break;
    const within = page.filter((event) => event.position <= upTo);
    builder.push(within);
    after = page[page.length - 1].position;
    if (within.length < page.length) break;
  }
  const books = builder.finish();
  return { ...books, position: upTo };
}
