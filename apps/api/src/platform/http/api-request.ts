import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../auth/actor';
import type { IdempotencyContext } from '../idempotency/idempotency-context';

// @types/express is not installed: these are the parts of Express 5's request and response
// the API uses, typed here once.

export interface HttpRequest extends IncomingMessage {
  readonly params: Record<string, string>;
  readonly query: Record<string, unknown>;
  body?: unknown;
  readonly path: string;
  readonly originalUrl: string;
  /** The client's address (Express: from X-Forwarded-For only through `trust proxy` hops). */
  readonly ip?: string;
  /** The matched route (Express sets it once a route is found). */
  readonly route?: { readonly path?: unknown };
  is(types: string | readonly string[]): string | false | null;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
}

export type NextFunction = (error?: unknown) => void;
export type Middleware = (req: HttpRequest, res: HttpResponse, next: NextFunction) => void;

/**
 * What the API's middleware, guard and interceptor attach to a request.
 * Read them through the helpers and param decorators, not directly.
 */
export interface ApiRequest extends HttpRequest {
  /** Set by the request logger: the client's `X-Request-Id` when sane, else a fresh UUID. */
  requestId?: string;
  /** Set by the auth guard on authenticated routes. */
  actor?: Actor;
  /** Set by the idempotency interceptor on mutating routes. */
  idempotency?: IdempotencyContext;
  /** Exact bytes of the body, kept for signed webhooks (`/api/payments/<provider>/webhook`). */
  rawBody?: Buffer;
}

export function requestIdOf(req: HttpRequest): string | undefined {
  return (req as ApiRequest).requestId;
}
