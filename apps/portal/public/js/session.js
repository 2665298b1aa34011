// The signed-in parent: a bearer token kept in sessionStorage (gone when the tab closes).
// Two ways in: a demo token (demo mode) or the municipality's identity provider, which
// redirects back to the portal with `#access_token=<jwt>` in the fragment (see README.md).

const SESSION_KEY = 'periscol.session';

/** @typedef {{ token: string, familyId: string, label?: string, demo?: boolean }} Session */

/** @returns {Session | null} */
export function readSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return session && typeof session.token === 'string' && typeof session.familyId === 'string' ? session : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The claims of a JWT, read without verifying it (the API verifies; we only need familyId). */
export function decodeJwtClaims(token) {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/**
 * Takes a token handed over by the identity provider in the URL fragment
 * (`#access_token=…&token_type=Bearer`), stores it and removes it from the address bar.
 * @returns {Session | null}
 */
export function consumeIdentityProviderFragment() {
  const fragment = location.hash.replace(/^#/, '');
  if (!fragment.startsWith('access_token=') && !fragment.includes('&access_token=')) return null;
  const token = new URLSearchParams(fragment).get('access_token');
  history.replaceState(null, '', `${location.pathname}${location.search}#/planning`);
  if (!token) return null;
  const claims = decodeJwtClaims(token);
  const familyId = claims?.familyId ?? claims?.family_id;
  if (typeof familyId !== 'string') return null;
  const session = { token, familyId, label: typeof claims.name === 'string' ? claims.name : undefined };
  saveSession(session);
  return session;
}
