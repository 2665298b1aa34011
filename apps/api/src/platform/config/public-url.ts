import type { AppConfig } from './app-config';

/**
 * PUBLIC_URL is where payment sites send parents back (`${PUBLIC_URL}/#/commande/<id>?paiement=ok`).
 * The portal keeps its session per address (sessionStorage), so a parent who opened the portal at
 * `https://periscol.ville.fr` and comes back to `http://localhost:3000` lands on the sign-in page
 * right after paying. Checked at start:
 * - outside demo mode with a real payment provider (Stripe, PayFiP), PUBLIC_URL unset or pointing
 *   at this machine (localhost, 127.x, ::1) refuses to start;
 * - in demo mode, or with the simulated provider of a test installation, it is a warning (a demo
 *   on one machine is reached at localhost).
 * A malformed PUBLIC_URL is refused by `loadConfig` in every mode.
 */
export interface PublicUrlCheck {
  /** Why the server must not start; null when it may. */
  readonly refusal: string | null;
  readonly warnings: readonly string[];
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/\.$/, '');
    return LOOPBACK.test(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

export function checkPublicUrl(config: AppConfig, env: Readonly<Record<string, string | undefined>>): PublicUrlCheck {
  const unset = (env.PUBLIC_URL ?? '').trim() === '';
  if (!unset && !isLoopbackUrl(config.publicUrl)) return { refusal: null, warnings: [] };
  const what = unset ? `PUBLIC_URL is not set (default ${config.publicUrl})` : `PUBLIC_URL is ${config.publicUrl}, this machine's own address`;
  const why = 'parents who open the portal at any other address would be sent back there after paying, and land on the sign-in page';
  const fix = 'set PUBLIC_URL to the address parents type in their browser, e.g. PUBLIC_URL=https://periscol.ville.fr';
  const realProvider = config.stripe !== null || config.payfip !== null;
  if (!config.demo && realProvider) return { refusal: `PUBLIC_URL: ${what}: ${why}; ${fix}`, warnings: [] };
  return { refusal: null, warnings: [`WARNING: ${what}: ${why}. Fine on this machine alone; otherwise ${fix}.`] };
}
