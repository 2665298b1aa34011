// « Mettre à jour le quotient familial » (PUT /api/admin/families/:familyId/quotient-familial):
// the QF and the date of its attestation; later reservations are priced with it.
import { h } from '../dom.js';
import { todayIn } from '../format.js';
import { field, pageHeading, submitting } from '../ui.js';

export async function quotientView(ctx, [familyId]) {
  const [family, catalog] = await Promise.all([ctx.api.get(`/api/families/${encodeURIComponent(familyId)}`), ctx.catalog()]);
  const name = family.name ?? familyId;
  const zone = catalog.timezone ?? 'Europe/Paris';
  const slot = h('div');
  const form = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const raw = String(data.get('quotientFamilial') ?? '').trim();
        const date = String(data.get('effectiveDate') ?? '').trim();
        const body = { quotientFamilial: raw === '' ? null : Number(raw) };
        // A past attestation's day at noon, UTC+1 (the same civil day in France, summer or winter); today: now.
        if (date && date !== todayIn(zone)) body.effectiveAt = `${date}T12:00:00+01:00`;
        const done = await submitting(form, slot, () => ctx.api.send('PUT', `/api/admin/families/${encodeURIComponent(familyId)}/quotient-familial`, body, `qf:${familyId}`));
        if (done) sessionStorage.setItem('periscol.agents.flash', 'Quotient familial enregistré.');
        if (done) ctx.go(`#/famille/${encodeURIComponent(familyId)}`);
      },
    },
    field({ label: 'Quotient familial', name: 'quotientFamilial', type: 'number', value: family.quotientFamilial === null ? '' : String(family.quotientFamilial), hint: 'Laisser vide si aucun quotient n’est connu (tarif le plus élevé).', attrs: { min: '0', max: '1000000', step: '1', inputmode: 'numeric' } }),
    field({ label: 'Date de l’attestation', name: 'effectiveDate', type: 'date', value: todayIn(zone), hint: 'Au plus tard aujourd’hui.', attrs: { max: todayIn(zone) } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Enregistrer le quotient'), h('a', { href: `#/famille/${encodeURIComponent(familyId)}` }, 'Annuler')),
  );
  return { title: `Quotient familial — ${name}`, content: [pageHeading('Mettre à jour le quotient familial', [['Familles', '#/familles'], [name, `#/famille/${encodeURIComponent(familyId)}`]]), slot, form] };
}
