// « Inscrire une famille » (POST /api/admin/families): the family, its first child if any;
// more children are enrolled from the family's file.
import { h } from '../dom.js';
import { checkboxGroup, field, pageHeading, submitting } from '../ui.js';

export async function registerFamilyView(ctx) {
  const catalog = await ctx.catalog();
  const slot = h('div');
  const form = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const text = (name) => String(data.get(name) ?? '').trim();
        const qf = text('quotientFamilial');
        const body = { name: text('name'), email: text('email'), resident: data.get('resident') === 'on', quotientFamilial: qf === '' ? null : Number(qf), children: [] };
        if (text('address')) body.address = text('address');
        if (text('firstName')) {
          body.children.push({ firstName: text('firstName'), lastName: text('lastName') || text('name').split(' ').at(-1), school: text('school'), grade: text('grade'), activityIds: data.getAll('activityIds').map(String) });
          if (text('birthDate')) body.children[0].birthDate = text('birthDate'); // R21, optional
        }
        const family = await submitting(form, slot, () => ctx.api.send('POST', '/api/admin/families', body, 'register-family'));
        if (family) {
          sessionStorage.setItem('periscol.agents.flash', `La famille ${family.name} est inscrite.`);
          ctx.go(`#/famille/${encodeURIComponent(family.familyId)}`);
        }
      },
    },
    h(
      'fieldset',
      null,
      h('legend', null, 'Famille'),
      h('div', { class: 'form-grid' }, field({ label: 'Nom du responsable', name: 'name', required: true, attrs: { maxlength: '200', autocomplete: 'off' } }), field({ label: 'Courriel', name: 'email', type: 'email', required: true, attrs: { autocomplete: 'off' } })),
      field({ label: 'Adresse', name: 'address', attrs: { maxlength: '500' } }),
      h('div', { class: 'form-grid' }, field({ label: 'Quotient familial', name: 'quotientFamilial', type: 'number', hint: 'Vide : non connu (tarif le plus élevé).', attrs: { min: '0', max: '1000000', step: '1' } })),
      h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id: 'resident', name: 'resident', checked: true }), h('label', { for: 'resident' }, 'Réside dans la commune')),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Premier enfant (facultatif)'),
      h('div', { class: 'form-grid' }, field({ label: 'Prénom', name: 'firstName', attrs: { maxlength: '200' } }), field({ label: 'Nom', name: 'lastName', attrs: { maxlength: '200' } })),
      h('div', { class: 'form-grid' }, field({ label: 'École', name: 'school', attrs: { maxlength: '200' } }), field({ label: 'Classe', name: 'grade', attrs: { maxlength: '50' } })),
      field({ label: 'Date de naissance', name: 'birthDate', type: 'date', hint: 'Pour l’attestation fiscale de frais de garde (enfants de moins de six ans).' }),
      checkboxGroup({ legend: 'Activités', name: 'activityIds', options: catalog.activities.map((a) => [a.id, a.label]) }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Inscrire la famille')),
  );
  return { content: [pageHeading('Inscrire une famille', [['Familles', '#/familles']]), slot, form] };
}
