// « Absences » (R22): after a day's cancellation deadline, the parent of a sick child declares the
// absence with a proof (a medical certificate); the service accepts it — the day is credited at
// its reserved price, like a cancellation — or refuses it with a reason. `#/absences?enfant=…&
// activite=…&date=…` (from a locked reserved day of the planning) opens the form for that day.

import { h } from '../dom.js';
import { formatDay, formatEuros, formatInstant, isoWeekOf } from '../format.js';
import { lookups } from '../lookups.js';
import { errorMessage } from '../messages.js';
import { errorNotice, notice, pageTitle } from '../ui.js';

const TYPE_NAMES = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG (photo)', 'image/png': 'PNG' };

/** « 5 Mo », « 500 Ko »: sizes as parents read them. */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} Ko`;
}

/** What the parent reads in the « État » column. */
export function absenceStateText(absence) {
  if (absence.status === 'pending') return 'En attente';
  if (absence.status === 'refused') return `Refusée : ${absence.refusalReason ?? 'motif non précisé'}`;
  if (!absence.creditCents) return 'Acceptée';
  return `Acceptée : avoir de ${formatEuros(absence.creditCents)}${absence.creditNoteNumber ? ` (note d’avoir ${absence.creditNoteNumber})` : ''}`;
}

/** « PDF, JPEG (photo) ou PNG, 5 Mo au plus » from the town's rule. */
export function acceptedProofText(rule) {
  const names = rule.proofTypes.map((type) => TYPE_NAMES[type] ?? type);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} ou ${names[names.length - 1]}` : names[0];
  return `${list}, ${formatBytes(rule.maxProofBytes)} au plus`;
}

export async function absencesView(ctx, { query }) {
  const [names, listed] = await Promise.all([lookups(ctx), ctx.api.get(ctx.familyPath('/absences'))]);
  const { rule } = listed;
  const absences = listed.absences ?? [];
  const asked = { childId: query.get('enfant'), activityId: query.get('activite'), date: query.get('date') };
  const declaring = Boolean(asked.childId && asked.activityId && asked.date && rule);

  const intro = rule
    ? h(
        'p',
        null,
        `Votre enfant est malade après le délai d’annulation ? Signalez son absence avec un justificatif (certificat médical) au plus tard ${rule.graceDays === 0 ? 'le jour même' : `${rule.graceDays} jours après le jour d’absence`}. `,
        rule.credit === 'reservedPrice' ? 'Si le service l’accepte, le jour vous est rendu en avoir, au prix payé.' : 'Si le service l’accepte, l’absence est excusée.',
        ` Activités concernées : ${rule.activities.map((activity) => activity.label).join(', ')}.`,
      )
    : notice('info', h('p', null, 'La commune ne prend pas d’absence justifiée : seuls les jours annulés avant le délai donnent un avoir.'));

  return [
    pageTitle('Absences justifiées'),
    query.get('envoyee') ? notice('success', h('p', null, h('strong', null, 'Absence signalée.'), ' Le service examine votre justificatif ; sa réponse s’affichera ci-dessous.')) : null,
    intro,
    declaring ? declareForm(ctx, rule, asked, names) : null,
    absencesTable(absences, names),
    h('p', null, h('a', { class: 'button button--secondary', href: declaring ? `#/planning?semaine=${isoWeekOf(asked.date)}` : '#/planning' }, 'Retour au planning')),
  ];
}

function declareForm(ctx, rule, slot, names) {
  const status = h('div', { class: 'absence-form__status', role: 'status', 'aria-live': 'polite' });
  const accepted = acceptedProofText(rule);
  const input = h('input', {
    type: 'file',
    id: 'justificatif',
    name: 'justificatif',
    required: true,
    accept: rule.proofTypes.join(','),
    'aria-describedby': 'justificatif-aide',
  });
  const submit = h('button', { type: 'submit', id: 'envoyer-absence', class: 'button button--primary' }, 'Envoyer la déclaration');
  const form = h(
    'form',
    {
      class: 'absence-form',
      'aria-labelledby': 'signaler-absence-titre',
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        const file = input.files?.[0];
        if (!file) return show(errorNotice({ code: 'BAD_REQUEST' }));
        if (file.size > rule.maxProofBytes) return show(notice('error', h('p', null, `Ce fichier fait ${formatBytes(file.size)} : le justificatif doit faire ${formatBytes(rule.maxProofBytes)} au plus.`)));
        submit.disabled = true;
        show(h('p', null, 'Envoi du justificatif…'));
        const params = new URLSearchParams({ childId: slot.childId, activityId: slot.activityId, date: slot.date });
        try {
          await ctx.api.upload(`absence:${slot.childId}:${slot.activityId}:${slot.date}`, ctx.familyPath(`/absences?${params}`), file);
          ctx.announce('Absence signalée. Le service vous répondra ici.');
          ctx.navigate('#/absences?envoyee=1');
        } catch (error) {
          submit.disabled = false;
          show(notice('error', h('p', null, errorMessage(error))));
          input.focus();
        }
      },
    },
    h('h2', { id: 'signaler-absence-titre' }, 'Signaler une absence'),
    h('p', null, h('strong', null, names.childName(slot.childId)), ` — ${names.activityLabel(slot.activityId)}, ${formatDay(slot.date, { withYear: true })}`),
    h('label', { for: 'justificatif' }, 'Justificatif (certificat médical)'),
    h('p', { id: 'justificatif-aide', class: 'hint' }, `Formats acceptés : ${accepted}. Le justificatif n’est vu que par le service ; il est effacé avec vos données personnelles.`),
    input,
    h('div', { class: 'actions' }, submit),
    status,
  );
  function show(node) {
    status.replaceChildren(node);
  }
  return form;
}

function absencesTable(absences, names) {
  if (absences.length === 0) return notice('info', h('p', null, 'Vous n’avez signalé aucune absence.'));
  const headers = ['Jour', 'Enfant', 'Activité', 'Signalée le', 'État'];
  return h(
    'table',
    { class: 'lines lines--stacked', id: 'absences' },
    h('caption', null, 'Vos absences signalées'),
    h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col' }, header)))),
    h(
      'tbody',
      null,
      absences.map((absence) =>
        h(
          'tr',
          { 'data-absence': absence.absenceId },
          h('td', { 'data-label': headers[0] }, formatDay(absence.date, { withYear: true })),
          h('td', { 'data-label': headers[1] }, names.childName(absence.childId)),
          h('td', { 'data-label': headers[2] }, absence.activityLabel ?? names.activityLabel(absence.activityId)),
          h('td', { 'data-label': headers[3] }, formatInstant(absence.declaredAt, names.timezone, { withYear: true })),
          h('td', { 'data-label': headers[4], class: `absence-state absence-state--${absence.status}` }, absenceStateText(absence)),
        ),
      ),
    ),
  );
}
