import { createHash } from 'node:crypto';
import type { StreamAppend } from '@periscol/event-store';
import type { RequestCompleted } from './request-completed.event';

/** Builds the append recording this request's answer (set by the interceptor). */
export type AnswerRecorder = (body: unknown) => StreamAppend & { readonly data: RequestCompleted };

/**
 * Handed to the handler of every mutating route. Two concurrent requests with the same key may
 * both run (only the first to record its answer is replayed), so handlers must derive every id
 * they create (orderId, event ids…) from this context: the domain then sees the same command
 * twice and the store's event-id dedupe makes the second a no-op.
 */
export class IdempotencyContext {
  /** sha256(actor scope + key), hex: stable per caller and key, never the same for two callers. */
  readonly commandKey: string;

  constructor(
    /** The client's `Idempotency-Key`. */
    readonly key: string,
    /** Who sent it, e.g. `parent:demo-parent-F1`: two callers' keys never collide. */
    readonly scope: string,
  ) {
    // JSON of the pair: unambiguous whatever characters the scope or key hold.
    this.commandKey = sha256(JSON.stringify([scope, key]));
  }

  private recorder: AnswerRecorder | undefined;
  private built: RequestCompleted | undefined;
  private written: RequestCompleted | undefined;

  /** The interceptor's part: this request's answer is to be recorded, and this is how. */
  armRecorder(recorder: AnswerRecorder): void {
    this.recorder = recorder;
  }

  /**
   * For a handler whose answer is a function of the state its command leads to: the append
   * recording that answer, to write with the command's events in one atomic append (one durable
   * write per command). Undefined when this request's answer is not recorded that way (a replay,
   * a `rerun` route): the command then appends its events alone. Tell `answerRecorded()` when the
   * command wrote it.
   */
  answerRecord<State>(answerOf: (state: State) => unknown): ((state: State) => StreamAppend) | undefined {
    const recorder = this.recorder;
    if (!recorder) return undefined;
    return (state) => {
      const append = recorder(answerOf(state));
      this.built = append.data;
      return append;
    };
  }

  /** The command wrote the record last built by `answerRecord` with its events. */
  answerRecorded(): void {
    if (!this.built) throw new Error('answerRecorded() without a record built by answerRecord()');
    this.written = this.built;
  }

  /** The answer recorded with the command's events, if it was: the interceptor answers with it. */
  get recordedAnswer(): RequestCompleted | undefined {
    return this.written;
  }

  /**
   * A stable id for something this request creates, e.g. `derivedId('order')` →
   * `order-3f1c…` (same key and caller → same id). Use distinct prefixes for distinct things.
   * For event ids pass `commandKey` to the store's `deterministicEventId(commandKey, index)`.
   */
  derivedId(prefix: string): string {
    return `${prefix}-${this.derivedHex(prefix)}`;
  }

  /**
   * The same stable id without its prefix (24 hex digits), for ids that a stream name already
   * prefixes: a family registered without an id gets `3f1c…`, its stream is `family-3f1c…`.
   */
  derivedHex(purpose: string): string {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(purpose)) throw new Error(`derivedId: prefix must be lowercase letters, digits and "-" (got "${purpose}")`);
    return sha256(`${this.commandKey}\n${purpose}`).slice(0, 24);
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
