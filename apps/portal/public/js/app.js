// The portal's shell: session, shared context, hash router, focus and page titles.
// Routes are in the fragment (#/planning, #/commande/<id>, …) so the API serves one static page.

import { ApiError, createApi } from './api.js';
import { footerContact } from './contact.js';
import { replaceChildren } from './dom.js';
import { Draft } from './draft.js';
import { errorMessage } from './messages.js';
import { SlotAlerts } from './slot-alerts.js';
import { clearSession, consumeIdentityProviderFragment, readSession } from './session.js';
import { actionButton, errorNotice, pageTitle } from './ui.js';
import { absencesView } from './views/absences.view.js';
import { cancellationView } from './views/cancellation.view.js';
import { creditsView } from './views/credits.view.js';
import { enrolmentsView } from './views/enrolments.view.js';
import { historyView } from './views/history.view.js';
import { orderView } from './views/order.view.js';
import { planningView } from './views/planning.view.js';
import { requestView } from './views/request.view.js';
import { signInView } from './views/sign-in.view.js';

const CHECKOUT_MARKER = 'periscol.checkout';

const main = /** @type {HTMLElement} */ (document.getElementById('contenu'));
const liveRegion = /** @type {HTMLElement} */ (document.getElementById('annonces'));
const nav = /** @type {HTMLElement} */ (document.getElementById('navigation'));
const familyLabel = /** @type {HTMLElement} */ (document.getElementById('famille'));
const townLabel = /** @type {HTMLElement} */ (document.getElementById('municipalite'));
const contactLine = /** @type {HTMLElement} */ (document.getElementById('contact-service'));

const routes = [
  { pattern: /^connexion$/, view: signInView, title: 'Connexion', public: true },
  { pattern: /^(planning)?$/, view: planningView, title: 'Planning de réservation', nav: 'planning' },
  { pattern: /^demande$/, view: requestView, title: 'Détail de votre demande', nav: 'planning' },
  { pattern: /^commande\/([^/]+)$/, view: orderView, title: 'Détail de la réservation', nav: 'planning' },
  { pattern: /^annulation\/([^/]+)$/, view: cancellationView, title: "Détail de l'annulation", nav: 'planning' },
  { pattern: /^avoirs$/, view: creditsView, title: 'Mes avoirs', nav: 'avoirs' },
  { pattern: /^absences$/, view: absencesView, title: 'Absences justifiées', nav: 'absences' },
  { pattern: /^historique$/, view: historyView, title: 'Historique', nav: 'historique' },
  { pattern: /^inscriptions$/, view: enrolmentsView, title: 'Inscriptions périscolaires', nav: 'inscriptions' },
];

let session = consumeIdentityProviderFragment() ?? readSession();
let catalogPromise = null;
let familyPromise = null;
let draft = session ? new Draft(session.familyId) : null;
let renderCount = 0;

const api = createApi({
  getToken: () => session?.token ?? null,
  onUnauthorized: () => signOut('Votre session a expiré. Merci de vous reconnecter.'),
});

/** What every view receives. */
const ctx = {
  api,
  get session() {
    return session;
  },
  get draft() {
    return draft;
  },
  /** Messages pinned to a day's card until the parent acts on them. */
  get alerts() {
    return session ? new SlotAlerts(session.familyId) : null;
  },
  /** The catalog (activities, time zone, school year), fetched once. */
  catalog() {
    catalogPromise ??= api.get('/api/catalog').catch((error) => {
      catalogPromise = null;
      throw error;
    });
    return catalogPromise;
  },
  /** The signed-in family (children, credit balance); `fresh` after a change of credit. */
  family({ fresh = false } = {}) {
    if (!session) return Promise.reject(new ApiError(401, 'UNAUTHENTICATED', 'Non connecté'));
    if (fresh) familyPromise = null;
    familyPromise ??= api.get(`/api/families/${encodeURIComponent(session.familyId)}`).catch((error) => {
      familyPromise = null;
      throw error;
    });
    return familyPromise;
  },
  familyPath(suffix = '') {
    return `/api/families/${encodeURIComponent(session.familyId)}${suffix}`;
  },
  signIn(newSession) {
    session = newSession;
    draft = new Draft(newSession.familyId);
    familyPromise = null;
    navigate('#/planning');
  },
  /** Says something through the polite live region (running total, results). */
  announce(text) {
    liveRegion.textContent = '';
    // A new text node in a later frame makes screen readers read it even when unchanged.
    requestAnimationFrame(() => {
      liveRegion.textContent = text;
    });
  },
  navigate,
  markCheckout(orderId) {
    sessionStorage.setItem(CHECKOUT_MARKER, orderId);
  },
  /** Whether this render is still the current page (async work may finish after a navigation). */
  isCurrent: (token) => token === renderCount,
};

/** An element (by id) to focus once the next page is shown, instead of its heading. */
let focusAfterRender = null;

function navigate(hash, { focus } = {}) {
  focusAfterRender = focus ?? null;
  if (location.hash === hash) void route();
  else location.hash = hash;
}

function signOut(message) {
  clearSession();
  session = null;
  draft = null;
  familyPromise = null;
  sessionStorage.setItem('periscol.signout-message', message ?? '');
  navigate('#/connexion');
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  return { path: decodeURIComponent(path), query: new URLSearchParams(query) };
}

let firstRender = true;
let previousPath = null;

async function route() {
  const token = ++renderCount;
  let { path, query } = parseHash();
  // Paging through weeks re-renders the same page: keep the focus on the control used.
  const keptFocusId = path === previousPath && main.contains(document.activeElement) ? document.activeElement?.id : null;
  previousPath = path;

  // Back from the payment site: whatever return address the API gave, show the order paid for.
  const returningOrder = sessionStorage.getItem(CHECKOUT_MARKER);
  if (returningOrder && session) {
    sessionStorage.removeItem(CHECKOUT_MARKER);
    if (path !== `commande/${returningOrder}`) {
      location.replace(`#/commande/${encodeURIComponent(returningOrder)}?retour=paiement`);
      return;
    }
    query.set('retour', query.get('retour') ?? 'paiement');
  }

  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find(({ m }) => m);
  if (!match) {
    location.replace('#/planning');
    return;
  }
  if (!match.r.public && !session) {
    location.replace('#/connexion');
    return;
  }
  if (match.r.public && session && path === 'connexion') {
    location.replace('#/planning');
    return;
  }

  updateChrome(match.r);
  document.title = `${match.r.title} — Le prépaiement`;
  main.setAttribute('aria-busy', 'true');
  try {
    const nodes = await match.r.view(ctx, { id: match.m[1], query, token });
    if (!ctx.isCurrent(token)) return;
    replaceChildren(main, ...(Array.isArray(nodes) ? nodes : [nodes]));
  } catch (error) {
    if (!ctx.isCurrent(token)) return;
    replaceChildren(
      main,
      pageTitle(match.r.title),
      errorNotice(error),
      actionButton('Réessayer', () => route(), { variant: 'secondary' }),
    );
    ctx.announce(errorMessage(error));
  } finally {
    if (ctx.isCurrent(token)) main.removeAttribute('aria-busy');
  }
  const asked = focusAfterRender ? document.getElementById(focusAfterRender) : null;
  focusAfterRender = null;
  if (asked && main.contains(asked)) asked.focus();
  else if (!firstRender) {
    const kept = keptFocusId ? document.getElementById(keptFocusId) : null;
    (kept && main.contains(kept) ? kept : main.querySelector('h1'))?.focus();
  }
  firstRender = false;
}

function updateChrome(current) {
  nav.hidden = !session;
  familyLabel.hidden = !session;
  if (session) familyLabel.textContent = session.label ?? '';
  for (const link of nav.querySelectorAll('a[data-route]')) {
    if (link.dataset.route === current.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  ctx
    .catalog()
    .then((catalog) => {
      const name = catalog?.municipality?.name ?? catalog?.municipality;
      if (typeof name === 'string' && name) townLabel.textContent = name;
      const contact = footerContact(catalog);
      replaceChildren(contactLine, contact);
      contactLine.hidden = contact.length === 0;
    })
    .catch(() => undefined);
}

document.getElementById('deconnexion')?.addEventListener('click', () => signOut(''));
// A link to the page already shown (« Planning » while on the planning) still reloads it.
nav.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
  if (link && link.getAttribute('href') === location.hash) void route();
});
window.addEventListener('hashchange', () => void route());
// Back from the payment site, the browser may restore this page as it was left (back/forward
// cache): render it again so it says whether the payment was made.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) void route();
});
void route();

