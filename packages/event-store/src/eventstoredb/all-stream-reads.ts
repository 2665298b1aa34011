/**
 * Reads of `$all` in the port's terms: user events in commit order, without the server's own
 * records (`$`-streams, `$`-types) nor the events of deleted streams, which stay in the log until
 * a scavenge. Every read is a bounded page read to its end (`readToEnd`), so none is left open.
 */
import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, AllStreamResolvedEvent, EventStoreDBClient, Position, ReadPosition } from '@eventstore/db-client';
import { InvalidReadError } from '../event-store.errors';
import type { ReadAllOptions, StoredEvent } from '../event-store.port';
import { readToEnd, ReadLimits } from './client-reads';
import type { DeletedStreams } from './deleted-streams';
import { clientErrorType, toStoreError } from './eventstoredb.errors';
import { isSystemRecord, positionNumber, readPositionOf, toStoredEvent } from './recorded-events';

const PAGE = 1000;
/** `headPosition` reads one event back from the end, then pages growing to this size. */
const LARGEST_HEAD_PAGE = 256;

/** A record of `$all` as a page gives it: its position, and the event when it is one to hand over. */
export interface AllRecord {
  readonly position: number;
  readonly event?: StoredEvent;
}

export class AllStreamReads {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly limits: ReadLimits,
    private readonly deletedStreams: DeletedStreams,
  ) {}

  /** The port's `readAll`: events after `after`, at most `limit`. */
  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    await this.deletedStreams.refresh();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: StoredEvent[] = [];
    let after = options.after ?? 0;
    while (out.length < limit) {
      const page = await this.page(after, Math.min(PAGE, limit - out.length));
      for (const record of page.records) if (record.event && out.length < limit) out.push(record.event);
      const last = page.records[page.records.length - 1];
      if (page.exhausted || !last) break;
      after = last.position;
    }
    return out;
  }

  /**
   * Up to `count` records of the log after `after`, each with its event when it is one to hand
   * over. Call `deletedStreams.refresh()` first. `exhausted` when the log has nothing more.
   */
  async page(after: number, count: number, signal?: AbortSignal): Promise<{ records: AllRecord[]; exhausted: boolean }> {
    // A read from a position includes the record there, already seen (and the log's first
    // record is at 0): one more is asked, so that a page that is not the last always moves on.
    const asked = count + 1;
    const resolved = await this.read({ fromPosition: readPositionOf(after), direction: FORWARDS, maxCount: asked }, after, signal);
    const records: AllRecord[] = [];
    for (const item of resolved) {
      const event = item.event;
      if (!event) continue;
      const position = positionNumber(event.position);
      if (position <= after) continue;
      if (records.length === count) return { records, exhausted: false };
      records.push({ position, event: this.deliverable(event, event.position) });
    }
    return { records, exhausted: resolved.length < asked };
  }

  /** The port's `headPosition`: the position of the last event `readAll` would return (0: none). */
  async head(): Promise<number> {
    await this.deletedStreams.refresh();
    return this.lastPositionWhere((event) => this.deliverable(event, event.position) !== undefined);
  }

  /** The position of the last record a subscription filtering out system event types receives. */
  lastSubscribable(): Promise<number> {
    return this.lastPositionWhere((event) => !event.type.startsWith('$'));
  }

  /**
   * The event a record stands for, unless it is the server's own or of a deleted stream. A
   * deletion recorded in `$periscol-deleted-streams` is taken note of on the way.
   */
  deliverable(event: AllStreamRecordedEvent, position: Position): StoredEvent | undefined {
    this.deletedStreams.observe(event);
    if (isSystemRecord(event) || this.deletedStreams.has(event.streamId)) return undefined;
    return toStoredEvent(event, position);
  }

  private async lastPositionWhere(wanted: (event: AllStreamRecordedEvent) => boolean): Promise<number> {
    let from: ReadPosition = END;
    for (let size = 1; ; size = Math.min(size * 8, LARGEST_HEAD_PAGE)) {
      const page = await this.read({ fromPosition: from, direction: BACKWARDS, maxCount: size });
      for (const item of page) if (item.event && wanted(item.event)) return positionNumber(item.event.position);
      const oldest = page[page.length - 1]?.event?.position;
      if (page.length < size || !oldest) return 0;
      from = oldest;
    }
  }

  private async read(options: { fromPosition: ReadPosition; direction: typeof FORWARDS | typeof BACKWARDS; maxCount: number }, after = 0, signal?: AbortSignal): Promise<AllStreamResolvedEvent[]> {
    try {
      return await readToEnd(this.client.readAll(options), 'read of $all', this.limits, signal);
    } catch (error) {
      // The server refuses a position that is not the start of a record.
      if (after > 0 && clientErrorType(error) === 'unknown' && /invalid position/i.test(String((error as Error).message))) {
        throw new InvalidReadError(`after ${after} is not the position of an event of this store`);
      }
      throw toStoreError(error, 'read of $all');
    }
  }
}
