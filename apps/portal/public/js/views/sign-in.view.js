// Sign-in. Demo mode: pick a demo family (POST /api/auth/demo-token). Otherwise: the
// municipality's identity provider (address in <meta name="periscol:identity-provider">).

import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../messages.js';
import { saveSession } from '../session.js';
import { errorNotice, notice, pageTitle } from '../ui.js';

/** The demo families: GET /api/demo/families if the API has it, else the admin list. */
async function demoFamilies(api) {
  const list = (value) => (Array.isArray(value) ? value : value?.families ?? value?.items ?? []);
  try {
    return list(await api.get('/api/demo/families', { auth: false }));
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 401 && error.status !== 403)) throw error;
  }
  let token;
  try {
    ({ token } = await api.query('/api/auth/demo-token', { role: 'admin' }, { auth: false }));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null; // demo mode is off
    throw error;
  }
  return list(await api.get('/api/admin/families', { token }));
}

function familyDescription(family) {
  const children = (family.children ?? []).map((child) => child.firstName).filter(Boolean);
  return children.length ? `Enfants : ${children.join(', ')}` : '';
}

export async function signInView(ctx) {
  const farewell = sessionStorage.getItem('periscol.signout-message');
  sessionStorage.removeItem('periscol.signout-message');
  const intro = h('p', { class: 'lead' }, "Réservez et payez à l'avance la restauration scolaire et les accueils périscolaires de vos enfants.");
  const families = await demoFamilies(ctx.api);

  if (!families) {
    const idp = document.querySelector('meta[name="periscol:identity-provider"]')?.getAttribute('content');
    const back = `${location.origin}${location.pathname}`;
    return [
      pageTitle('Le prépaiement'),
      farewell ? notice('info', h('p', null, farewell)) : null,
      intro,
      idp
        ? h('p', null, h('a', { class: 'button button--primary', href: `${idp}${idp.includes('?') ? '&' : '?'}redirect_uri=${encodeURIComponent(back)}` }, "J'accède au planning"))
        : notice('warning', h('p', null, "La connexion n'est pas encore configurée pour cette commune. Contactez le service périscolaire.")),
    ];
  }

  const error = h('div', { class: 'form-error' });
  const options = families.map((family, index) =>
    h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'famille', id: `famille-${index}`, value: family.familyId, checked: index === 0, required: true }),
      h('label', { for: `famille-${index}` }, h('span', { class: 'choice__title' }, family.name ?? family.familyId), h('span', { class: 'choice__hint' }, familyDescription(family))),
    ),
  );
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, "J'accède au planning");
  const form = h(
    'form',
    {
      class: 'sign-in',
      onsubmit: async (event) => {
        event.preventDefault();
        const familyId = new FormData(form).get('famille');
        const family = families.find((f) => f.familyId === familyId);
        if (!family) return;
        submit.setAttribute('aria-disabled', 'true');
        error.replaceChildren();
        try {
          const { token } = await ctx.api.query('/api/auth/demo-token', { role: 'parent', familyId: family.familyId }, { auth: false });
          const session = { token, familyId: family.familyId, label: family.name, demo: true };
          saveSession(session);
          ctx.signIn(session);
        } catch (failure) {
          error.replaceChildren(errorNotice(failure));
          ctx.announce(errorMessage(failure));
        } finally {
          submit.removeAttribute('aria-disabled');
        }
      },
    },
    h('fieldset', null, h('legend', null, 'Choisissez une famille de démonstration'), options),
    error,
    submit,
  );

  return [
    pageTitle('Le prépaiement'),
    farewell ? notice('info', h('p', null, farewell)) : null,
    intro,
    notice('info', h('p', null, 'Portail de démonstration : aucune donnée réelle, aucun paiement réel.')),
    families.length ? form : notice('warning', h('p', null, "Aucune famille de démonstration n'est enregistrée.")),
  ];
}
