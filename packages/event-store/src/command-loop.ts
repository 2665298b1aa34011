/**
 * The generic command loop: read the stream → fold → decide → append with the expected revision.
 * On a revision conflict it backs off (with jitter), re-reads, re-decides and re-appends, a
 * bounded number of times. A decision with no events appends nothing.
 *
 * Idempotency: with an idempotency key, event i of the command gets the id
 * `deterministicEventId(`${streamId}:${key}`, i)` (the stream id is part of the name so that one
 * request may drive commands on two streams). If the stream already holds the command's first
 * event, the loop returns those original events (`deduplicated: true`) without deciding again;
 * a concurrent duplicate that loses the race finds them on its retry. The loop cannot know whether
 * the same key came with another body: the HTTP layer keeps that record (R12).
 *
 * `alsoAppend` adds other streams' events to the command's append (one `appendMany`: one durable
 * write), e.g. the request's answer built from the state the command leads to. A conflict on one
 * of those streams is not retried: it is the caller's (an answer already recorded, say).
 */
import { randomUUID } from 'node:crypto';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { deterministicEventId } from './event-id';
import { WrongExpectedRevisionError } from './event-store.errors';
import type { AppendResult, EventStore, NewEvent, StoredEvent, StreamAppend } from './event-store.port';

/** An event as a decider produces it; the loop adds the metadata. */
export interface NewEventData<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  /** Rarely needed extra metadata; the loop's own keys (eventId, schemaVersion…) win. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * emmett-style decider. `decide` may return an fp-ts Either (Left = refusal) or a plain array.
 * `evolve` receives what `upcast` makes of each stored event (by default the stored event itself).
 */
export interface Decider<Command, State, Event extends NewEventData, Refusal = never, Evolved = Event> {
  decide(command: Command, state: State): Either<Refusal, readonly Event[]> | readonly Event[];
  evolve(state: State, event: Evolved): State;
  initialState(): State;
}

export interface CommandMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: { readonly userId: string; readonly role: string };
  /** Any other keys to stamp on every event of the command. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface HandleCommandOptions<Command, Evolved, State = unknown, Event = unknown> {
  readonly streamId: string;
  readonly command: Command;
  /** The client's idempotency key: makes event ids deterministic (R12). Random ids without it. */
  readonly idempotencyKey?: string;
  /** Correlation/causation ids (default: the idempotency key, else a fresh id) and actor. */
  readonly metadata?: CommandMetadata;
  /** Schema version stamped on each event, by type (R16). */
  readonly schemaVersionOf: (type: string) => number;
  /** Stored event → what `evolve` takes (upcasting older schema versions). */
  readonly upcast?: (event: StoredEvent) => Evolved;
  /**
   * Other streams' appends written atomically with the command's events (`appendMany`), from the
   * state the command decided on and the events it decided (fold them for the state after).
   * Called on each attempt that has events to append; never when the decision appends nothing.
   * A `WrongExpectedRevisionError` on one of their streams rejects at once (no retry).
   */
  readonly alsoAppend?: (state: State, events: readonly Event[]) => readonly StreamAppend[];
  /** Retries after a revision conflict (default 5, so at most 6 attempts). */
  readonly retries?: number;
  /** Backoff before retry n (1-based): random() × min(maxMs, initialMs × 2^(n−1)). Defaults 5 and 100 ms. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Injected for tests (default: a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface CommandResult<State> {
  /** The events appended by this command, as stored (or the original ones when deduplicated). */
  readonly events: readonly StoredEvent[];
  /** State after the command (the whole stream folded). */
  readonly state: State;
  /** Revision of the stream's last event after the command, -1 when the stream does not exist. */
  readonly nextExpectedRevision: number;
  /** True when the command's events were already in the stream: nothing was appended. */
  readonly deduplicated: boolean;
  /** True when `alsoAppend`'s appends were written with the command's events by this call. */
  readonly alsoAppended: boolean;
  /** How many read-decide-append rounds it took. */
  readonly attempts: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one command against one stream. Resolves to Left(refusal) when the decider refuses,
 * Right(result) otherwise. Rejects with `WrongExpectedRevisionError` once the retries are spent,
 * and with any other store error as is (`EventIdConflictError`, `StreamDeletedError`…).
 */
export async function handleCommand<Command, State, Event extends NewEventData, Refusal, Evolved = StoredEvent>(
  store: EventStore,
  decider: Decider<Command, State, Event, Refusal, Evolved>,
  options: HandleCommandOptions<Command, Evolved, State, Event>,
): Promise<Either<Refusal, CommandResult<State>>> {
  const { streamId, command, idempotencyKey } = options;
  const upcast = options.upcast ?? ((event: StoredEvent) => event as unknown as Evolved);
  const retries = options.retries ?? 5;
  const initialMs = options.backoff?.initialMs ?? 5;
  const maxMs = options.backoff?.maxMs ?? 100;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const commandId = idempotencyKey ?? randomUUID();
  const eventIdAt = idempotencyKey === undefined ? () => randomUUID() : (index: number) => deterministicEventId(`${streamId}:${idempotencyKey}`, index);
  const firstEventId = idempotencyKey === undefined ? undefined : eventIdAt(0);
  const fold = (state: State, events: readonly StoredEvent[]) => events.reduce((current, event) => decider.evolve(current, upcast(event)), state);

  for (let attempt = 1; ; attempt++) {
    const read = await store.readStream(streamId);
    const state = fold(decider.initialState(), read.events);

    if (firstEventId !== undefined) {
      const original = originalEvents(read.events, firstEventId, eventIdAt);
      if (original) return right({ events: original, state, nextExpectedRevision: read.currentRevision, deduplicated: true, alsoAppended: false, attempts: attempt });
    }

    const decided = decider.decide(command, state);
    const decision: Either<Refusal, readonly Event[]> = Array.isArray(decided) ? right(decided as readonly Event[]) : (decided as Either<Refusal, readonly Event[]>);
    if (isLeft(decision)) return left(decision.left);
    const newEvents = decision.right;
    if (newEvents.length === 0) return right({ events: [], state, nextExpectedRevision: read.currentRevision, deduplicated: false, alsoAppended: false, attempts: attempt });

    const toAppend: NewEvent[] = newEvents.map((event, index) => ({
      type: event.type,
      data: event.data,
      metadata: {
        correlationId: options.metadata?.correlationId ?? commandId,
        causationId: options.metadata?.causationId ?? commandId,
        ...(options.metadata?.actor ? { actor: options.metadata.actor } : {}),
        ...options.metadata?.extra,
        ...event.metadata,
        eventId: eventIdAt(index),
        schemaVersion: options.schemaVersionOf(event.type),
      },
    }));

    const expectedRevision = read.currentRevision === -1 ? 'no_stream' : read.currentRevision;
    const others = options.alsoAppend?.(state, newEvents) ?? [];
    try {
      let appended: AppendResult;
      let alsoAppended = false;
      if (others.length === 0) {
        appended = await store.appendToStream(streamId, toAppend, { expectedRevision });
      } else {
        const written = await store.appendMany([{ streamId, events: toAppend, expectedRevision }, ...others]);
        appended = written.streams[0];
        alsoAppended = written.streams.slice(1).some((result) => !result.deduplicated);
      }
      const firstRevision = appended.nextExpectedRevision - toAppend.length + 1;
      const stored = (await store.readStream(streamId, { fromRevision: firstRevision, maxCount: toAppend.length })).events;
      if (appended.deduplicated) {
        const after = await store.readStream(streamId);
        return right({ events: stored, state: fold(decider.initialState(), after.events), nextExpectedRevision: after.currentRevision, deduplicated: true, alsoAppended, attempts: attempt });
      }
      return right({ events: stored, state: fold(state, stored), nextExpectedRevision: appended.nextExpectedRevision, deduplicated: false, alsoAppended, attempts: attempt });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || error.streamId !== streamId || attempt > retries) throw error;
      await sleep(random() * Math.min(maxMs, initialMs * 2 ** (attempt - 1)));
    }
  }
}

/** The command's events already in the stream (ids eventIdAt(0), eventIdAt(1)… in a row), if any. */
function originalEvents(events: readonly StoredEvent[], firstEventId: string, eventIdAt: (index: number) => string): StoredEvent[] | undefined {
  const start = events.findIndex((event) => event.metadata.eventId === firstEventId);
  if (start === -1) return undefined;
  const found = [events[start]];
  for (let i = start + 1; i < events.length && events[i].metadata.eventId === eventIdAt(found.length); i++) found.push(events[i]);
  return found;
}
