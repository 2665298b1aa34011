// « Effacer les données personnelles » (R17, fin de la durée de conservation): the three
// preconditions as the erasure would find them now (GET /api/admin/families/:id/erasure), what to
// settle first, then the erasure itself (POST …/erase-personal-data) once confirmed.
import { h } from '../dom.js';
import { formatDate, formatEuros } from '../format.js';
import { field, notice, pageHeading, submitting } from '../ui.js';

/** The preconditions, in the order an agent settles them, each with what to do when unmet. */
const PRECONDITIONS = [
  {
    code: 'ORDERS_PENDING',
    met: 'Aucune réservation en attente de paiement ou de validation.',
    unmet: (d) => `${d.orderIds?.length ?? 0} réservation(s) en attente de paiement ou de validation : la famille doit la payer, la valider ou l’abandonner.`,
  },
  {
    code: 'CREDIT_BALANCE_NOT_ZERO',
    met: 'Aucun avoir restant.',
    unmet: (d) => `Un avoir de ${formatEuros(d.balanceCents ?? 0)} reste à rembourser à la famille.`,
  },
  {
    code: 'RESERVATIONS_UPCOMING',
    met: 'Aucun jour réservé aujourd’hui ou plus tard.',
    unmet: (d) => `${d.count ?? 0} jour(s) réservé(s) à partir du ${d.firstDate ? formatDate(d.firstDate) : '…'} : à annuler d’abord.`,
  },
];

export async function erasePersonalDataView(ctx, [familyId]) {
  const path = `/api/admin/families/${encodeURIComponent(familyId)}`;
  const [family, readiness] = await Promise.all([ctx.api.get(`/api/families/${encodeURIComponent(familyId)}`), ctx.api.get(`${path}/erasure`)]);
  const name = family.name ?? familyId;
  const back = `#/famille/${encodeURIComponent(familyId)}`;
  const heading = pageHeading('Effacer les données personnelles', [['Familles', '#/familles'], [name, back]]);
  if (readiness.erasedAt) {
    return { title: `Effacement — ${name}`, content: [heading, notice('info', 'Les données personnelles de cette famille sont déjà effacées ; l’historique financier reste.'), h('p', null, h('a', { href: back }, 'Retour au dossier'))] };
  }

  const blockers = new Map(readiness.blockers.map((b) => [b.code, b.details ?? {}]));
  const conditions = h(
    'ul',
    { class: 'conditions', 'aria-labelledby': 'conditions-titre' },
    PRECONDITIONS.map(({ code, met, unmet }) => {
      const details = blockers.get(code);
      return h(
        'li',
        { class: details ? 'condition condition--unmet' : 'condition condition--met' },
        h('span', { class: 'condition__state' }, details ? '✗ Non remplie' : '✔ Remplie'),
        ' — ',
        details ? unmet(details) : met,
      );
    }),
  );
  const content = [
    heading,
    h('p', null, 'À la fin de la durée de conservation, les noms, l’adresse, le courriel, l’école, la classe et le quotient familial de la famille sont supprimés, ainsi que les copies des courriels envoyés. Les montants, les numéros de tickets et d’avoirs et l’historique financier restent ; les documents indiquent « données effacées ». L’effacement est définitif.'),
    h('h2', { id: 'conditions-titre' }, 'Conditions'),
    conditions,
  ];

  if (!readiness.erasable) {
    content.push(notice('warning', 'L’effacement n’est pas possible tant qu’une condition n’est pas remplie.'), h('p', null, h('a', { href: back }, 'Retour au dossier')));
    return { title: `Effacement — ${name}`, content };
  }

  const slot = h('div');
  const form = h(
    'form',
    {
      class: 'stack',
      'aria-labelledby': 'effacer-titre',
      onsubmit: async (event) => {
        event.preventDefault();
        const reason = String(new FormData(form).get('reason') ?? '').trim();
        const done = await submitting(form, slot, () => ctx.api.send('POST', `${path}/erase-personal-data`, { reason }, `erase:${familyId}`));
        if (done) {
          sessionStorage.setItem('periscol.agents.flash', 'Les données personnelles de la famille sont effacées.');
          ctx.go(back);
        }
      },
    },
    field({ label: 'Motif', name: 'reason', type: 'textarea', required: true, hint: 'Par exemple « Fin de la durée de conservation (3 ans après le départ) ». Il figure dans l’historique de la famille.', attrs: { maxlength: '500' } }),
    h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id: 'confirmer-effacement', name: 'confirm', required: true }), h('label', { for: 'confirmer-effacement' }, 'Je confirme que la durée de conservation de ce dossier est écoulée.')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button--danger' }, 'Effacer définitivement les données personnelles'), h('a', { href: back }, 'Annuler')),
  );
  content.push(h('h2', { id: 'effacer-titre' }, 'Effacer'), slot, form);
  return { title: `Effacement — ${name}`, content };
}
