/**
 * Hash chains of every stream, through the store's own `verifyStore` (one paged pass over
 * `readAll`, which names the first broken link and catches events removed at the end of a
 * stream). The pass is tapped to learn every stream id on the way. When it finds a break, every
 * stream is then verified on its own (`verifyHashChain`) so the report lists each broken stream,
 * not only the first.
 *
 * A stored row edited so that it is no longer JSON cannot be read at all (the adapter's parse
 * throws): the scan then steps one event at a time to the row that fails, reports it as
 * UNREADABLE_EVENT, located by stream and revision, and goes on after it. Streams with rows
 * unreadable or missing are named to `onIncomplete`: what other checks fold of them is partial.
 */
import { verifyHashChain, verifyStore, type EventStore, type StoredEvent } from '@periscol/event-store';
import { ViolationList, type AuditCheck, type Violation } from './audit-report';

/** Where an unreadable row sits, for stores that can tell (SQLite: the row after a position). */
export interface RowLocation {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
}

export type UnreadableRowLocator = (afterPosition: number) => Promise<RowLocation | undefined>;

export interface HashChainScanOptions {
  readonly pageSize?: number;
  readonly maxViolations?: number;
  /** Finds the row after a position when the store cannot parse it (see `sqliteRowLocator`). */
  readonly locateUnreadable?: UnreadableRowLocator;
  /** Called after each page read: events read so far and the last position. */
  readonly onProgress?: (eventsRead: number, position: number) => void;
  /** Every event read, once, in global order (other checks fold them on the way). */
  readonly onEvents?: (events: readonly StoredEvent[]) => void;
  /** A stream with a row that cannot be read or is missing (its events are incomplete for other checks). */
  readonly onIncomplete?: (streamId: string) => void;
}

export interface HashChainScan {
  readonly check: AuditCheck;
  readonly eventsChecked: number;
  /** Every stream id seen in the global order, first-seen order. */
  readonly streamIds: readonly string[];
}

export const HASH_CHAIN_CHECK_NAME = 'hash chains';

/** Breaks after which a stream's readable events are not all of its history. */
const INCOMPLETE_STREAM_CODES: ReadonlySet<Violation['code']> = new Set(['UNREADABLE_EVENT', 'REVISION_GAP', 'TRUNCATED']);

export async function scanHashChains(store: EventStore, options: HashChainScanOptions = {}): Promise<HashChainScan> {
  const pageSize = options.pageSize ?? 5000;
  const violations = new ViolationList(options.maxViolations ?? 100);
  const streams = new Set<string>();
  let eventsRead = 0;
  let lastPosition = 0;
  const observe = (page: readonly StoredEvent[]) => {
    options.onEvents?.(page);
    for (const event of page) streams.add(event.streamId);
    eventsRead += page.length;
    if (page.length > 0) lastPosition = page[page.length - 1].position;
    options.onProgress?.(eventsRead, lastPosition);
  };
  const tapped: EventStore = Object.create(store, {
    readAll: {
      value: async (readOptions: Parameters<EventStore['readAll']>[0]) => {
        const page = await store.readAll(readOptions);
        observe(page);
        return page;
      },
    },
  }) as EventStore;

  let firstBreak: Violation | undefined;
  let complete = true;
  try {
    const result = await verifyStore(tapped, { pageSize });
    if (!result.ok) {
      firstBreak = { code: result.reason, message: result.message, streamId: result.streamId, revision: result.revision, position: result.position };
    }
  } catch (error) {
    complete = false;
    firstBreak = await locateUnreadable(store, lastPosition, error, options.locateUnreadable, observe);
  }

  if (firstBreak === undefined) return { check: hashChainCheck(violations, eventsRead, streams.size), eventsChecked: eventsRead, streamIds: [...streams] };

  // Each break once: the per-stream pass finds again what the global pass located.
  const reported = new Set<string>();
  const found = (violation: Violation) => {
    if (violation.streamId !== undefined) {
      const key = `${violation.streamId}@${violation.revision}`;
      if (reported.has(key)) return;
      reported.add(key);
      streams.add(violation.streamId);
      if (INCOMPLETE_STREAM_CODES.has(violation.code)) options.onIncomplete?.(violation.streamId);
    }
    violations.add(violation);
  };

  // verifyStore stopped at the first break: read on to learn the remaining streams…
  found(firstBreak);
  const resumeAfter = complete ? lastPosition : firstBreak.position;
  if (resumeAfter !== undefined) await collectRemainingStreams(store, resumeAfter, pageSize, observe, options.locateUnreadable, found);
  else found({ code: 'UNREADABLE_EVENT', message: `events after position ${lastPosition} were not scanned (the store cannot skip the unreadable row)` });
  // …then verify each stream on its own, so every broken stream is named.
  for (const streamId of streams) {
    const broken = await verifyOneStream(store, streamId);
    if (broken) found(broken);
  }
  return { check: hashChainCheck(violations, eventsRead, streams.size), eventsChecked: eventsRead, streamIds: [...streams] };
}

/** The check's verdict over the breaks found (each stream's first, the history's first break first). */
export function hashChainCheck(violations: ViolationList, eventsRead: number, streamCount: number): AuditCheck {
  return violations.check('hash-chains', HASH_CHAIN_CHECK_NAME, `${eventsRead} events in ${streamCount} streams: every chain intact`, (count) => `${count} broken chain${count > 1 ? 's' : ''} in ${eventsRead} events: first ${describeBreak(violations.items[0])}`);
}

/** Breaks after which a stream's readable events are not all of its history. */
export function leavesStreamIncomplete(violation: Violation): boolean {
  return INCOMPLETE_STREAM_CODES.has(violation.code);
}

function describeBreak(violation: Violation): string {
  const at = violation.streamId === undefined ? `after position ${violation.position ?? '?'}` : `${violation.streamId} revision ${violation.revision} (position ${violation.position ?? '?'})`;
  return `${at}: ${violation.code} — ${violation.message}`;
}

/** Verifies one stream's chain and that its head revision is its last readable event. */
async function verifyOneStream(store: EventStore, streamId: string): Promise<Violation | undefined> {
  let events: readonly StoredEvent[];
  let currentRevision: number;
  try {
    ({ events, currentRevision } = await store.readStream(streamId));
  } catch (error) {
    return locateUnreadableInStream(store, streamId, error);
  }
  const result = verifyHashChain(events);
  if (!result.ok) return { code: result.reason, message: result.message, streamId, revision: result.revision, position: result.position };
  const last = events[events.length - 1];
  if (last && currentRevision > last.revision) {
    return { code: 'TRUNCATED', message: `stream head is revision ${currentRevision} but the last readable event is revision ${last.revision}`, streamId, revision: last.revision + 1, position: last.position };
  }
  return undefined;
}

/** Reads the stream one event at a time up to the one that does not parse. */
async function locateUnreadableInStream(store: EventStore, streamId: string, error: unknown): Promise<Violation> {
  for (let revision = 0; ; revision++) {
    try {
      const { events } = await store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
      if (events.length === 0) break;
      revision = events[0].revision;
    } catch {
      return { code: 'UNREADABLE_EVENT', message: `the stored event cannot be read: ${messageOf(error)}`, streamId, revision };
    }
  }
  return { code: 'UNREADABLE_EVENT', message: `the stream cannot be read: ${messageOf(error)}`, streamId };
}

/** Steps one event at a time from `after` to the row that does not parse, then asks the locator. */
async function locateUnreadable(
  store: EventStore,
  after: number,
  error: unknown,
  locate: UnreadableRowLocator | undefined,
  observe: (page: readonly StoredEvent[]) => void,
): Promise<Violation> {
  let position = after;
  for (;;) {
    let page: readonly StoredEvent[];
    try {
      page = await store.readAll({ after: position, limit: 1 });
      observe(page);
    } catch (stepError) {
      const row = await locate?.(position).catch(() => undefined);
      const message = `the stored event cannot be read: ${messageOf(stepError)}`;
      return row
        ? { code: 'UNREADABLE_EVENT', message, streamId: row.streamId, revision: row.revision, position: row.position }
        : { code: 'UNREADABLE_EVENT', message: `${message} (the first event after position ${position})` };
    }
    if (page.length === 0) return { code: 'UNREADABLE_EVENT', message: `reading the store failed: ${messageOf(error)}` };
    position = page[0].position;
  }
}

async function collectRemainingStreams(
  store: EventStore,
  after: number,
  pageSize: number,
  observe: (page: readonly StoredEvent[]) => void,
  locate: UnreadableRowLocator | undefined,
  found: (violation: Violation) => void,
): Promise<void> {
  let position = after;
  for (;;) {
    let page: readonly StoredEvent[];
    try {
      page = await store.readAll({ after: position, limit: pageSize });
    } catch (error) {
      const unreadable = await locateUnreadable(store, position, error, locate, observe);
      found(unreadable);
      if (unreadable.position === undefined) return;
      position = unreadable.position;
      continue;
    }
    observe(page);
    if (page.length < pageSize) return;
    position = page[page.length - 1].position;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
