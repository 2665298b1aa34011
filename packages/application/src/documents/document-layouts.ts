/**
 * Which layout a document is drawn with. A document is regenerated from the history, so a new
 * layout must not reach the documents issued before it: the store records, once, from which
 * instant a layout is in use (stream `document-layouts`, event `DocumentLayoutAdopted`), and a
 * document whose `issuedAt` (an instant of the events) is before it keeps the layout it had.
 *
 * The recap is the one document with several layouts: its `issuedAt` is the last change it
 * shows, so a recap served before the adoption (issuedAt ≤ when it was served < adoption) is
 * regenerated with layout 1, byte for byte, and a recap whose content changed since is drawn with
 * the current layout. Adoption happens at the first recap asked for with the current layout, so
 * nothing is written to a store that never serves one.
 */
import { deterministicEventId, WrongExpectedRevisionError, type EventStore, type StoredEvent } from '@periscol/event-store';
import { RECAP_LAYOUT, type RecapLayout } from '@periscol/documents';
import type { Instant } from '@periscol/reservation-domain';
import { z } from 'zod';
import { DOCUMENT_LAYOUTS_STREAM } from '../streams/stream-names';
import { SYSTEM_ACTOR } from '../commands/command-context';

export const DOCUMENT_LAYOUT_ADOPTED = 'DocumentLayoutAdopted';
export const DOCUMENT_LAYOUT_ADOPTED_VERSION = 1;

export const documentLayoutAdoptedSchema = z.object({
  document: z.literal('recap'),
  layout: z.number().int().min(2),
  /** Documents issued at or after this instant use `layout`. */
  from: z.string(),
});
export type DocumentLayoutAdoption = z.infer<typeof documentLayoutAdoptedSchema>;

/** The recap's layout for a document issued at `issuedAt`: the latest adoption in force then, else 1. */
export function recapLayoutAt(adoptions: readonly DocumentLayoutAdoption[], issuedAt: Instant): RecapLayout {
  const at = Date.parse(issuedAt);
  let layout: RecapLayout = 1;
  for (const adoption of adoptions) {
    if (adoption.document === 'recap' && Date.parse(adoption.from) <= at && adoption.layout > layout && adoption.layout <= RECAP_LAYOUT) layout = adoption.layout as RecapLayout;
  }
  return layout;
}

function adoptionsOf(events: readonly StoredEvent[]): DocumentLayoutAdoption[] {
  return events.flatMap((event) => {
    if (event.type !== DOCUMENT_LAYOUT_ADOPTED) return [];
    const parsed = documentLayoutAdoptedSchema.safeParse(event.data);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The adoptions recorded in a store, recording the current recap layout's on first use. */
export class DocumentLayouts {
  private adopted: readonly DocumentLayoutAdoption[] | undefined;

  constructor(private readonly store: EventStore) {}

  /** Every adoption; records the current recap layout from `now` when the store has none for it. Idempotent across processes. */
  async recapAdoptions(now: Instant): Promise<readonly DocumentLayoutAdoption[]> {
    if (this.adopted) return this.adopted;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { events, currentRevision } = await this.store.readStream(DOCUMENT_LAYOUTS_STREAM);
      const adoptions = adoptionsOf(events);
      if (adoptions.some((adoption) => adoption.document === 'recap' && adoption.layout === RECAP_LAYOUT)) return (this.adopted = adoptions);
      const data: DocumentLayoutAdoption = { document: 'recap', layout: RECAP_LAYOUT, from: now };
      try {
        await this.store.appendToStream(
          DOCUMENT_LAYOUTS_STREAM,
          [{ type: DOCUMENT_LAYOUT_ADOPTED, data, metadata: { eventId: deterministicEventId(`document-layout:recap:${RECAP_LAYOUT}`, 0), schemaVersion: DOCUMENT_LAYOUT_ADOPTED_VERSION, actor: SYSTEM_ACTOR } }],
          { expectedRevision: currentRevision === -1 ? 'no_stream' : currentRevision },
        );
      } catch (error) {
        // Another process adopted it meanwhile: read again.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new Error(`${DOCUMENT_LAYOUTS_STREAM}: could not record the recap layout ${RECAP_LAYOUT}`);
  }
}
