// « Inscrire un enfant » in a registered family (POST /api/admin/families/:familyId/children).
import { h } from '../dom.js';
import { checkboxGroup, field, pageHeading, submitting } from '../ui.js';

export async function enrolChildView(ctx, [familyId]) {
  const [family, catalog] = await Promise.all([ctx.api.get(`/api/families/${encodeURIComponent(familyId)}`), ctx.catalog()]);
  const name = family.name ?? familyId;
  const slot = h('div');
  const form = h(
    'form',
    {
      class: 'stack',
      novalidate: false,
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const body = {
          firstName: String(data.get('firstName') ?? '').trim(),
          lastName: String(data.get('lastName') ?? '').trim(),
          school: String(data.get('school') ?? '').trim(),
          grade: String(data.get('grade') ?? '').trim(),
          activityIds: data.getAll('activityIds').map(String),
        };
        // The attestation fiscale de frais de garde needs it (R21); optional.
        if (String(data.get('birthDate') ?? '')) body.birthDate = String(data.get('birthDate'));
        const done = await submitting(form, slot, () => ctx.api.send('POST', `/api/admin/families/${encodeURIComponent(familyId)}/children`, body, `enrol:${familyId}`));
        if (done) {
          sessionStorage.setItem('periscol.agents.flash', `${body.firstName} ${body.lastName} est inscrit(e).`);
          ctx.go(`#/famille/${encodeURIComponent(familyId)}`);
        }
      },
    },
    h('div', { class: 'form-grid' }, field({ label: 'Prénom', name: 'firstName', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }), field({ label: 'Nom', name: 'lastName', value: family.children[0]?.lastName ?? '', required: true, attrs: { maxlength: '200' } })),
    h('div', { class: 'form-grid' }, field({ label: 'École', name: 'school', required: true, attrs: { maxlength: '200' } }), field({ label: 'Classe', name: 'grade', required: true, hint: 'Par exemple CP, CE2, MS.', attrs: { maxlength: '50' } })),
    field({ label: 'Date de naissance', name: 'birthDate', type: 'date', hint: 'Pour l’attestation fiscale de frais de garde (enfants de moins de six ans).' }),
    checkboxGroup({ legend: 'Activités', name: 'activityIds', options: catalog.activities.map((a) => [a.id, a.label]) }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Inscrire l’enfant'), h('a', { href: `#/famille/${encodeURIComponent(familyId)}` }, 'Annuler')),
  );
  return {
    title: `Inscrire un enfant — ${name}`,
    content: [pageHeading('Inscrire un enfant', [['Familles', '#/familles'], [name, `#/famille/${encodeURIComponent(familyId)}`]]), slot, form],
  };
}
