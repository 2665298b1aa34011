/**
 * Regenerates a document from the history with the API's own document inputs
 * (`apps/api/src/documents/document-inputs.mapper.ts`) and `@periscol/documents`' renderers,
 * so the bytes are the ones the API sent or served:
 * - a ticket or a credit note as it was issued: the family folded up to the event that numbered
 *   it, the identity and closures as recorded at that moment;
 * - an order or a cancellation as of `asOf` (default: now).
 * Documents print names only while the person stream exists: after its deletion (R17) they say
 * « données effacées », so they no longer equal the ones sent before.
 */
import { createHash } from 'node:crypto';
import type { EventStore } from '@periscol/event-store';
import { renderCancellationDetail, renderOrderDetail, renderPaymentTicket } from '@periscol/documents';
import { foldFamily, type Catalog, type FamilyState } from '@periscol/reservation-domain';
import { cancellationDetailInput, orderDetailInput, paymentTicketInput, type DocumentSources } from '@periscol/application';
import { catalogAsOf } from '../history/catalog-as-of';
import { readFamilyHistory, readPersonState } from '../history/family-history.reader';
import type { FoundDocument } from './find-document';

export interface RegeneratedDocument {
  readonly kind: FoundDocument['kind'];
  readonly familyId: string;
  readonly sourceId: string;
  readonly number?: string;
  /** `ticket-R-2026-000001.pdf`, `avoir-A-2026-000002.pdf`, `commande-<id>.pdf`, `annulation-<id>.pdf`. */
  readonly fileName: string;
  /** The instant the history was read at. */
  readonly asOf: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

export class DocumentNotRenderableError extends Error {
  readonly code = 'DOCUMENT_NOT_RENDERABLE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DocumentNotRenderableError';
  }
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function fileNameOf(doc: Pick<FoundDocument, 'kind' | 'sourceId' | 'number'>): string {
  switch (doc.kind) {
    case 'ticket':
      return `ticket-${safeName(doc.number ?? doc.sourceId)}.pdf`;
    case 'credit-note':
      return `avoir-${safeName(doc.number ?? doc.sourceId)}.pdf`;
    case 'order':
      return `commande-${safeName(doc.sourceId)}.pdf`;
    case 'cancellation':
      return `annulation-${safeName(doc.sourceId)}.pdf`;
  }
}

async function sourcesAt(store: EventStore, baseCatalog: Catalog, familyId: string, at: string): Promise<DocumentSources> {
  const person = await readPersonState(store, familyId, { until: at });
  return { catalog: await catalogAsOf(store, baseCatalog, at), person: person ?? undefined };
}

async function stateAt(store: EventStore, familyId: string, options: { until?: string; throughRevision?: number }): Promise<FamilyState> {
  const history = await readFamilyHistory(store, familyId, options);
  if (history.failures.length > 0) throw new DocumentNotRenderableError(`family-${familyId} has events that do not decode (run verify): ${history.failures[0].message}`);
  return foldFamily(history.events);
}

export async function regenerateDocument(store: EventStore, baseCatalog: Catalog, doc: FoundDocument, options: { readonly asOf?: string } = {}): Promise<RegeneratedDocument> {
  let bytes: Uint8Array;
  let asOf: string;
  if (doc.kind === 'ticket' || doc.kind === 'credit-note') {
    if (!doc.issuedBy) throw new DocumentNotRenderableError(`${doc.number} has no issuing event`);
    asOf = String(doc.issuedBy.metadata.recordedAt);
    const state = await stateAt(store, doc.familyId, { throughRevision: doc.issuedBy.revision });
    const sources = await sourcesAt(store, baseCatalog, doc.familyId, asOf);
    if (doc.kind === 'ticket') {
      const input = paymentTicketInput(sources, state, doc.sourceId);
      if (!input) throw new DocumentNotRenderableError(`payment ${doc.sourceId} has no numbered ticket in family-${doc.familyId}`);
      bytes = await renderPaymentTicket(input);
    } else {
      const credit = state.credits.get(doc.sourceId);
      if (!credit || (credit.source !== 'cancellation' && credit.source !== 'closure')) {
        throw new DocumentNotRenderableError(`${doc.number} numbers credit ${doc.sourceId} (${credit?.source ?? 'unknown'}), which has no cancellation detail to print`);
      }
      const input = cancellationDetailInput(sources, state, credit.sourceId);
      if (!input) throw new DocumentNotRenderableError(`cancellation ${credit.sourceId} not found in family-${doc.familyId}`);
      bytes = await renderCancellationDetail(input);
    }
  } else {
    asOf = new Date(options.asOf ?? Date.now()).toISOString();
    const state = await stateAt(store, doc.familyId, { until: asOf });
    const sources = await sourcesAt(store, baseCatalog, doc.familyId, asOf);
    const notYet = () => new DocumentNotRenderableError(`${doc.kind} ${doc.sourceId} did not exist yet at ${asOf}`);
    if (doc.kind === 'order') {
      const input = orderDetailInput(sources, state, doc.sourceId, asOf);
      if (!input) throw notYet();
      bytes = await renderOrderDetail(input);
    } else {
      const input = cancellationDetailInput(sources, state, doc.sourceId);
      if (!input) throw notYet();
      bytes = await renderCancellationDetail(input);
    }
  }
  return {
    kind: doc.kind,
    familyId: doc.familyId,
    sourceId: doc.sourceId,
    ...(doc.number === undefined ? {} : { number: doc.number }),
    fileName: fileNameOf(doc),
    asOf,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
