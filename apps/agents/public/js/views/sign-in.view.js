// « Connexion »: in demo mode one user per role (the demo token route); otherwise the town's
// identity provider, which must send back a token whose `role` claim is a back-office role.
import { h } from '../dom.js';
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '../roles.js';
import { saveSession, sessionFromToken } from '../session.js';
import { errorNotice, notice, pageHeading } from '../ui.js';

const DEMO_ROLES = ['agent', 'regisseur', 'admin', 'auditor'];

export async function signInView(ctx) {
  const signedOut = sessionStorage.getItem('periscol.agents.signout');
  sessionStorage.removeItem('periscol.agents.signout');
  const demo = await ctx.api.get('/api/demo/families').then(
    () => true,
    () => false,
  );
  const slot = h('div');
  const content = [pageHeading('Connexion au back office'), signedOut ? notice('info', signedOut) : null, slot];

  if (demo) {
    const signIn = async (role, button) => {
      button.disabled = true;
      slot.replaceChildren();
      try {
        const { token } = await ctx.api.publicPost('/api/auth/demo-token', { role });
        const session = sessionFromToken(token, { demo: true });
        if (!session) throw new Error('jeton sans rôle');
        saveSession(session);
        ctx.signIn(session);
      } catch (error) {
        slot.replaceChildren(errorNotice(error));
        button.disabled = false;
      }
    };
    content.push(
      notice('warning', 'Mode démonstration : choisissez un rôle. Les données sont fictives.'),
      h(
        'ul',
        { class: 'role-list' },
        DEMO_ROLES.map((role) =>
          h(
            'li',
            null,
            h('h2', null, ROLE_LABELS[role]),
            h('p', null, ROLE_DESCRIPTIONS[role]),
            h('button', { type: 'button', class: 'button', 'data-role': role, onclick: (event) => signIn(role, event.currentTarget) }, `Se connecter : ${ROLE_LABELS[role].split(' (')[0].toLowerCase()}`),
          ),
        ),
      ),
    );
  } else {
    const provider = document.querySelector('meta[name="periscol:identity-provider"]')?.getAttribute('content') ?? '';
    if (provider) {
      const url = new URL(provider, location.href);
      url.searchParams.set('redirect_uri', `${location.origin}${location.pathname}`);
      content.push(h('p', null, 'Connectez-vous avec le compte de la commune.'), h('p', null, h('a', { class: 'button', href: url.toString() }, 'Se connecter')));
    } else {
      content.push(notice('warning', 'Aucun fournisseur d’identité n’est configuré pour ce back office : voir apps/agents/README.md.'));
    }
  }
  return { title: 'Connexion', content };
}
