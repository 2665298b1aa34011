import type { Logger } from 'pino';
import { ApiRequest, HttpResponse, Middleware, requestIdOf } from './api-request';
import { ApiError } from './api-error';
import { toErrorResponse } from './error-response';
import { bodyTooDeep, exceedsJsonDepth } from './json-depth';

interface BodyParserOptions {
  readonly limit: number;
  readonly type: string | readonly string[] | ((req: unknown) => boolean);
  readonly strict?: boolean;
  readonly inflate?: boolean;
}
interface ExpressBodyParsers {
  json(options: BodyParserOptions): Middleware;
  raw(options: BodyParserOptions): Middleware;
}
// Express 5's own body-parser factories; typed by hand because @types/express is not installed.
const express = require('express') as ExpressBodyParsers;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Signed webhooks: the provider's signature covers the exact bytes, so they stay raw. */
export const RAW_BODY_PATH = /^\/api\/payments\/[a-z0-9-]+\/webhook$/;

/** An absence's proof (R22), sent as the request body itself: raw bytes of any declared type (the type is read from them). */
export const PROOF_UPLOAD_PATH = /^\/api\/families\/[A-Za-z0-9][A-Za-z0-9_-]{0,63}\/absences$/;

/**
 * Body handling for the whole app:
 * - `/api/payments/<provider>/webhook`: any content type, kept raw (`req.body` and `req.rawBody`
 *   are the same Buffer) for signature checks;
 * - `POST /api/families/:familyId/absences`: an absence's proof (R22), raw, any content type
 *   (the type is read from its bytes), at most `proofLimitBytes` (`PROOF_TOO_LARGE` beyond);
 * - other `/api/*` routes: JSON only (UTF-8, at most `limit` bytes, at most `MAX_JSON_DEPTH`
 *   levels deep); a body of another type, malformed, oversized or too deep is answered 400 with
 *   the contract's error shape here, before any route runs (and before the idempotency hash);
 * - everything else (portal files, the simulated payment page) is left alone.
 *
 * Compressed bodies (`Content-Encoding` other than identity) are refused everywhere: no client
 * of ours sends them, and inflating them would let a few bytes expand up to the limit.
 */
export function bodyParsing(options: { limitBytes: number; logger: Logger; proofLimitBytes?: number }): Middleware {
  const json = express.json({ limit: options.limitBytes, type: JSON_TYPES, strict: true, inflate: false });
  const raw = express.raw({ limit: options.limitBytes, type: () => true, inflate: false });
  // A proof above the town's maximum is refused as it streams in (Content-Length first), never buffered whole.
  const proofLimitBytes = options.proofLimitBytes ?? 0;
  const proof = express.raw({ limit: proofLimitBytes, type: () => true, inflate: false });
  const sendError = (req: ApiRequest, res: HttpResponse, error: unknown) => {
    const answer = toErrorResponse(error);
    if (answer.unexpected !== undefined) options.logger.error({ err: answer.unexpected, requestId: requestIdOf(req) }, 'unexpected error');
    res.status(answer.status).json(answer.body);
  };
  return (req, res, next) => {
    if (RAW_BODY_PATH.test(req.path)) {
      raw(req, res, (error?: unknown) => {
        if (error) return sendError(req, res, error);
        if (Buffer.isBuffer(req.body)) (req as ApiRequest).rawBody = req.body;
        next();
      });
      return;
    }
    if (!req.path.startsWith('/api/')) return next();
    if (proofLimitBytes > 0 && req.method === 'POST' && PROOF_UPLOAD_PATH.test(req.path)) {
      proof(req, res, (error?: unknown) => {
        if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
          return sendError(req, res, new ApiError('PROOF_TOO_LARGE', `The proof is larger than ${proofLimitBytes} bytes`, [{ maxProofBytes: proofLimitBytes }]));
        }
        if (error) return sendError(req, res, error);
        next();
      });
      return;
    }
    // `is` answers null when there is no body; an empty one (Content-Length: 0) is no body either.
    const empty = req.headers['content-length'] === '0';
    if (!empty && req.is(JSON_TYPES) === false) {
      sendError(req, res, Object.assign(new Error('unsupported'), { type: 'content-type.unsupported' }));
      return;
    }
    json(req, res, (error?: unknown) => {
      if (error) return sendError(req, res, error);
      if (exceedsJsonDepth(req.body)) return sendError(req, res, bodyTooDeep());
      next();
    });
  };
}
