import { isIPv6 } from 'node:net';
import type { Actor } from '../auth/actor';
import type { Clock } from '../clock/clock';
import type { RateLimits } from '../config/app-config';
import { ApiError } from './api-error';
import type { HttpRequest, Middleware } from './api-request';
import { RAW_BODY_PATH } from './body-parsing';
import { FixedWindowRateLimiter } from './rate-limiter';

export type RateBudget = keyof RateLimits;

/** Token minting and the pages and webhooks anyone can call get their own, smaller budgets. */
export function budgetOf(method: string, path: string): RateBudget | null {
  if (path.startsWith('/api/auth/')) return 'auth';
  if (method === 'POST' && RAW_BODY_PATH.test(path)) return 'webhook';
  if (path === '/pay' || path.startsWith('/pay/')) return 'pay';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return null; // the portal's static files
}

/**
 * The client's address as a rate-limit key: IPv4 as is (`::ffff:` prefix dropped), IPv6 by its
 * /64 — one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1];
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((group) => group.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export interface RateLimitingOptions {
  readonly limits: RateLimits;
  readonly clock: Clock;
  /** The bearer token's actor when the token is valid, else null (never trust an unverified subject). */
  readonly verifiedActor: (token: string) => Actor | null;
}

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Per-client request budgets per minute (`RateLimits`, 0 = unlimited), counted by client
 * address and, on the API, also by the verified bearer subject — so a family's budget follows it
 * across addresses, and a forged token costs its sender's address only. Over budget: `429
 * RATE_LIMITED` with `Retry-After`, before the body is read.
 */
export function rateLimiting(options: RateLimitingOptions): Middleware {
  const limiter = new FixedWindowRateLimiter(options.clock);
  return (req, res, next) => {
    const budget = budgetOf(req.method ?? 'GET', req.path);
    const limit = budget ? options.limits[budget] : 0;
    if (!budget || limit <= 0) return next();

    const keys = [`${budget}:ip:${clientAddressKey(req.ip)}`];
    const actor = budget === 'api' ? bearerActor(req, options) : null;
    if (actor) keys.push(`${budget}:sub:${actor.role}:${actor.userId}`);

    let retryAfterSeconds = 0;
    for (const key of keys) {
      const decision = limiter.take(key, limit);
      if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
    }
    if (retryAfterSeconds === 0) return next();

    const error = new ApiError('RATE_LIMITED', `Too many requests: retry in ${retryAfterSeconds} s`, [{ retryAfterSeconds }]);
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(error.status).json(error.toBody());
  };
}

function bearerActor(req: HttpRequest, options: RateLimitingOptions): Actor | null {
  const header = req.headers.authorization;
  const token = header ? BEARER.exec(header)?.[1] : undefined;
  return token ? options.verifiedActor(token) : null;
}
