/**
 * Where a document comes from: a ticket number (R-…), a credit-note number (A-…), an order id or
 * a cancellation id → the family and the event that issued it. Numbers are looked up in the
 * numbering stream first (`numbering-R-2026`), then, like ids, by scanning the history.
 */
import type { EventStore, StoredEvent } from '@periscol/event-store';
import { parseDocumentNumber } from '@periscol/reservation-domain';
import { familyIdOfFamilyStream, familyStreamId } from '@periscol/application';

export type DocumentQuery =
  | { readonly kind: 'ticket'; readonly number: string }
  | { readonly kind: 'credit-note'; readonly number: string }
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'cancellation'; readonly cancellationId: string }
  /** An id that may be an order's or a cancellation's. */
  | { readonly kind: 'id'; readonly id: string };

export class DocumentQueryError extends Error {
  readonly code = 'INVALID_DOCUMENT_QUERY' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DocumentQueryError';
  }
}

/** `R-2026-000123`, `A-2026-000045`, `order:<id>`, `cancellation:<id>`, or a bare id. */
export function parseDocumentQuery(text: string): DocumentQuery {
  const trimmed = text.trim();
  if (trimmed === '') throw new DocumentQueryError('a document number or id is required');
  const number = parseDocumentNumber(trimmed);
  if (number) return number.prefix === 'R' ? { kind: 'ticket', number: trimmed } : { kind: 'credit-note', number: trimmed };
  if (/^[RA]-\d/.test(trimmed)) throw new DocumentQueryError(`"${trimmed}" is not a document number (expected R-2026-000123 or A-2026-000045)`);
  const prefixed = /^(order|cancellation):(.+)$/.exec(trimmed);
  if (prefixed) return prefixed[1] === 'order' ? { kind: 'order', orderId: prefixed[2] } : { kind: 'cancellation', cancellationId: prefixed[2] };
  return { kind: 'id', id: trimmed };
}

export interface FoundDocument {
  readonly kind: 'ticket' | 'credit-note' | 'order' | 'cancellation';
  readonly familyId: string;
  /** paymentId (ticket), creditId (credit note), orderId, cancellationId. */
  readonly sourceId: string;
  readonly number?: string;
  /** The event that issued the number (tickets, credit notes): the document is rendered as of it. */
  readonly issuedBy?: StoredEvent;
}

function dataOf(event: StoredEvent): Record<string, unknown> {
  return (event.data ?? {}) as Record<string, unknown>;
}

function matches(event: StoredEvent, query: DocumentQuery): FoundDocument['kind'] | undefined {
  const data = dataOf(event);
  switch (query.kind) {
    case 'ticket':
      return event.type === 'PaymentTicketIssued' && data.ticketNumber === query.number ? 'ticket' : undefined;
    case 'credit-note':
      return event.type === 'CreditNoteIssued' && data.creditNoteNumber === query.number ? 'credit-note' : undefined;
    case 'order':
      return event.type === 'ReservationRequested' && data.orderId === query.orderId ? 'order' : undefined;
    case 'cancellation':
      return event.type === 'ReservationCancelled' && data.cancellationId === query.cancellationId ? 'cancellation' : undefined;
    case 'id':
      if (event.type === 'ReservationRequested' && data.orderId === query.id) return 'order';
      if (event.type === 'ReservationCancelled' && data.cancellationId === query.id) return 'cancellation';
      return undefined;
  }
}

function found(kind: FoundDocument['kind'], familyId: string, event: StoredEvent): FoundDocument {
  const data = dataOf(event);
  switch (kind) {
    case 'ticket':
      return { kind, familyId, sourceId: String(data.paymentId), number: String(data.ticketNumber), issuedBy: event };
    case 'credit-note':
      return { kind, familyId, sourceId: String(data.creditId), number: String(data.creditNoteNumber), issuedBy: event };
    case 'order':
      return { kind, familyId, sourceId: String(data.orderId) };
    case 'cancellation':
      return { kind, familyId, sourceId: String(data.cancellationId) };
  }
}

/** The family a number was assigned to, from its numbering stream, if the store has one. */
async function familyFromNumbering(store: EventStore, number: string): Promise<string | undefined> {
  const parsed = parseDocumentNumber(number);
  if (!parsed) return undefined;
  const { events } = await store.readStream(`numbering-${parsed.prefix}-${parsed.year}`, { fromRevision: parsed.sequence - 1, maxCount: 1 });
  const data = events[0] ? dataOf(events[0]) : undefined;
  return data && data.number === number && typeof data.familyId === 'string' ? data.familyId : undefined;
}

export async function findDocument(store: EventStore, query: DocumentQuery, options: { readonly pageSize?: number } = {}): Promise<FoundDocument | undefined> {
  if (query.kind === 'ticket' || query.kind === 'credit-note') {
    const familyId = await familyFromNumbering(store, query.number);
    if (familyId !== undefined) {
      const { events } = await store.readStream(familyStreamId(familyId));
      for (const event of events) {
        const kind = matches(event, query);
        if (kind) return found(kind, familyId, event);
      }
    }
  }
  const pageSize = options.pageSize ?? 5000;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      const familyId = familyIdOfFamilyStream(event.streamId);
      if (familyId === undefined) continue;
      const kind = matches(event, query);
      if (kind) return found(kind, familyId, event);
    }
    if (page.length < pageSize) return undefined;
    after = page[page.length - 1].position;
  }
}
