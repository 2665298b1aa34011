/**
 * Tamper evidence. Each event's metadata carries
 *
 *   previousHash = the `hash` of the previous event of the same stream ('' for revision 0)
 *   hash         = hex SHA-256 of the UTF-8 text previousHash + canonicalJson({
 *                    data, metadata, revision, streamId, type })
 *
 * where `metadata` is the stored metadata without `hash` and `previousHash` (so it includes
 * eventId, schemaVersion, correlation/causation ids, actor, recordedAt and any other key).
 * Hashing streamId and revision binds an event to its place: an event copied to the head of
 * another stream does not verify there. The global position is not hashed (EventStoreDB assigns
 * it after the write). Chains are per stream, so deleting a person stream (R17) leaves every
 * other chain intact. A chain is only as strong as its anchoring: whoever can rewrite a whole
 * stream can recompute it; publish head hashes elsewhere to detect that.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventStore, StoredEvent } from './event-store.port';

/** Metadata keys the store owns; the hash covers every other key, recordedAt included. */
export const STORE_METADATA_KEYS = ['hash', 'previousHash', 'recordedAt'] as const;

export function computeEventHash(
  previousHash: string,
  streamId: string,
  revision: number,
  type: string,
  canonicalData: string,
  canonicalMetadataWithoutHashes: string,
): string {
  // Keys in sorted order: data < metadata < revision < streamId < type.
  const envelope = `{"data":${canonicalData},"metadata":${canonicalMetadataWithoutHashes},"revision":${revision},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)}}`;
  return createHash('sha256').update(previousHash, 'utf8').update(envelope, 'utf8').digest('hex');
}

/** Recomputes the hash of a stored event from its content. */
export function hashOfStoredEvent(event: Pick<StoredEvent, 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>): string {
  const { hash: _hash, previousHash, ...rest } = event.metadata;
  return computeEventHash(previousHash ?? '', event.streamId, event.revision, event.type, canonicalJson(event.data), canonicalJson(rest));
}

export type ChainBreakReason =
  /** The event's content no longer matches its own hash: it was edited. */
  | 'HASH_MISMATCH'
  /** The event's previousHash is not the previous event's hash: an event before it was edited, removed or reordered. */
  | 'BROKEN_LINK'
  /** A revision is missing between two events (a deleted event). */
  | 'REVISION_GAP'
  /** The stream's head revision is beyond its last readable event (events removed at the end). */
  | 'TRUNCATED'
  /** No hash in the metadata. */
  | 'MISSING_HASH';

export type ChainVerification =
  | { readonly ok: true; readonly eventsChecked: number }
  | {
      readonly ok: false;
      readonly streamId: string;
      readonly revision: number;
      readonly position: number;
      readonly reason: ChainBreakReason;
      readonly message: string;
      readonly eventsChecked: number;
    };

interface ChainHead {
  revision: number;
  hash: string;
  position: number;
}

/** Incremental verifier: feed events in revision order per stream (streams may interleave). */
export class HashChainVerifier {
  private readonly heads = new Map<string, ChainHead>();
  private checked = 0;
  private failure: Extract<ChainVerification, { ok: false }> | undefined;

  /**
   * @param allowPartial accept a stream whose first event seen is not revision 0 (a slice read
   *   with `fromRevision`): its first previousHash is then taken on trust.
   */
  constructor(private readonly allowPartial = false) {}

  /** Returns false once a break was found (the first one is kept). */
  check(event: StoredEvent): boolean {
    if (this.failure) return false;
    this.checked++;
    const fail = (reason: ChainBreakReason, message: string) => {
      this.failure = { ok: false, streamId: event.streamId, revision: event.revision, position: event.position, reason, message, eventsChecked: this.checked };
      return false;
    };
    const { hash, previousHash } = event.metadata ?? ({} as Partial<StoredEvent['metadata']>);
    if (typeof hash !== 'string' || typeof previousHash !== 'string') return fail('MISSING_HASH', 'event has no hash/previousHash metadata');
    const head = this.heads.get(event.streamId);
    if (!head) {
      if (event.revision !== 0 && !this.allowPartial) return fail('REVISION_GAP', `stream starts at revision ${event.revision}: revisions 0..${event.revision - 1} are missing`);
      if (event.revision === 0 && previousHash !== '') return fail('BROKEN_LINK', 'first event of the stream has a non-empty previousHash');
    } else {
      if (event.revision !== head.revision + 1) return fail('REVISION_GAP', `revision ${head.revision + 1} is missing (next event found is ${event.revision})`);
      if (previousHash !== head.hash) return fail('BROKEN_LINK', `previousHash does not match the hash of revision ${head.revision} (position ${head.position})`);
    }
    if (hashOfStoredEvent(event) !== hash) return fail('HASH_MISMATCH', 'content does not match its hash: the event was altered');
    this.heads.set(event.streamId, { revision: event.revision, hash, position: event.position });
    return true;
  }

  /** Records a break found outside `check` (e.g. truncation seen by the caller). */
  report(streamId: string, revision: number, position: number, reason: ChainBreakReason, message: string): void {
    if (!this.failure) this.failure = { ok: false, streamId, revision, position, reason, message, eventsChecked: this.checked };
  }

  lastRevisions(): ReadonlyMap<string, ChainHead> {
    return this.heads;
  }

  result(): ChainVerification {
    return this.failure ?? { ok: true, eventsChecked: this.checked };
  }
}

/**
 * Verifies the chains of the given events (one stream in revision order, or several streams in
 * global order) and names the first broken link.
 */
export function verifyHashChain(events: Iterable<StoredEvent>, options: { allowPartial?: boolean } = {}): ChainVerification {
  const verifier = new HashChainVerifier(options.allowPartial);
  for (const event of events) if (!verifier.check(event)) break;
  return verifier.result();
}

export type StoreVerification = ChainVerification & { readonly streamsChecked: number };

/**
 * Verifies every stream of a store: reads everything in global order (paged), checks each
 * chain, then asks each stream for its head revision to catch events removed at the end.
 * A deleted stream (R17) has no events left and is not reported.
 */
export async function verifyStore(store: EventStore, options: { pageSize?: number } = {}): Promise<StoreVerification> {
  const pageSize = options.pageSize ?? 2000;
  const verifier = new HashChainVerifier(false);
  let after = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      if (!verifier.check(event)) return { ...verifier.result(), streamsChecked: verifier.lastRevisions().size };
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }
  for (const [streamId, head] of verifier.lastRevisions()) {
    const { currentRevision } = await store.readStream(streamId, { fromRevision: head.revision + 1, maxCount: 1 });
    if (currentRevision > head.revision) {
      verifier.report(streamId, head.revision + 1, head.position, 'TRUNCATED', `stream head is revision ${currentRevision} but the last readable event is revision ${head.revision}`);
      break;
    }
  }
  return { ...verifier.result(), streamsChecked: verifier.lastRevisions().size };
}
