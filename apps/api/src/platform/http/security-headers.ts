import helmet from 'helmet';
import type { Middleware } from './api-request';

/** Paths whose answers are public and the same for everyone: caching them is harmless. */
const CACHEABLE_API_PATHS: ReadonlySet<string> = new Set(['/api/openapi.json', '/api/docs']);

type Directives = Record<string, string[]>;

/** Never framed (clickjacking), no `<base>` rewriting, no plugins. */
const EVERYWHERE: Directives = {
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * The portal (`apps/portal/public`): its own ES modules and stylesheet, `fetch` to this origin.
 * Its views set one CSS variable through a `style` attribute (`--days`), hence `style-src-attr`;
 * `<style>` elements and inline scripts stay refused.
 */
const PORTAL: Directives = {
  ...EVERYWHERE,
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'style-src-attr': ["'unsafe-inline'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
};

/** API answers (JSON, PDF) load nothing. `/api/docs` sets its own policy. */
const API: Directives = { ...EVERYWHERE, 'default-src': ["'none'"], 'form-action': ["'none'"] };

/**
 * The simulated payment page: one inline `<style>` and `style` attributes, no script; its forms
 * post to `/pay/…`, which redirects to the portal at `publicUrl` (form-action covers redirects).
 */
function payPage(publicUrl: string): Directives {
  return { ...EVERYWHERE, 'default-src': ["'none'"], 'style-src': ["'unsafe-inline'"], 'form-action': ["'self'", new URL(publicUrl).origin] };
}

function headers(directives: Directives): Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // The municipality's other sub-domains are not ours to pin to HTTPS.
    strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false },
  }) as unknown as Middleware;
}

/**
 * Helmet's headers on every answer (`nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy:
 * no-referrer`, HSTS, COOP/CORP…), with a Content-Security-Policy per kind of page, and
 * `Cache-Control: no-store` on what may hold personal data: every `/api/` answer (PDFs too) but
 * the OpenAPI document and its page, and the payment pages. Errors answered before routing
 * (body parsing, rate limits, 404) get them too: this runs first.
 */
export function securityHeaders(options: { publicUrl: string }): Middleware {
  const portal = headers(PORTAL);
  const api = headers(API);
  const pay = headers(payPage(options.publicUrl));
  return (req, res, next) => {
    const path = req.path;
    if (path === '/api' || path.startsWith('/api/')) {
      if (!CACHEABLE_API_PATHS.has(path)) res.setHeader('Cache-Control', 'no-store');
      return api(req, res, next);
    }
    if (path === '/pay' || path.startsWith('/pay/')) {
      res.setHeader('Cache-Control', 'no-store');
      return pay(req, res, next);
    }
    return portal(req, res, next);
  };
}
