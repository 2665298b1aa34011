// The back office's shell: session, role, hash router, navigation per role, focus and titles.
// Routes are in the fragment (#/familles, #/famille/<id>, …) so the API serves one static page.

import { ApiError, createApi } from './api.js';
import { h, replaceChildren } from './dom.js';
import { errorMessage } from './messages.js';
import { can, ROLE_LABELS } from './roles.js';
import { clearSession, consumeIdentityProviderFragment, readSession } from './session.js';
import { errorNotice, notice, pageHeading } from './ui.js';
import { absencesView } from './views/absences.view.js';
import { attendanceView } from './views/attendance.view.js';
import { pointageView } from './views/pointage.view.js';
import { childView } from './views/child.view.js';
import { closuresView } from './views/closures.view.js';
import { enrolChildView } from './views/enrol-child.view.js';
import { erasePersonalDataView } from './views/erase-personal-data.view.js';
import { familyView } from './views/family.view.js';
import { journalView } from './views/journal.view.js';
import { moneyView } from './views/money.view.js';
import { quotientView } from './views/quotient.view.js';
import { registerFamilyView } from './views/register-family.view.js';
import { searchView } from './views/search.view.js';
import { signInView } from './views/sign-in.view.js';
import { verifyView } from './views/verify.view.js';

const main = /** @type {HTMLElement} */ (document.getElementById('contenu'));
const liveRegion = /** @type {HTMLElement} */ (document.getElementById('annonces'));
const nav = /** @type {HTMLElement} */ (document.getElementById('navigation'));
const navLinks = /** @type {HTMLElement} */ (document.getElementById('navigation-liens'));
const userLabel = /** @type {HTMLElement} */ (document.getElementById('utilisateur'));
const townLabel = /** @type {HTMLElement} */ (document.getElementById('municipalite'));

/** Navigation entries, each shown only to the roles that may use it. */
const NAV = [
  { route: 'familles', label: 'Familles', ability: 'families.read' },
  { route: 'nouvelle-famille', label: 'Inscrire une famille', ability: 'families.register' },
  { route: 'jours', label: 'Jours de service', ability: 'closures.read' },
  { route: 'presences', label: 'Présences', ability: 'attendance.read' },
  { route: 'absences', label: 'Absences', ability: 'absences.decide' },
  { route: 'argent', label: 'Argent', ability: 'money.read' },
  { route: 'journal', label: 'Journal de la régie', ability: 'journal.read' },
  { route: 'verification', label: 'Vérification', ability: 'audit.verify' },
];

const routes = [
  { pattern: /^connexion$/, view: signInView, title: 'Connexion', public: true },
  { pattern: /^(?:familles)?$/, view: searchView, title: 'Rechercher une famille', ability: 'families.read', nav: 'familles' },
  { pattern: /^famille\/([^/]+)$/, view: familyView, title: 'Dossier de la famille', ability: 'families.read', nav: 'familles' },
  { pattern: /^famille\/([^/]+)\/inscrire-enfant$/, view: enrolChildView, title: 'Inscrire un enfant', ability: 'families.enrol', nav: 'familles' },
  { pattern: /^famille\/([^/]+)\/enfant\/([^/]+)$/, view: childView, title: 'Enfant', ability: 'families.qf', nav: 'familles' },
  { pattern: /^famille\/([^/]+)\/quotient$/, view: quotientView, title: 'Mettre à jour le quotient familial', ability: 'families.qf', nav: 'familles' },
  { pattern: /^nouvelle-famille$/, view: registerFamilyView, title: 'Inscrire une famille', ability: 'families.register', nav: 'nouvelle-famille' },
  { pattern: /^jours$/, view: closuresView, title: 'Jours de service', ability: 'closures.read', nav: 'jours' },
  { pattern: /^presences$/, view: attendanceView, title: 'Présences', ability: 'attendance.read', nav: 'presences' },
  { pattern: /^absences$/, view: absencesView, title: 'Absences', ability: 'absences.decide', nav: 'absences' },
  { pattern: /^argent$/, view: moneyView, title: 'Argent', ability: 'money.read', nav: 'argent' },
  { pattern: /^journal$/, view: journalView, title: 'Journal de la régie', ability: 'journal.read', nav: 'journal' },
  { pattern: /^famille\/([^/]+)\/effacement$/, view: erasePersonalDataView, title: 'Effacer les données personnelles', ability: 'families.erase', nav: 'familles' },
  { pattern: /^verification$/, view: verifyView, title: 'Vérification de l’historique', ability: 'audit.verify', nav: 'verification' },
  { pattern: /^pointage$/, view: pointageView, title: 'Pointage', ability: 'attendance.mark', nav: 'presences' },
];

const fromProvider = consumeIdentityProviderFragment();
let session = fromProvider && fromProvider !== 'refused' ? fromProvider : readSession();
let catalogPromise = null;
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
  /** @param {string} ability */
  can: (ability) => can(session?.role, ability),
  /** The catalog (activities, closures, time zone), fetched again when `fresh`. */
  catalog({ fresh = false } = {}) {
    if (fresh) catalogPromise = null;
    catalogPromise ??= api.get('/api/catalog').catch((error) => {
      catalogPromise = null;
      throw error;
    });
    return catalogPromise;
  },
  /** Says `text` to screen readers (the polite live region). */
  announce(text) {
    liveRegion.textContent = '';
    setTimeout(() => (liveRegion.textContent = text), 50);
  },
  signIn(newSession) {
    session = newSession;
    location.hash = '#/familles';
  },
  signOut,
  go(hash) {
    if (location.hash === hash) void render();
    else location.hash = hash;
  },
};

function signOut(message) {
  session = null;
  clearSession();
  sessionStorage.setItem('periscol.agents.signout', message ?? '');
  location.hash = '#/connexion';
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  return { path: decodeURIComponent(path), query: new URLSearchParams(query) };
}

function renderNavigation(current) {
  nav.hidden = !session;
  userLabel.hidden = !session;
  if (!session) return;
  replaceChildren(userLabel, `${ROLE_LABELS[session.role]}${session.label ? ` — ${session.label}` : ''}${session.demo ? ' (démo)' : ''}`);
  replaceChildren(
    navLinks,
    NAV.filter((entry) => can(session?.role, entry.ability)).map((entry) =>
      h('li', null, h('a', { href: `#/${entry.route}`, 'aria-current': entry.route === current ? 'page' : null }, entry.label)),
    ),
    h('li', null, h('button', { type: 'button', class: 'link-button', onclick: () => signOut('Vous êtes déconnecté.') }, 'Se déconnecter')),
  );
}

async function render() {
  const count = ++renderCount;
  const { path, query } = parseHash();
  const route = routes.find((r) => r.pattern.test(path));
  if (!session && !route?.public) {
    location.replace('#/connexion');
    return;
  }
  if (session && route?.public) {
    location.replace('#/familles');
    return;
  }
  renderNavigation(route?.nav);
  let title = route?.title ?? 'Page introuvable';
  let content;
  if (!route) {
    content = [pageHeading(title), notice('info', 'Cette page n’existe pas. ', h('a', { href: '#/familles' }, 'Retour à la recherche des familles'))];
  } else if (route.ability && !can(session?.role, route.ability)) {
    title = 'Accès non autorisé';
    content = [pageHeading(title), notice('warning', 'Votre rôle ne donne pas accès à cette page.')];
  } else {
    try {
      const params = path.match(route.pattern)?.slice(1) ?? [];
      const result = await route.view(ctx, params, query);
      if (count !== renderCount) return;
      title = result.title ?? title;
      content = result.content;
    } catch (error) {
      if (count !== renderCount) return;
      // A view's own bug (not an API refusal) reaches the console, where the browser tests fail on it.
      if (!(error instanceof ApiError)) console.error(error);
      content = [pageHeading(title), errorNotice(error)];
      ctx.announce(errorMessage(error));
    }
  }
  if (count !== renderCount) return;
  replaceChildren(main, content);
  document.title = `${title} — Back office périscolaire`;
  const heading = main.querySelector('h1');
  (heading ?? main).focus();
}

async function start() {
  try {
    const catalog = await ctx.catalog();
    replaceChildren(townLabel, catalog.municipality?.name ?? 'Ma commune');
  } catch {
    // The pages that need the catalog say what went wrong.
  }
  if (fromProvider === 'refused') sessionStorage.setItem('periscol.agents.signout', 'Ce compte n’a pas de rôle du back office (agent, régisseur, administrateur ou auditeur).');
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();
