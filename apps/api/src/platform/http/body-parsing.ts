import type { ApiRequest, HttpResponse, Middleware } from './api-request';
import { toErrorResponse } from './error-response';

interface BodyParserOptions {
  readonly limit: number;
  readonly type: string | readonly string[] | ((req: unknown) => boolean);
  readonly strict?: boolean;
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

/**
 * Body handling for the whole app:
 * - `/api/payments/<provider>/webhook`: any content type, kept raw (`req.body` and `req.rawBody`
 *   are the same Buffer) for signature checks;
 * - other `/api/*` routes: JSON only (UTF-8, at most `limit` bytes); a body of another type,
 *   malformed JSON or an oversized body is answered 400 with the contract's error shape here,
 *   before any route runs;
 * - everything else (portal files, the simulated payment page) is left alone.
 */
export function bodyParsing(options: { limitBytes: number }): Middleware {
  const json = express.json({ limit: options.limitBytes, type: JSON_TYPES, strict: true });
  const raw = express.raw({ limit: options.limitBytes, type: () => true });
  return (req, res, next) => {
    const done = (error?: unknown) => (error ? sendError(res, error) : next());
    if (RAW_BODY_PATH.test(req.path)) {
      raw(req, res, (error?: unknown) => {
        if (!error && Buffer.isBuffer(req.body)) (req as ApiRequest).rawBody = req.body;
        done(error);
      });
      return;
    }
    if (!req.path.startsWith('/api/')) return next();
    // `is` answers null when there is no body; an empty one (Content-Length: 0) is no body either.
    const empty = req.headers['content-length'] === '0';
    if (!empty && req.is(JSON_TYPES) === false) {
      sendError(res, Object.assign(new Error('unsupported'), { type: 'content-type.unsupported' }));
      return;
    }
    json(req, res, done);
  };
}

function sendError(res: HttpResponse, error: unknown): void {
  const answer = toErrorResponse(error);
  res.status(answer.status).json(answer.body);
}
