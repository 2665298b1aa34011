/**
 * « Historique »: one entry per event of `family-<familyId>`, with a French sentence a parent
 * understands. Only the financial stream is read, so an entry never holds personal data (R17):
 * ids, dates, amounts and document numbers. Pure: the same events give the same entries.
 */
import type { StoredEvent } from '@periscol/event-store';
import { formatEuros, getActivity } from '@periscol/reservation-domain';
import type { Catalog, FamilyEvent, FamilyState } from '@periscol/reservation-domain';
import { z } from 'zod';
import { familyEventOf } from '@periscol/application';
import { formatLongDate } from '@periscol/documents';

export const historyEntrySchema = z.object({
  /** Global position in the store (the audit log's order). */
  position: z.number().int(),
  /** Revision in the family stream: the paging cursor. */
  revision: z.number().int(),
  /** When it happened (the event's own instant: a payment's is the provider's payment time). */
  at: z.string(),
  type: z.string(),
  summary: z.string(),
  amountCents: z.number().int().optional(),
  orderId: z.string().optional(),
  cancellationId: z.string().optional(),
  paymentId: z.string().optional(),
  creditId: z.string().optional(),
  refundId: z.string().optional(),
  childId: z.string().optional(),
  ticketNumber: z.string().optional(),
  creditNoteNumber: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export interface HistoryContext {
  /** Activity labels for enrolments. */
  readonly catalog: Catalog;
  /**
   * The family's current state, for amounts an event does not carry itself (the total of a
   * confirmed order, the amount of a numbered credit). Orders and credits are never removed
   * from it, so any state at or after the event knows them.
   */
  readonly state?: FamilyState;
}

type Fields = Omit<HistoryEntry, 'position' | 'revision' | 'type'>;

const days = (count: number): string => `${count} jour${count > 1 ? 's' : ''}`;
const withAmount = (text: string, cents: number | undefined): string => (cents === undefined ? text : `${text} — ${formatEuros(cents)}`);

export function historyEntryOf(stored: StoredEvent, context: HistoryContext): HistoryEntry {
  const event = familyEventOf(stored);
  return { position: stored.position, revision: stored.revision, type: event.type, ...describe(event, context) };
}

function activities(catalog: Catalog, activityIds: readonly string[]): string {
  if (activityIds.length === 0) return 'aucune activité';
  return activityIds.map((id) => getActivity(catalog, id)?.label ?? id).join(', ');
}

function describe(event: FamilyEvent, { catalog, state }: HistoryContext): Fields {
  switch (event.type) {
    case 'FamilyRegistered':
      return {
        at: event.data.registeredAt,
        summary: `Famille inscrite aux services périscolaires (${event.data.resident ? 'résidente de la commune' : 'hors commune'})`,
      };
    case 'ChildEnrolled':
      return {
        at: event.data.enrolledAt,
        childId: event.data.childId,
        summary: `Enfant n° ${event.data.rank} inscrit : ${activities(catalog, event.data.activityIds)}`,
      };
    case 'ChildEnrolmentChanged':
      return { at: event.data.changedAt, childId: event.data.childId, summary: `Inscriptions d'un enfant modifiées : ${activities(catalog, event.data.activityIds)}` };
    case 'ReservationRequested': {
      const { orderId, lines, totalCents, creditAppliedCents, amountDueCents, requestedAt } = event.data;
      const credit = creditAppliedCents > 0 ? ` (avoir déduit : ${formatEuros(creditAppliedCents)}, reste à payer : ${formatEuros(amountDueCents)})` : '';
      return { at: requestedAt, orderId, amountCents: totalCents, summary: `${withAmount(`Demande de réservation de ${days(lines.length)}`, totalCents)}${credit}` };
    }
    case 'ReservationConfirmed': {
      const { orderId, confirmedAt, via, paymentId } = event.data;
      const total = state?.orders.get(orderId)?.totalCents;
      const text = via === 'credit' ? "Réservation validée (« OK », réglée par l'avoir)" : 'Réservation validée par le paiement';
      return { at: confirmedAt, orderId, ...(paymentId ? { paymentId } : {}), ...(total !== undefined ? { amountCents: total } : {}), summary: withAmount(text, total) };
    }
    case 'ReservationExpired': {
      const { orderId, expiredAt, reason, creditReleasedCents } = event.data;
      const text =
        reason === 'abandoned'
          ? 'Demande de réservation abandonnée'
          : reason === 'closure'
            ? 'Demande de réservation annulée par une fermeture du service'
            : 'Demande de réservation expirée (non réglée à temps)';
      const released = creditReleasedCents > 0 ? ` ; avoir de ${formatEuros(creditReleasedCents)} restitué` : '';
      return { at: expiredAt, orderId, ...(creditReleasedCents > 0 ? { amountCents: creditReleasedCents } : {}), summary: `${text}${released}` };
    }
    case 'PaymentStarted': {
      const { orderId, paymentId, amountCents, startedAt } = event.data;
      return { at: startedAt, orderId, paymentId, amountCents, summary: withAmount('Paiement en ligne commencé', amountCents) };
    }
    case 'PaymentConfirmed': {
      const { orderId, paymentId, amountCents, paidAt, outcome } = event.data;
      const text = outcome === 'credited' ? `${withAmount('Paiement reçu', amountCents)}, porté en avoir (la réservation n'a pas pu être validée)` : withAmount('Paiement reçu', amountCents);
      return { at: paidAt, orderId, paymentId, amountCents, summary: text };
    }
    case 'PaymentTicketIssued': {
      const { orderId, paymentId, ticketNumber, amountCents, issuedAt } = event.data;
      return { at: issuedAt, orderId, paymentId, ticketNumber, amountCents, summary: withAmount(`Ticket de paiement ${ticketNumber} émis`, amountCents) };
    }
    case 'ReservationCancelled': {
      const { cancellationId, lines, totalCents, cancelledAt, reason } = event.data;
      const text = reason === 'closure' ? `Annulation de ${days(lines.length)} pour fermeture du service` : `Annulation de ${days(lines.length)}`;
      return { at: cancelledAt, cancellationId, amountCents: totalCents, summary: withAmount(text, totalCents) };
    }
    case 'CreditIssued': {
      const { creditId, amountCents, source, sourceId, issuedAt } = event.data;
      const links =
        source === 'cancellation' || source === 'closure' ? { cancellationId: sourceId } : source === 'unapplied_payment' ? { paymentId: sourceId } : {};
      const text = {
        cancellation: "Avoir émis pour l'annulation",
        closure: 'Avoir émis pour une fermeture du service',
        goodwill: 'Avoir exceptionnel accordé par la mairie',
        unapplied_payment: 'Avoir émis pour un paiement reçu sans réservation à valider',
      }[source];
      return { at: issuedAt, creditId, amountCents, ...links, summary: withAmount(text, amountCents) };
    }
    case 'CreditNoteIssued': {
      const { creditId, creditNoteNumber, issuedAt } = event.data;
      const amount = state?.credits.get(creditId)?.amountCents;
      return { at: issuedAt, creditId, creditNoteNumber, ...(amount !== undefined ? { amountCents: amount } : {}), summary: withAmount(`Note d'avoir ${creditNoteNumber} émise`, amount) };
    }
    case 'CreditRefunded': {
      const { refundId, amountCents, refundedAt } = event.data;
      return { at: refundedAt, refundId, amountCents, summary: withAmount('Avoir remboursé', amountCents) };
    }
    case 'RefundRequested': {
      const { requestId, amountCents, requestedAt } = event.data;
      return { at: requestedAt, refundId: requestId, amountCents, summary: withAmount("Remboursement d'avoir demandé par la régie", amountCents) };
    }
    case 'RefundRequestValidated': {
      const { requestId, amountCents, validatedAt } = event.data;
      return { at: validatedAt, refundId: requestId, amountCents, summary: withAmount("Remboursement d'avoir validé par la mairie", amountCents) };
    }
    case 'RefundRequestRejected': {
      const { requestId, rejectedAt } = event.data;
      const amount = state?.refundRequests.get(requestId)?.amountCents;
      return { at: rejectedAt, refundId: requestId, ...(amount !== undefined ? { amountCents: amount } : {}), summary: withAmount("Demande de remboursement d'avoir refusée", amount) };
    }
    case 'PersonalDataErased':
      return {
        at: event.data.erasedAt,
        summary: 'Données personnelles effacées (noms, coordonnées, école, quotient familial) ; les montants et numéros sont conservés',
      };
    case 'AbsenceDeclared': {
      const { childId, activityId, date, declaredAt } = event.data;
      return { at: declaredAt, childId, summary: `Absence signalée avec un justificatif : ${activities(catalog, [activityId])} du ${formatLongDate(date)}` };
    }
    case 'AbsenceAccepted': {
      const { creditCents, cancellationId, acceptedAt } = event.data;
      const text = creditCents > 0 ? 'Absence avec justificatif acceptée : le jour est porté en avoir' : 'Absence avec justificatif acceptée';
      return { at: acceptedAt, ...(cancellationId ? { cancellationId } : {}), ...(creditCents > 0 ? { amountCents: creditCents } : {}), summary: withAmount(text, creditCents > 0 ? creditCents : undefined) };
    }
    case 'AbsenceRefused': {
      // The agent's reason is a free text: the family reads it with its absences, not here.
      return { at: event.data.refusedAt, summary: 'Absence avec justificatif refusée' };
    }
    default: {
      const _exhaustive: never = event;
      return { at: '', summary: `Opération ${(_exhaustive as { type: string }).type}` };
    }
  }
}
