// « Attestation fiscale de frais de garde » (R21): the PDF of a year for the family's children
// under six on 1 January, to declare childcare on the income tax return.

import { h } from './dom.js';
import { pdfButton } from './ui.js';

/** The last three calendar years, the one just over first (a certificate speaks for a past year). */
export function certificateYears(today = new Date()) {
  const year = today.getFullYear();
  return [year - 1, year - 2, year - 3];
}

export function taxCertificatePanel(ctx) {
  const years = certificateYears();
  const select = h('select', { id: 'attestation-annee', name: 'year' }, years.map((year) => h('option', { value: String(year) }, String(year))));
  const slot = h('div', { class: 'recap__download' });
  const refresh = () =>
    slot.replaceChildren(
      pdfButton(ctx, {
        label: `Télécharger l’attestation ${select.value}`,
        path: ctx.familyPath(`/tax-certificate.pdf?year=${select.value}`),
        filename: `attestation-fiscale-frais-de-garde-${select.value}.pdf`,
      }),
    );
  select.addEventListener('change', refresh);
  refresh();
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'attestation-titre' },
    h('h2', { id: 'attestation-titre' }, 'Attestation fiscale de frais de garde'),
    h(
      'p',
      null,
      'Pour le crédit d’impôt pour frais de garde : ce que vous avez payé dans l’année pour l’accueil périscolaire de vos enfants de moins de six ans au 1er janvier (repas de la restauration scolaire exclus). Elle vous est aussi envoyée par e-mail en janvier.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'attestation-annee' }, 'Année des paiements'), select),
    slot,
  );
}
