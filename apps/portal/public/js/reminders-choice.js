// « Rappels par e-mail »: whether the family gets the e-mail the day before a weekly deadline
// when nothing is reserved for the coming week (GET/PUT /api/families/:id/reminders).

import { h } from './dom.js';
import { errorMessage } from './messages.js';
import { actionButton } from './ui.js';

/** The panel, or null when the API cannot say (the rest of the page still works). */
export async function remindersPanel(ctx) {
  const path = ctx.familyPath('/reminders');
  let current;
  try {
    current = (await ctx.api.get(path)).deadlineReminders === true;
  } catch {
    return null;
  }
  const box = h('input', { type: 'checkbox', id: 'rappels-email', name: 'deadlineReminders', checked: current });
  const status = h('p', { class: 'reminders__status', role: 'status' });
  const save = actionButton('Enregistrer mon choix', async () => {
    const wanted = box.checked;
    status.textContent = '';
    try {
      const answer = await ctx.api.mutate(`reminders:${wanted}`, path, { deadlineReminders: wanted }, { method: 'PUT' });
      current = answer.deadlineReminders === true;
      box.checked = current;
      status.textContent = current
        ? 'Choix enregistré : vous recevrez les rappels par e-mail.'
        : 'Choix enregistré : vous ne recevrez plus les rappels par e-mail.';
    } catch (error) {
      status.textContent = `Choix non enregistré : ${errorMessage(error)}`;
    }
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'rappels-titre' },
    h('h2', { id: 'rappels-titre' }, 'Rappels par e-mail'),
    h('p', null, 'La veille de la date limite de réservation, un e-mail vous prévient si rien n’est encore réservé pour la semaine suivante.'),
    h('div', { class: 'field field--checkbox' }, box, h('label', { for: 'rappels-email' }, 'Recevoir ces rappels par e-mail')),
    save,
    status,
  );
}
