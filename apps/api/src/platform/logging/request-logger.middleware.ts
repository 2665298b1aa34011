import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ApiRequest, HttpRequest, HttpResponse, Middleware } from '../http/api-request';

const SANE_REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** When the request reached the logger (`performance.now()` ms), kept on the response. */
const STARTED = Symbol('requestStartedMs');

type TimedResponse = HttpResponse & { [STARTED]?: number; req: HttpRequest };

/**
 * One log line per request: method, route pattern (never the concrete path, which holds ids of
 * families), status, duration, request id and the actor's role. No names, e-mails nor bodies
 * (R17). Also gives every request an id, echoed in `X-Request-Id`.
 *
 * On the hot path of every request: one `finish` listener shared by all requests (no closure
 * per request), a float clock, and a flat object of six fields for pino.
 */
export function requestLogger(logger: Logger): Middleware {
  function logFinished(this: TimedResponse): void {
    const req = this.req as ApiRequest;
    const ms = performance.now() - (this[STARTED] ?? 0);
    logger.info(
      {
        requestId: req.requestId,
        method: req.method,
        route: routePattern(req, this),
        status: this.statusCode,
        ms: Math.round(ms * 100) / 100,
        role: req.actor?.role ?? 'anonymous',
      },
      'request',
    );
  }

  return (req, res, next) => {
    const apiReq = req as ApiRequest;
    const incoming = req.headers['x-request-id'];
    apiReq.requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', apiReq.requestId);
    (res as TimedResponse)[STARTED] = performance.now();
    res.on('finish', logFinished);
    next();
  };
}

function routePattern(req: HttpRequest, res: HttpResponse): string {
  const route = req.route;
  if (route && typeof route.path === 'string') return route.path;
  // No route: a static portal file, or nothing at all. Never the concrete path.
  return res.statusCode === 404 || req.path.startsWith('/api') ? '(unmatched)' : '(static)';
}
