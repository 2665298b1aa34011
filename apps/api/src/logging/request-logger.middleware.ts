import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApiRequest, HttpRequest, HttpResponse, Middleware } from '../http/api-request';

const SANE_REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * One log line per request: method, route pattern (never the concrete path, which holds ids of
 * families), status, duration, request id and the actor's role. No names, e-mails nor bodies
 * (R17). Also gives every request an id, echoed in `X-Request-Id`.
 */
export function requestLogger(logger: Logger): Middleware {
  return (req, res, next) => {
    const apiReq = req as ApiRequest;
    const incoming = req.headers['x-request-id'];
    apiReq.requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', apiReq.requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          requestId: apiReq.requestId,
          method: req.method,
          route: routePattern(req, res),
          status: res.statusCode,
          ms: Math.round(ms * 100) / 100,
          role: apiReq.actor?.role ?? 'anonymous',
        },
        'request',
      );
    });
    next();
  };
}

function routePattern(req: HttpRequest, res: HttpResponse): string {
  const route = req.route;
  if (route && typeof route.path === 'string') return route.path;
  // No route: a static portal file, or nothing at all. Never the concrete path.
  return res.statusCode === 404 || req.path.startsWith('/api') ? '(unmatched)' : '(static)';
}
