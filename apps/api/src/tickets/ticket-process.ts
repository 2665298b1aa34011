import { familyIdOfFamilyStream } from '@periscol/application';
import { ReactorRunner, type EventStore, type Reactor, type SetTimer, type StoredEvent } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { TicketIssuer } from './ticket-issuer.service';

const CREDIT_NOTE_SOURCES = new Set(['cancellation', 'closure']);

/**
 * The reactor of R8 and credit notes: on `PaymentConfirmed` it makes sure the payment has its
 * ticket — numbered, recorded and e-mailed (`TicketIssuer.ensureTicket`); on a `CreditIssued`
 * from a cancellation or a closure, its credit note number; on a `ReservationConfirmed` by
 * credit, the validation e-mail; on a `PlaceOffered` (R23), the offer's e-mail. Every step is idempotent, so the events handled again after a
 * crash change nothing.
 */
export function ticketReactor(issuer: Pick<TicketIssuer, 'ensureTicket' | 'ensureCreditNote' | 'mailCreditSettledOrder'> & Partial<Pick<TicketIssuer, 'mailPlaceOffered'>>): Reactor {
  return {
    name: 'tickets',
    canHandle: (event) =>
      event.type === 'PaymentConfirmed' ||
      event.type === 'CreditIssued' ||
      (event.type === 'ReservationConfirmed' && (event.data as { via?: string }).via === 'credit') ||
      (event.type === 'PlaceOffered' && issuer.mailPlaceOffered !== undefined),
    react: async (event: StoredEvent) => {
      if (event.type === 'PlaceOffered') {
        // R23: a place given back offered to the first of a waiting list (places stream).
        const { familyId, orderId } = event.data as { familyId: string; orderId: string };
        await issuer.mailPlaceOffered?.(familyId, orderId);
        return true;
      }
      const familyId = familyIdOfFamilyStream(event.streamId);
      if (familyId === undefined) return false;
      const cause = { correlationId: stringOr(event.metadata.correlationId), causationId: event.metadata.eventId };
      if (event.type === 'ReservationConfirmed') {
        await issuer.mailCreditSettledOrder(familyId, (event.data as { orderId: string }).orderId);
        return true;
      }
      if (event.type === 'PaymentConfirmed') {
        await issuer.ensureTicket(familyId, (event.data as { paymentId: string }).paymentId, cause, { mail: 'always' });
        return true;
      }
      const { creditId, source } = event.data as { creditId: string; source: string };
      if (!CREDIT_NOTE_SOURCES.has(source)) return false;
      await issuer.ensureCreditNote(familyId, creditId, cause);
      return true;
    },
  };
}

/**
 * The ticket reactor run from the store's subscription (never an in-process event bus), its
 * checkpoint in the operations database shared by every process on the data folder: after the
 * effect, once per batch that did work. A failure restarts it from the checkpoint after a delay.
 */
export class TicketProcess extends ReactorRunner {
  constructor(options: { store: EventStore; db: Database.Database; issuer: Pick<TicketIssuer, 'ensureTicket' | 'ensureCreditNote' | 'mailCreditSettledOrder'> & Partial<Pick<TicketIssuer, 'mailPlaceOffered'>>; logger: Logger; retry?: { initialMs: number; maxMs: number }; setTimer?: SetTimer }) {
    super({
      store: options.store,
      db: options.db,
      reactor: ticketReactor(options.issuer),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.setTimer ? { setTimer: options.setTimer } : {}),
      onError: (error, context) =>
        context.kind === 'checkpoint'
          ? options.logger.warn({ err: error, process: context.reactor }, 'ticket process checkpoint not saved')
          : options.logger.error({ err: error, process: context.reactor, retryInMs: context.retryInMs }, 'ticket process stopped on an error; it will resume from its checkpoint'),
    });
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
