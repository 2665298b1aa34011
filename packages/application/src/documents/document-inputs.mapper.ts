/**
 * Read models → the inputs of `@periscol/documents`. Pure: the family's folded state, its person
 * record (identity, R17) and the catalog go in, a document input comes out. Names are resolved
 * here (« données effacées » once the person stream is gone: `null`), labels come from the
 * catalog, and every instant printed or stamped (`issuedAt`) comes from the events — never from
 * the clock — so a document regenerated from the same history has the same bytes.
 */
import { isLeft } from 'fp-ts/Either';
import type { CancellationDetailInput, FamilyInfo, MunicipalityInfo, OrderDetailInput, PaymentTicketInput, RecapInput, ReservedLine } from '@periscol/documents';
import { localDate } from '../catalog/local-date';
import { recapLayoutAt, type DocumentLayoutAdoption } from './document-layouts';
import {
  cancellationView,
  getActivity,
  orderView,
  recapView,
  tariffNote,
  type Catalog,
  type FamilyState,
  type Instant,
  type IsoDate,
  type PersonState,
  type ReservationLine,
} from '@periscol/reservation-domain';

/** What every document needs besides the family's state. */
export interface DocumentSources {
  readonly catalog: Catalog;
  /** Undefined once the person stream was deleted (R17). */
  readonly person: PersonState | undefined;
}

export function municipalityOf(catalog: Catalog): MunicipalityInfo {
  const { name, address } = catalog.municipality;
  return address === undefined ? { name } : { name, address };
}

export function familyInfo(familyId: string, person: PersonState | undefined): FamilyInfo {
  return { familyId, name: person?.name ?? null };
}

export function childNameOf(person: PersonState | undefined, childId: string): string | null {
  const child = person?.children.get(childId);
  return child ? `${child.firstName} ${child.lastName}` : null;
}

export function activityLabelOf(catalog: Catalog, activityId: string): string {
  return getActivity(catalog, activityId)?.label ?? activityId;
}

/** Each line with why its price is what it is (the frozen rule label in French, the grid's délibération). */
function reservedLines(sources: DocumentSources, lines: readonly ReservationLine[]): ReservedLine[] {
  return lines.map((line) => {
    const priceNote = tariffNote(sources.catalog, line.activityId, line.tariff);
    return {
      childId: line.childId,
      childName: childNameOf(sources.person, line.childId),
      activityLabel: activityLabelOf(sources.catalog, line.activityId),
      date: line.date,
      unitPriceCents: line.unitPriceCents,
      ...(priceNote ? { priceNote } : {}),
    };
  });
}

function parties(sources: DocumentSources, familyId: string) {
  return { municipality: municipalityOf(sources.catalog), family: familyInfo(familyId, sources.person), timeZone: sources.catalog.timezone };
}

/**
 * *Détail des réservations*. `now` only decides whether a pending order whose hold has run out
 * shows as expired (at its `expiresAt`, an instant of the events); `issuedAt` is the instant of
 * the order's last change: requested, confirmed or expired.
 */
export function orderDetailInput(sources: DocumentSources, state: FamilyState, orderId: string, now?: Instant): OrderDetailInput | undefined {
  const view = orderView(state, orderId, now);
  if (!view || state.status !== 'registered') return undefined;
  return {
    ...parties(sources, state.familyId),
    issuedAt: view.confirmedAt ?? view.expiredAt ?? view.requestedAt,
    order: {
      orderId: view.orderId,
      status: view.status,
      requestedAt: view.requestedAt,
      expiresAt: view.expiresAt,
      lines: reservedLines(sources, view.lines),
      totalCents: view.totalCents,
      creditAppliedCents: view.creditAppliedCents,
      amountDueCents: view.amountDueCents,
    },
  };
}

/** *Détail des annulations*, with its credit note number once numbered (issuedAt: the numbering). */
export function cancellationDetailInput(sources: DocumentSources, state: FamilyState, cancellationId: string): CancellationDetailInput | undefined {
  const view = cancellationView(state, cancellationId);
  if (!view || state.status !== 'registered') return undefined;
  const noteIssuedAt = view.creditId === undefined ? undefined : state.credits.get(view.creditId)?.creditNoteIssuedAt;
  return {
    ...parties(sources, state.familyId),
    issuedAt: noteIssuedAt ?? view.cancelledAt,
    cancellation: {
      cancellationId: view.cancellationId,
      ...(view.creditNoteNumber === undefined ? {} : { creditNoteNumber: view.creditNoteNumber }),
      cancelledAt: view.cancelledAt,
      lines: view.lines.map((line) => ({
        childName: childNameOf(sources.person, line.childId),
        activityLabel: activityLabelOf(sources.catalog, line.activityId),
        date: line.date,
        creditCents: line.creditCents,
      })),
      totalCents: view.totalCents,
      creditBalanceCents: view.creditBalanceCents,
    },
  };
}

/** Label of the one line of a ticket for a payment that could not confirm its order (R7): it became credit. */
export const CREDITED_PAYMENT_LABEL = 'Paiement porté en avoir';

/**
 * *Ticket de paiement* of a numbered payment (undefined until its ticket is issued). A payment
 * that confirmed its order lists the order's lines; one that became a credit (R7: order expired
 * and a slot taken meanwhile, or an amount that did not match) has a single line saying so, for
 * the amount received.
 */
export function paymentTicketInput(sources: DocumentSources, state: FamilyState, paymentId: string): PaymentTicketInput | undefined {
  const payment = state.payments.get(paymentId);
  if (state.status !== 'registered' || payment?.status !== 'confirmed' || payment.paidAt === undefined) return undefined;
  if (payment.ticketNumber === undefined || payment.ticketIssuedAt === undefined) return undefined;
  const order = state.orders.get(payment.orderId);
  const confirmsOrder = payment.outcome === 'order_confirmed' && order !== undefined;
  const lines: ReservedLine[] = confirmsOrder
    ? reservedLines(sources, order.lines)
    : [
        {
          childId: state.familyId,
          childName: sources.person?.name ?? null,
          activityLabel: CREDITED_PAYMENT_LABEL,
          date: localDate(payment.paidAt, sources.catalog.timezone),
          unitPriceCents: payment.amountCents,
        },
      ];
  const totalCents = confirmsOrder ? order.totalCents : payment.amountCents;
  const creditAppliedCents = confirmsOrder ? order.creditAppliedCents : 0;
  return {
    ...parties(sources, state.familyId),
    issuedAt: payment.ticketIssuedAt,
    ticket: {
      ticketNumber: payment.ticketNumber,
      paymentId,
      orderId: payment.orderId,
      paidAt: payment.paidAt,
      amountCents: payment.amountCents,
      provider: payment.provider,
      lines,
      totalCents,
      creditAppliedCents,
      amountPaidCents: totalCents - creditAppliedCents,
    },
  };
}

/**
 * *Récapitulatif des inscriptions périscolaires* over a period: the confirmed reservations of
 * that period; `issuedAt` is the last change of what it shows (a confirmation or a cancellation
 * touching the period), else the family's registration. Its layout is the one in force at
 * `issuedAt` (`layouts`: the store's adoptions; none → layout 1, as recaps were first issued);
 * from layout 2 on, the municipality file's closed dates are shaded.
 */
export function recapInput(
  sources: DocumentSources,
  state: FamilyState,
  period: { readonly from: IsoDate; readonly to: IsoDate },
  layouts: readonly DocumentLayoutAdoption[] = [],
): RecapInput | undefined {
  if (state.status !== 'registered') return undefined;
  const recap = recapView(sources.catalog, state, period);
  if (isLeft(recap)) return undefined;
  const view = recap.right;
  const issuedAt = lastChangeWithin(state, period) ?? state.registeredAt;
  const layout = recapLayoutAt(layouts, issuedAt);
  return {
    ...parties(sources, state.familyId),
    issuedAt,
    ...(layout === 1 ? {} : { layout, holidays: sources.catalog.closedDates.map(({ from, to, label }) => ({ from, to, label })) }),
    period: { from: view.from, to: view.to },
    children: view.children.map((child) => ({
      childId: child.childId,
      childName: childNameOf(sources.person, child.childId),
      activities: child.activities.map((activity) => ({ activityLabel: activity.label, dates: activity.dates, totalCents: activity.totalCents })),
    })),
  };
}

function lastChangeWithin(state: FamilyState, period: { readonly from: IsoDate; readonly to: IsoDate }): Instant | undefined {
  let latest: Instant | undefined;
  const consider = (at: Instant | undefined) => {
    if (at !== undefined && (latest === undefined || Date.parse(at) > Date.parse(latest))) latest = at;
  };
  const touches = (lines: readonly { readonly date: IsoDate }[]) => lines.some((line) => line.date >= period.from && line.date <= period.to);
  state.orders.forEach((order) => {
    if (order.status === 'confirmed' && touches(order.lines)) consider(order.confirmedAt);
  });
  state.cancellations.forEach((cancellation) => {
    if (touches(cancellation.lines)) consider(cancellation.cancelledAt);
  });
  return latest;
}
