// « Pointage »: on a tablet, an agent marks each child of a school present or absent for a day
// and an activity, and adds a child present without reservation (R20; GET/PUT
// /api/admin/attendance/marks, GET /api/admin/attendance/sheet and /children). Each change is
// saved at once, with the mark the agent saw: a mark another agent changed meanwhile is refused
// and shown on its row, never overwritten. Each row says its state in words and a symbol.
import { ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatDate, formatInstant, todayIn } from '../format.js';
import { errorMessage } from '../messages.js';
import { field, notice, pageHeading, selectField } from '../ui.js';

const STATUS_LABELS = { present: 'Présent', absent: 'Absent' };
const STATUS_SYMBOLS = { present: '✔', absent: '✘' };

/** « Léa Martin », or « Données effacées » once the family's personal data was erased. */
const nameOf = (child) => (child.lastName === null ? 'Données effacées' : `${child.firstName ?? ''} ${child.lastName}`.trim());
const keyOf = (child) => `${child.familyId}|${child.childId}`;

export async function pointageView(ctx, _params, query) {
  const catalog = await ctx.catalog();
  const zone = catalog.timezone ?? 'Europe/Paris';
  const date = query.get('date') ?? todayIn(zone);
  const activityId = query.get('activite') ?? catalog.activities[0]?.id;
  const school = query.get('ecole');
  const activity = catalog.activities.find((a) => a.id === activityId)?.label ?? activityId;
  const day = `date=${encodeURIComponent(date)}&activityId=${encodeURIComponent(activityId)}`;
  const all = await ctx.api.get(`/api/admin/attendance/sheet?${day}`);
  const schools = all.bySchool.map((s) => s.school).filter((s) => s !== null);
  if (school && !schools.includes(school)) schools.push(school);

  const form = h(
    'form',
    {
      class: 'search-form',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const chosen = String(data.get('school') ?? '');
        ctx.go(`#/pointage?date=${encodeURIComponent(String(data.get('date')))}&activite=${encodeURIComponent(String(data.get('activityId')))}${chosen ? `&ecole=${encodeURIComponent(chosen)}` : ''}`);
      },
    },
    field({ label: 'Jour', name: 'date', type: 'date', value: date, required: true }),
    selectField({ label: 'Activité', name: 'activityId', value: activityId, required: true, options: catalog.activities.map((a) => [a.id, a.label]) }),
    schools.length
      ? selectField({ label: 'École', name: 'school', value: school ?? schools[0], required: true, options: schools.map((s) => [s, s]) })
      : field({ label: 'École', name: 'school', value: school ?? '', required: true }),
    h('button', { type: 'submit', class: 'button' }, 'Afficher la liste'),
  );
  const content = [pageHeading('Pointage'), form];
  if (!school) {
    if (query.get('date')) content.push(notice('info', schools.length ? 'Choisissez une école puis « Afficher la liste ».' : 'Aucun enfant réservé ce jour : saisissez une école pour ajouter un enfant présent.'));
    return { content };
  }

  /** The list as last read or saved: children by key, and their marks. */
  const sheet = await ctx.api.get(`/api/admin/attendance/sheet?${day}&school=${encodeURIComponent(school)}`);
  const children = new Map(sheet.children.map((child) => [keyOf(child), child]));
  const rows = new Map();
  const figures = h('ul', { class: 'summary-figures', 'aria-label': 'Effectifs du jour' });
  const tbody = h('tbody');
  const title = `${activity} — ${formatDate(date)} — ${school}`;

  const caption = h('caption');
  function renderFigures() {
    replaceChildren(caption, `Pointage — ${school} — ${children.size} enfant${children.size > 1 ? 's' : ''}`);
    const list = [...children.values()];
    const reserved = list.filter((c) => c.reserved);
    const present = list.filter((c) => c.mark?.status === 'present');
    const counts = [
      ['Réservés', reserved.length],
      ['Présents', present.length],
      ['Absents', reserved.filter((c) => c.mark?.status === 'absent').length],
      ['Non pointés', reserved.filter((c) => !c.mark).length],
      ['Présents sans réservation', present.filter((c) => !c.reserved).length],
    ];
    replaceChildren(figures, counts.map(([label, value]) => h('li', null, h('strong', null, String(value)), label)));
  }

  /** The row's state in words (never colour alone) and whether it is saved. */
  function renderState(row, child, saving = false) {
    const mark = child.mark;
    replaceChildren(
      row.state,
      h('span', { class: `mark mark--${mark?.status ?? 'none'}` }, h('span', { 'aria-hidden': 'true' }, mark ? STATUS_SYMBOLS[mark.status] : '–'), ' ', mark ? STATUS_LABELS[mark.status] : 'Non pointé'),
      h('span', { class: 'mark-saved' }, saving ? 'Enregistrement…' : mark ? `Enregistré le ${formatInstant(mark.markedAt, zone)}` : ''),
    );
    // While saving, the agent's choice stays checked; once answered, the radios show the recorded mark.
    if (!saving) for (const input of row.inputs) input.checked = input.value === mark?.status;
  }

  function rowError(row, error, child) {
    const text =
      error instanceof ApiError && error.code === 'ATTENDANCE_MARK_CHANGED'
        ? `Un autre agent a modifié ce pointage (${child.mark ? STATUS_LABELS[child.mark.status] : 'non pointé'}) : vérifiez puis pointez à nouveau.`
        : errorMessage(error);
    replaceChildren(row.error, h('span', { class: 'field-error' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), text));
    row.tr.classList.add('row--error');
  }

  /** Applies the marks the API answered (this agent's and any other's) to the list. */
  function applyMarks(marks) {
    for (const mark of marks) {
      const key = `${mark.familyId}|${mark.childId}`;
      const child = children.get(key);
      if (!child) continue;
      child.mark = { status: mark.status, reserved: mark.reserved, agentId: mark.agentId, markedAt: mark.markedAt };
      const row = rows.get(key);
      if (row) renderState(row, child);
    }
    renderFigures();
  }

  async function save(child, status) {
    const row = rows.get(keyOf(child));
    replaceChildren(row.error);
    row.tr.classList.remove('row--error');
    renderState(row, { ...child, mark: child.mark }, true);
    const body = { date, activityId, marks: [{ familyId: child.familyId, childId: child.childId, status, expected: child.mark?.status ?? null }] };
    try {
      const saved = await ctx.api.send('PUT', '/api/admin/attendance/marks', body, `pointage|${keyOf(child)}`);
      applyMarks(saved.marks);
      ctx.announce(`${nameOf(child)} : ${STATUS_LABELS[status]}, enregistré.`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ATTENDANCE_MARK_CHANGED') {
        for (const current of error.details ?? []) {
          if (current.childId === child.childId && current.familyId === child.familyId) child.mark = current.status ? { status: current.status, reserved: child.reserved, agentId: current.agentId, markedAt: current.markedAt } : null;
        }
        renderFigures();
      }
      renderState(row, child);
      rowError(row, error, child);
      ctx.announce(`${nameOf(child)} : non enregistré. ${row.error.textContent}`);
    }
  }

  function addRow(child) {
    const name = nameOf(child);
    const group = `pointage-${child.familyId}-${child.childId}`.replace(/[^\w-]/g, '_');
    const inputs = ['present', 'absent'].map((status) =>
      h('input', { type: 'radio', name: group, id: `${group}-${status}`, value: status, onchange: () => void save(children.get(keyOf(child)), status) }),
    );
    const state = h('div', { class: 'mark-state', id: `${group}-etat` });
    const error = h('div', { class: 'mark-error', id: `${group}-erreur`, role: 'alert' });
    const choices = h(
      'div',
      { class: 'mark-choices', role: 'radiogroup', 'aria-label': `Pointage de ${name}`, 'aria-describedby': `${group}-etat ${group}-erreur` },
      inputs.map((input) => h('span', { class: 'mark-choice' }, input, h('label', { for: input.id }, h('span', { 'aria-hidden': 'true' }, STATUS_SYMBOLS[input.value]), ' ', STATUS_LABELS[input.value]))),
    );
    const tr = h(
      'tr',
      { 'data-child': child.childId },
      h('th', { scope: 'row' }, name),
      h('td', null, child.grade ?? '—'),
      h('td', null, child.reserved ? 'Réservé' : 'Sans réservation'),
      h('td', null, choices, state, error),
    );
    const row = { tr, inputs, state, error };
    rows.set(keyOf(child), row);
    renderState(row, child);
    tbody.append(tr);
  }

  for (const child of children.values()) addRow(child);
  renderFigures();

  // Adding a child present without reservation: the school's children enrolled in the activity.
  const found = h('div', { class: 'search-results', 'aria-live': 'polite' });
  const searchInput = field({ label: 'Nom ou prénom de l’enfant', name: 'q', required: true, attrs: { autocomplete: 'off', maxlength: '100' } });
  const searchForm = h(
    'form',
    {
      class: 'search-form',
      'aria-label': 'Ajouter un enfant présent sans réservation',
      onsubmit: async (event) => {
        event.preventDefault();
        const q = String(new FormData(searchForm).get('q') ?? '').trim();
        if (!q) return;
        try {
          const result = await ctx.api.get(`/api/admin/attendance/children?${day}&school=${encodeURIComponent(school)}&q=${encodeURIComponent(q)}`);
          replaceChildren(
            found,
            result.children.length
              ? h(
                  'ul',
                  { class: 'found-children' },
                  result.children.map((child) =>
                    h(
                      'li',
                      null,
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'button button--secondary button--large',
                          disabled: children.has(keyOf(child)) ? true : null,
                          onclick: async () => {
                            if (!children.has(keyOf(child))) {
                              children.set(keyOf(child), { ...child });
                              addRow(children.get(keyOf(child)));
                            }
                            replaceChildren(found);
                            await save(children.get(keyOf(child)), 'present');
                            rows.get(keyOf(child))?.inputs[0].focus();
                          },
                        },
                        `Marquer présent : ${nameOf(child)}${child.grade ? ` (${child.grade})` : ''}`,
                      ),
                      children.has(keyOf(child)) ? h('span', { class: 'muted' }, ' déjà dans la liste') : null,
                    ),
                  ),
                )
              : notice('info', `Aucun enfant inscrit à ${activity} dans cette école ne correspond à « ${q} ».`),
          );
        } catch (error) {
          replaceChildren(found, notice('error', errorMessage(error)));
        }
      },
    },
    searchInput,
    h('button', { type: 'submit', class: 'button' }, 'Rechercher'),
  );

  content.push(
    h('h2', null, title),
    figures,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'pointage' },
        caption,
        h('thead', null, h('tr', null, ['Enfant', 'Classe', 'Réservation', 'Pointage'].map((label) => h('th', { scope: 'col' }, label)))),
        tbody,
      ),
    ),
    h('h2', null, 'Ajouter un enfant présent sans réservation'),
    h('p', { class: 'muted' }, `Parmi les enfants de ${school} inscrits à ${activity}.`),
    searchForm,
    found,
  );
  ctx.announce(`${children.size} enfant${children.size > 1 ? 's' : ''} à pointer.`);
  return { title: `Pointage — ${title}`, content };
}
