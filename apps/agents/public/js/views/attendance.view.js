// « Présences »: the children expected on a day for an activity, by school (the canteen's meal
// count; GET /api/admin/attendance), printable and exported as CSV, with the pointage's marks
// (reserved vs present; GET /api/admin/attendance/sheet) and a link to point each school.
import { h, table } from '../dom.js';
import { formatDate, todayIn, toCsv } from '../format.js';
import { pageHeading, selectField, field } from '../ui.js';

export async function attendanceView(ctx, _params, query) {
  const catalog = await ctx.catalog();
  const zone = catalog.timezone ?? 'Europe/Paris';
  const date = query.get('date') ?? todayIn(zone);
  const activityId = query.get('activite') ?? catalog.activities[0]?.id;
  const activity = (id) => catalog.activities.find((a) => a.id === id)?.label ?? id;
  const form = h(
    'form',
    {
      class: 'search-form',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(form);
        ctx.go(`#/presences?date=${encodeURIComponent(String(data.get('date')))}&activite=${encodeURIComponent(String(data.get('activityId')))}`);
      },
    },
    field({ label: 'Jour', name: 'date', type: 'date', value: date, required: true }),
    selectField({ label: 'Activité', name: 'activityId', value: activityId, required: true, options: catalog.activities.map((a) => [a.id, a.label]) }),
    h('button', { type: 'submit', class: 'button' }, 'Afficher'),
  );
  const content = [pageHeading('Présences'), form];
  if (!query.get('date')) return { content };

  const [list, sheet] = await Promise.all([
    ctx.api.get(`/api/admin/attendance?date=${encodeURIComponent(date)}&activityId=${encodeURIComponent(activityId)}`),
    // The pointage's marks (R20): reserved vs present per school, and each child's mark.
    ctx.api.get(`/api/admin/attendance/sheet?date=${encodeURIComponent(date)}&activityId=${encodeURIComponent(activityId)}`),
  ]);
  const counts = (school) => sheet.bySchool.find((s) => (s.school ?? 'données effacées') === school)?.counts;
  const markOf = (child) => sheet.children.find((c) => c.familyId === child.familyId && c.childId === child.childId)?.mark ?? null;
  const markText = (mark) => (mark ? (mark.status === 'present' ? '✔ Présent' : '✘ Absent') : '– Non pointé');
  const pointageLink = (school) =>
    ctx.can('attendance.mark') ? h('a', { class: 'button button--secondary no-print', href: `#/pointage?date=${encodeURIComponent(date)}&activite=${encodeURIComponent(activityId)}&ecole=${encodeURIComponent(school)}` }, `Pointer ${school}`) : null;
  const title = `${activity(activityId)} — ${formatDate(date)}`;
  const csvRows = [['École', 'Classe', 'Nom', 'Prénom', 'Famille'], ...list.bySchool.flatMap((s) => s.children.map((c) => [s.school, c.grade ?? '', c.lastName ?? 'données effacées', c.firstName ?? '', c.familyId]))];
  const download = h('button', { type: 'button', class: 'button button--secondary' }, 'Exporter en CSV');
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([toCsv(csvRows)], { type: 'text/csv;charset=utf-8' }));
    const link = h('a', { href: url, download: `presences-${activityId}-${date}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  const print = h('button', { type: 'button', class: 'button button--secondary' }, 'Imprimer');
  print.addEventListener('click', () => window.print());
  ctx.announce(`${list.total} enfant${list.total > 1 ? 's' : ''} attendu${list.total > 1 ? 's' : ''}.`);
  content.push(
    h('h2', null, title),
    h('p', null, `${list.total} enfant${list.total > 1 ? 's' : ''} attendu${list.total > 1 ? 's' : ''} (réservations confirmées).`),
    h('div', { class: 'actions' }, print, download),
    list.bySchool.length
      ? table({
          caption: `Effectifs par école — ${title}`,
          columns: ['École', { label: 'Enfants', number: true }, { label: 'Présents', number: true }, { label: 'Présents sans réservation', number: true }],
          rows: list.bySchool.map((s) => [s.school, String(s.count), String(counts(s.school)?.present ?? 0), String(counts(s.school)?.presentWithoutReservation ?? 0)]),
          footer: ['Total', String(list.total), String(sheet.counts.present), String(sheet.counts.presentWithoutReservation)],
        })
      : null,
    list.bySchool.map((s) => [
      table({
        caption: `${s.school} — ${s.count} enfant${s.count > 1 ? 's' : ''}`,
        columns: ['Nom', 'Prénom', 'Classe', 'Pointage'],
        rows: s.children.map((c) => [c.lastName ?? 'Données effacées', c.firstName ?? '—', c.grade ?? '—', markText(markOf(c))]),
      }),
      s.school === 'données effacées' ? null : h('p', null, pointageLink(s.school)),
    ]),
  );
  return { title: `Présences — ${title}`, content };
}
