// The signed-in agent: a bearer token kept in sessionStorage (gone when the tab closes). The
// role is the token's `role` claim, whichever way the token came: a demo token (demo mode), or
// the town's identity provider redirecting back with `#access_token=<jwt>` (see README.md).
import { isBackOfficeRole } from './roles.js';

const SESSION_KEY = 'periscol.agents.session';

/** @typedef {{ token: string, role: string, userId: string, label?: string, demo?: boolean }} Session */

/** The claims of a JWT, read without verifying it (the API verifies each request). */
export function decodeJwtClaims(token) {
  const part = String(token).split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

/** A session from a token, or null when its claims name no back-office role. @returns {Session | null} */
export function sessionFromToken(token, { demo = false } = {}) {
  const claims = decodeJwtClaims(token);
  if (!claims || !isBackOfficeRole(claims.role) || typeof claims.sub !== 'string') return null;
  return { token, role: claims.role, userId: claims.sub, label: typeof claims.name === 'string' ? claims.name : undefined, demo };
}

/** @returns {Session | null} */
export function readSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return stored && typeof stored.token === 'string' ? sessionFromToken(stored.token, { demo: stored.demo === true }) : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: session.token, demo: session.demo === true }));
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/**
 * Takes a token handed over by the identity provider in the fragment (`#access_token=…`),
 * keeps it when it names a back-office role, and removes it from the address bar.
 * @returns {Session | null | 'refused'}
 */
export function consumeIdentityProviderFragment() {
  const fragment = location.hash.replace(/^#/, '');
  if (!/(^|&)access_token=/.test(fragment)) return null;
  const token = new URLSearchParams(fragment).get('access_token');
  history.replaceState(null, '', `${location.pathname}${location.search}#/familles`);
  const session = token ? sessionFromToken(token) : null;
  if (!session) return 'refused';
  saveSession(session);
  return session;
}
