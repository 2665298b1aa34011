// The « Inscriptions périscolaires » block: each child's school, grade and activities, the
// recap PDF over a period (guide 5), and the choice of deadline reminders by e-mail.
// Then the attestation fiscale de frais de garde of a year (R21).

import { h } from '../dom.js';
import { remindersPanel } from '../reminders-choice.js';
import { taxCertificatePanel } from '../tax-certificate.js';
import { formatShortDate } from '../format.js';
import { notice, pageTitle, pdfButton } from '../ui.js';

export async function enrolmentsView(ctx) {
  const [catalog, family, reminders] = await Promise.all([ctx.catalog(), ctx.family(), remindersPanel(ctx)]);
  const activities = new Map((catalog.activities ?? []).map((activity) => [activity.id, activity.label]));
  const start = catalog.schoolYear?.start ?? '';
  const end = catalog.schoolYear?.end ?? '';
  const from = h('input', { type: 'date', id: 'recap-du', name: 'from', value: start, min: start, max: end, required: true });
  const to = h('input', { type: 'date', id: 'recap-au', name: 'to', value: end, min: start, max: end, required: true });
  const pdfSlot = h('div', { class: 'recap__download' });
  const problem = h('div', { class: 'form-error' });

  const refreshLink = () => {
    problem.replaceChildren();
    if (!from.value || !to.value || from.value > to.value) {
      pdfSlot.replaceChildren();
      problem.replaceChildren(notice('error', h('p', null, 'Choisissez une période valide : la date de début doit précéder la date de fin.')));
      return;
    }
    pdfSlot.replaceChildren(
      pdfButton(ctx, {
        label: 'Télécharger le récapitulatif en PDF',
        path: ctx.familyPath(`/recap.pdf?from=${from.value}&to=${to.value}`),
        filename: `recapitulatif-${from.value}-${to.value}.pdf`,
      }),
    );
  };
  from.addEventListener('change', refreshLink);
  to.addEventListener('change', refreshLink);
  refreshLink();

  return [
    pageTitle('Inscriptions périscolaires'),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'enfants-titre' },
      h('h2', { id: 'enfants-titre' }, 'Vos enfants et leurs activités'),
      h(
        'ul',
        { class: 'enrolments' },
        (family.children ?? []).map((child) =>
          h(
            'li',
            { class: 'enrolment' },
            h('h3', null, `${child.firstName} ${child.lastName ?? ''}`.trim()),
            h('p', null, [child.grade, child.school].filter(Boolean).join(' — ')),
            h('ul', null, (child.activityIds ?? []).map((id) => h('li', null, activities.get(id) ?? id))),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'recap-titre' },
      h('h2', { id: 'recap-titre' }, 'Récapitulatif des réservations'),
      h('p', null, `Le récapitulatif liste, pour chaque enfant et chaque activité, les jours réservés sur la période choisie (année scolaire : du ${start ? formatShortDate(start) : '…'} au ${end ? formatShortDate(end) : '…'}).`),
      h(
        'div',
        { class: 'recap__period' },
        h('div', { class: 'field' }, h('label', { for: 'recap-du' }, 'Du'), from),
        h('div', { class: 'field' }, h('label', { for: 'recap-au' }, 'Au'), to),
      ),
      problem,
      pdfSlot,
    ),
    reminders,
    taxCertificatePanel(ctx),
    h('p', null, h('a', { href: '#/planning' }, 'Accès au planning des réservations')),
  ];
}
