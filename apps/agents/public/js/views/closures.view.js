// « Jours de service »: the closures decided so far (GET /api/catalog) and, for an
// administrator, closing a day (strike, outing, closed kitchen) for the whole town or for one
// school (the schools the children's records name, GET /api/admin/schools): first a preview of
// what it will cause (POST /api/admin/closures/preview), then the closure itself
// (POST /api/admin/closures) once confirmed.
import { h, replaceChildren, table } from '../dom.js';
import { formatDate, formatEuros } from '../format.js';
import { errorNotice, field, notice, pageHeading, selectField, submitting } from '../ui.js';

export async function closuresView(ctx) {
  const catalog = await ctx.catalog({ fresh: true });
  const activity = (id) => catalog.activities.find((a) => a.id === id)?.label ?? id;
  const closed = sessionStorage.getItem('periscol.agents.closed');
  sessionStorage.removeItem('periscol.agents.closed');
  if (closed) ctx.announce(closed);
  const content = [pageHeading('Jours de service'), closed ? notice('success', closed) : null];

  if (ctx.can('closures.close')) {
    const { schools } = await ctx.api.get('/api/admin/schools');
    const slot = h('div');
    const previewSlot = h('div', { id: 'apercu' });
    const form = h(
      'form',
      {
        class: 'stack',
        'aria-labelledby': 'fermer-titre',
        onsubmit: async (event) => {
          event.preventDefault();
          const data = new FormData(form);
          const school = String(data.get('school') ?? '');
          const request = { activityId: String(data.get('activityId')), date: String(data.get('date')), reason: String(data.get('reason') ?? '').trim(), ...(school ? { school } : {}) };
          previewSlot.replaceChildren();
          const preview = await submitting(form, slot, () => ctx.api.ask('/api/admin/closures/preview', request));
          if (preview) showPreview(ctx, previewSlot, request, preview, activity);
        },
      },
      selectField({ label: 'Activité', name: 'activityId', required: true, options: catalog.activities.map((a) => [a.id, a.label]) }),
      field({ label: 'Jour', name: 'date', type: 'date', required: true, attrs: { min: catalog.schoolYear?.start, max: catalog.schoolYear?.end } }),
      selectField({ label: 'École', name: 'school', value: '', options: [['', 'Toutes les écoles'], ...schools.map((s) => [s, s])] }),
      field({ label: 'Motif', name: 'reason', type: 'textarea', required: true, hint: 'Par exemple « Grève du personnel de restauration ». Il figure dans l’historique des familles.', attrs: { maxlength: '500' } }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Prévisualiser la fermeture')),
    );
    content.push(
      h('h2', { id: 'fermer-titre' }, 'Fermer un jour'),
      h(
        'p',
        null,
        'La fermeture vaut pour toutes les écoles de la commune, ou pour la seule école choisie : chaque réservation de ce jour (des enfants de cette école) est annulée avec un avoir du montant payé, quel que soit le délai, et les réservations en attente de paiement qui le contiennent expirent. Les enfants des autres écoles gardent leurs réservations. Un aperçu vous est montré avant de confirmer.',
      ),
      slot,
      form,
      previewSlot,
    );
  } else {
    content.push(notice('info', 'Lecture seule : seul un administrateur peut fermer un jour de service.'));
  }

  const closures = [...catalog.closures].sort((a, b) => (a.date === b.date ? a.activityId.localeCompare(b.activityId) : a.date < b.date ? -1 : 1));
  content.push(
    h('h2', { id: 'fermetures' }, 'Jours fermés'),
    closures.length === 0
      ? h('p', null, 'Aucun jour fermé pour l’instant (hors vacances et jours fériés du calendrier).')
      : table({
          caption: 'Jours de service fermés',
          columns: ['Jour', 'Activité', 'École', 'Motif'],
          rows: closures.map((c) => [formatDate(c.date), activity(c.activityId), c.school ?? 'Toutes les écoles', c.reason]),
        }),
  );
  return { content };
}

function showPreview(ctx, slot, request, preview, activity) {
  const what = `${activity(request.activityId)} du ${formatDate(request.date)} — ${request.school ?? 'toutes les écoles'}`;
  const figures = h(
    'ul',
    { class: 'summary-figures' },
    h('li', null, h('strong', null, String(preview.families.length)), 'familles concernées'),
    h('li', null, h('strong', null, String(preview.cancelledSlots)), 'réservations annulées'),
    h('li', null, h('strong', null, formatEuros(preview.creditedCents)), 'd’avoirs créés'),
    h('li', null, h('strong', null, String(preview.expiredOrders)), 'réservations en attente expirées'),
  );
  const resultSlot = h('div');
  const confirm = h('button', { type: 'button', class: 'button button--danger' }, `Confirmer la fermeture : ${what}`);
  const cancel = h('button', { type: 'button', class: 'button button--secondary' }, 'Ne pas fermer');
  cancel.addEventListener('click', () => {
    slot.replaceChildren();
    ctx.announce('Fermeture abandonnée.');
    /** @type {HTMLElement | null} */ (document.querySelector('select[name="activityId"]'))?.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    resultSlot.replaceChildren();
    try {
      const done = await ctx.api.send('POST', '/api/admin/closures', request, `closure:${request.activityId}:${request.date}:${request.school ?? ''}`);
      const said = `Le jour est fermé${done.school ? ` pour l’école ${done.school}` : ''} : ${done.cancelledSlots} réservation${done.cancelledSlots > 1 ? 's' : ''} annulée${done.cancelledSlots > 1 ? 's' : ''}, ${formatEuros(done.creditedCents)} d’avoirs pour ${done.families} famille${done.families > 1 ? 's' : ''}, ${done.expiredOrders} réservation${done.expiredOrders > 1 ? 's' : ''} en attente expirée${done.expiredOrders > 1 ? 's' : ''}.`;
      sessionStorage.setItem('periscol.agents.closed', said);
      ctx.go('#/jours');
    } catch (error) {
      resultSlot.replaceChildren(errorNotice(error));
      confirm.disabled = false;
      cancel.disabled = false;
    }
  });
  replaceChildren(
    slot,
    h('h2', { id: 'apercu-titre', tabindex: '-1' }, `Aperçu : fermer ${what}`),
    preview.alreadyClosed ? notice('warning', `Ce jour est déjà fermé${preview.school ? ' pour cette école' : ''} : confirmer ne traitera que ce qui reste ci-dessous.`) : null,
    figures,
    preview.families.length === 0
      ? h('p', null, `Aucune famille n’a réservé ce jour${preview.school ? ' pour un enfant de cette école' : ''} : la fermeture empêchera seulement de nouvelles réservations.`)
      : table({
          caption: `Familles concernées par la fermeture (${preview.families.length})`,
          columns: ['Famille', 'Enfants dont la réservation est annulée', { label: 'Réservations annulées', number: true }, { label: 'Avoir créé', number: true }, { label: 'Réservations en attente expirées', number: true }],
          rows: preview.families.map((f) => [
            f.name ?? 'Données effacées',
            f.children.map((c) => `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim() + (c.school ? ` (${c.school})` : '')).join(', ') || '—',
            String(f.cancelledSlots),
            formatEuros(f.creditedCents),
            String(f.expiredOrders),
          ]),
          footer: ['Total', '', String(preview.cancelledSlots), formatEuros(preview.creditedCents), String(preview.expiredOrders)],
        }),
    h('div', { class: 'actions' }, confirm, cancel),
    resultSlot,
  );
  ctx.announce(`Aperçu : ${preview.cancelledSlots} réservations annulées, ${formatEuros(preview.creditedCents)} d’avoirs.`);
  /** @type {HTMLElement} */ (slot.querySelector('#apercu-titre')).focus();
}
