import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import { eventActor } from '../auth/actor';
import { ApiError } from '../http/api-error';
import type { ApiRequest, HttpResponse } from '../http/api-request';
import type { ErrorKind } from '../http/error-codes';
import { toErrorResponse } from '../http/error-response';
import { isMutating, type IdempotencyMode } from '../routing/route-definition';
import { bodyHash } from './body-hash';
import { IdempotencyContext } from './idempotency-context';
import { IdempotencyRecords, isWrongExpectedRevision } from './idempotency-records';
import { IDEMPOTENCY_METADATA } from './idempotency.decorators';
import type { RequestCompleted } from './request-completed.event';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Refusals that are outcomes of the request against the state: stored and replayed (R12). */
const STORED_ERROR_KINDS: ReadonlySet<ErrorKind> = new Set(['not_found', 'conflict', 'gone', 'rule']);

interface Fingerprint {
  readonly method: string;
  readonly path: string;
  readonly bodyHash: string;
}

/**
 * R12 on every mutating route: `Idempotency-Key` required; the first completed answer (success
 * or refusal) is appended to `idempotency-<sha256(actor+key)>` with expected revision
 * `no_stream` — by the handler's command, in the same atomic append as its events, when the
 * handler asks for it (`IdempotencyContext.answerRecord`), else here once the handler answered; the same key and body → that answer again (nothing appended, handler not run);
 * another body or route → 409 IDEMPOTENCY_KEY_REUSED. Concurrent twins may both run the handler
 * (ids derived from the key make the second a domain no-op); the one that loses the append
 * answers with the winner's record. Input errors (400), auth errors and transient failures are
 * not stored: the client may fix the request and reuse its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly records: IdempotencyRecords,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<ApiRequest>();
    const res = context.switchToHttp().getResponse<HttpResponse>();
    const method = req.method ?? 'GET';
    const mode = this.reflector.get<IdempotencyMode | undefined>(IDEMPOTENCY_METADATA, context.getHandler()) ?? (isMutating(method) ? 'stored' : 'none');
    if (mode === 'none') return next.handle();

    const key = req.headers[IDEMPOTENCY_HEADER];
    if (key === undefined || key === '') {
      throw new ApiError('IDEMPOTENCY_KEY_REQUIRED', 'This request changes data: send an Idempotency-Key header (e.g. a random UUID, reused on retry)');
    }
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ApiError('IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const actor = req.actor;
    const idempotency = new IdempotencyContext(key, actor ? `${actor.role}:${actor.userId}` : 'anonymous');
    req.idempotency = idempotency;
    const streamId = IdempotencyRecords.streamId(idempotency.commandKey);
    const fingerprint: Fingerprint = { method, path: req.originalUrl, bodyHash: bodyHash(req.body) };
    const meta = { actor: actor ? eventActor(actor) : undefined, correlationId: req.requestId };

    const existing = await this.records.find(streamId);
    if (existing) {
      assertSameRequest(existing, fingerprint);
      res.setHeader(REPLAYED_HEADER, 'true');
      if (existing.bodyStored) return of(replay(res, existing));
      return next.handle(); // `rerun`: the handler is idempotent by construction; nothing appended.
    }

    const record = (status: number, body: unknown) => ({
      key,
      ...fingerprint,
      status,
      body: mode === 'stored' ? (body ?? null) : null,
      bodyStored: mode === 'stored',
    });
    // A handler whose command appends events records the answer in the same append (one durable
    // write); `rerun` answers are recorded after the handler, as are refusals and no-op commands.
    if (mode === 'stored') idempotency.armRecorder((body) => this.records.recordOf(streamId, record(res.statusCode, body), meta));

    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            // Recorded with the command's events: answer exactly what was recorded, as replays will.
            const recorded = idempotency.recordedAnswer;
            if (recorded) return replay(res, recorded);
            const outcome = await this.records.complete(streamId, record(res.statusCode, body), meta);
            if (outcome.won) return body;
            assertSameRequest(outcome.winner, fingerprint);
            res.setHeader(REPLAYED_HEADER, 'true');
            return outcome.winner.bodyStored ? replay(res, outcome.winner) : body;
          })(),
        ),
      ),
      catchError((error: unknown) =>
        from(
          (async () => {
            if (isWrongExpectedRevision(error, streamId)) {
              // A twin recorded its answer first: this command wrote nothing; answer as the twin did.
              const winner = await this.records.find(streamId);
              if (!winner) throw error;
              assertSameRequest(winner, fingerprint);
              res.setHeader(REPLAYED_HEADER, 'true');
              if (!winner.bodyStored) throw error;
              return replay(res, winner);
            }
            const answer = toErrorResponse(error);
            if (!STORED_ERROR_KINDS.has(answer.kind)) throw error;
            const outcome = await this.records.complete(streamId, record(answer.status, answer.body), meta);
            if (outcome.won) throw error;
            assertSameRequest(outcome.winner, fingerprint);
            res.setHeader(REPLAYED_HEADER, 'true');
            if (!outcome.winner.bodyStored) throw error;
            return replay(res, outcome.winner);
          })(),
        ),
      ),
    );
  }
}

function assertSameRequest(stored: RequestCompleted, current: Fingerprint): void {
  if (stored.method !== current.method || stored.path !== current.path || stored.bodyHash !== current.bodyHash) {
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another request; use a new key for a new request');
  }
}

function replay(res: HttpResponse, stored: RequestCompleted): unknown {
  res.status(stored.status);
  return stored.body;
}
