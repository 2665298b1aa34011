// « J'effectue mes réservations »: Choix de la semaine, the grid of days × activities per
// child with the guide's legend, the running total (POST …/quote) and « Demande de réservation ».

import { ApiError } from '../api.js';
import { h, icon, replaceChildren, srOnly } from '../dom.js';
import { addWeeks, dateInZone, formatDay, formatDeadline, formatEuros, formatShortDate, isIsoWeek, isoWeekDates, isoWeekMonday, isoWeekOf, isoWeekday, plural } from '../format.js';
import { errorMessage, SLOT_STATUS } from '../messages.js';
import { actionButton, errorNotice, notice, pageTitle } from '../ui.js';

/** The week shown when none is asked: this week, kept inside the school year. */
function defaultWeek(catalog) {
  const zone = catalog.timezone ?? 'Europe/Paris';
  let today = dateInZone(zone);
  const { start, end } = catalog.schoolYear ?? {};
  if (start && today < start) today = start;
  if (end && today > end) today = end;
  return isoWeekOf(today);
}

/** The closed date covering `date` (holidays), whatever shape the catalog gives it. */
export function closedDateLabel(catalog, date) {
  for (const closed of catalog.closedDates ?? []) {
    if (typeof closed === 'string' && closed === date) return 'Fermé';
    if (closed && typeof closed === 'object') {
      const from = closed.from ?? closed.date;
      const to = closed.to ?? closed.date;
      if (from && to && from <= date && date <= to) return closed.label ?? closed.reason ?? 'Fermé';
    }
  }
  return null;
}

/**
 * What a slot looks like once the draft is applied.
 * @returns {'reserved'|'free'|'toReserve'|'toCancel'|'pending'|'closed'|'locked'}
 */
function displayedStatus(slot, draftEntry) {
  if (draftEntry?.op === 'reserve' && slot.status === 'free') return 'toReserve';
  if (draftEntry?.op === 'cancel' && slot.status === 'reserved') return 'toCancel';
  return slot.status;
}

const STATUS_ICON = { reserved: 'check', free: 'circle', toReserve: 'pencil', toCancel: 'pencil', pending: 'clock', closed: 'cross', locked: 'lock' };
const STATUS_CLASS = { reserved: 'reserved', free: 'free', toReserve: 'changing', toCancel: 'changing', pending: 'changing', closed: 'closed', locked: 'locked' };

export async function planningView(ctx, { query, token }) {
  const [catalog, family] = await Promise.all([ctx.catalog(), ctx.family()]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const requested = query.get('semaine');
  const week = isIsoWeek(requested) ? requested : defaultWeek(catalog);
  const planning = await ctx.api.get(ctx.familyPath(`/planning?week=${encodeURIComponent(week)}`));
  const draft = ctx.draft;

  const activities = new Map((catalog.activities ?? []).map((activity) => [activity.id, activity]));
  const activityLabel = (id) => activities.get(id)?.label ?? id;
  const children = new Map((family.children ?? []).map((child) => [child.childId, child]));

  // --- Choix de la semaine -------------------------------------------------------------
  const monday = isoWeekMonday(week);
  const sunday = isoWeekDates(week)[6];
  const weekLabel = `Semaine du ${formatDay(monday)} au ${formatShortDate(sunday)}`;
  const dateInput = h('input', { type: 'date', id: 'choix-date', name: 'date', value: monday, min: catalog.schoolYear?.start, max: catalog.schoolYear?.end });
  const weekChooser = h(
    'section',
    { class: 'week-chooser', 'aria-labelledby': 'choix-semaine-titre' },
    h('h2', { id: 'choix-semaine-titre' }, 'Choix de la semaine'),
    h('p', { class: 'week-chooser__current', id: 'semaine-affichee' }, weekLabel),
    h(
      'div',
      { class: 'week-chooser__nav' },
      h('a', { id: 'semaine-precedente', class: 'button button--secondary', href: `#/planning?semaine=${addWeeks(week, -1)}` }, h('span', { 'aria-hidden': 'true' }, '‹ '), 'Semaine précédente'),
      h('a', { id: 'semaine-suivante', class: 'button button--secondary', href: `#/planning?semaine=${addWeeks(week, 1)}` }, 'Semaine suivante', h('span', { 'aria-hidden': 'true' }, ' ›')),
    ),
    h(
      'form',
      {
        class: 'week-chooser__form',
        onsubmit: (event) => {
          event.preventDefault();
          if (!dateInput.value) return;
          ctx.navigate(`#/planning?semaine=${isoWeekOf(dateInput.value)}`);
        },
      },
      h('label', { for: 'choix-date' }, 'Aller à la semaine du'),
      dateInput,
      h('button', { type: 'submit', id: 'afficher-semaine', class: 'button button--secondary' }, 'Afficher la semaine'),
    ),
  );

  // --- Legend (the guide's words; each status has its icon, never colour alone) ---------
  const legendItem = (status, text) => h('li', { class: `legend__item slot-swatch slot--${STATUS_CLASS[status]}` }, icon(STATUS_ICON[status]), h('span', null, text));
  const legend = h(
    'section',
    { class: 'legend', 'aria-labelledby': 'legende-titre' },
    h('h2', { id: 'legende-titre', class: 'legend__title' }, 'Légende'),
    h('ul', { class: 'legend__list' }, legendItem('reserved', 'Jours réservés'), legendItem('free', 'Jours non réservés'), legendItem('toReserve', 'Modification en cours'), legendItem('locked', 'Délai dépassé'), legendItem('closed', 'Fermé')),
  );

  // --- Running total and « Demande de réservation » ------------------------------------
  const summary = h('div', { class: 'changes__summary', id: 'modifications' });
  const feedback = h('div', { class: 'changes__feedback' });
  let quoteSeq = 0;

  async function refreshQuote(lastToggle) {
    const reserve = draft.reserveSlots();
    const cancel = draft.cancelSlots();
    const seq = ++quoteSeq;
    changes.classList.toggle('changes--active', reserve.length + cancel.length > 0);
    if (reserve.length === 0 && cancel.length === 0) {
      replaceChildren(summary, h('p', null, "Aucune modification en cours. Cliquez sur un jour pour le réserver ou l'annuler."));
      if (lastToggle) ctx.announce('Aucune modification en cours.');
      return;
    }
    try {
      const quote = await ctx.api.query(ctx.familyPath('/quote'), { reserve, cancel });
      if (seq !== quoteSeq || !ctx.isCurrent(token)) return;
      feedback.replaceChildren();
      const text = renderSummary(quote, reserve.length, cancel.length);
      if (lastToggle) ctx.announce(text);
    } catch (error) {
      if (seq !== quoteSeq || !ctx.isCurrent(token)) return;
      if (lastToggle && error instanceof ApiError && error.status !== 0 && error.status < 500) {
        // The day just toggled was refused (deadline passed meanwhile, …): undo that toggle.
        draft.toggle(lastToggle.slot, lastToggle.op);
        lastToggle.update();
        const message = `${errorMessage(error)} (${activityLabel(lastToggle.slot.activityId)}, ${formatDay(lastToggle.slot.date)})`;
        feedback.replaceChildren(notice('error', h('p', null, message)));
        ctx.announce(message);
        await refreshQuote();
        return;
      }
      feedback.replaceChildren(errorNotice(error));
      ctx.announce(errorMessage(error));
    }
  }

  function renderSummary(quote, reserveCount, cancelCount) {
    const reservation = quote?.reservation ?? {};
    const cancellation = quote?.cancellation ?? {};
    const rows = [];
    const spoken = ['Modification en cours.'];
    if (reserveCount) {
      rows.push(['À réserver', `${plural(reserveCount, 'jour')} — ${formatEuros(reservation.totalCents ?? 0)}`]);
      if (reservation.creditAppliedCents) rows.push(['Avoir appliqué', `− ${formatEuros(reservation.creditAppliedCents)}`]);
      rows.push(['Montant à payer', formatEuros(reservation.amountDueCents ?? 0), 'strong']);
      spoken.push(`${plural(reserveCount, 'jour')} à réserver, total ${formatEuros(reservation.totalCents ?? 0)}, montant à payer ${formatEuros(reservation.amountDueCents ?? 0)}.`);
    }
    if (cancelCount) {
      rows.push(['À annuler', `${plural(cancelCount, 'jour')} — avoir de ${formatEuros(cancellation.totalCents ?? 0)}`]);
      spoken.push(`${plural(cancelCount, 'jour')} à annuler, avoir de ${formatEuros(cancellation.totalCents ?? 0)}.`);
    }
    replaceChildren(
      summary,
      h('h2', { class: 'changes__title' }, 'Modification en cours'),
      h('dl', { class: 'changes__list' }, rows.map(([label, value, modifier]) => h('div', { class: modifier ? `changes__row changes__row--${modifier}` : 'changes__row' }, h('dt', null, `${label}\u00a0:`), h('dd', null, value)))),
    );
    return spoken.join(' ');
  }

  const submit = actionButton('Demande de réservation', async () => {
    feedback.replaceChildren();
    if (draft.size === 0) {
      const message = "Aucun jour sélectionné : cliquez d'abord sur les jours à réserver ou à annuler.";
      feedback.replaceChildren(notice('info', h('p', null, message)));
      ctx.announce(message);
      return;
    }
    if (draft.cancelSlots().length > 0) {
      ctx.navigate('#/demande');
      return;
    }
    try {
      const order = await ctx.api.mutate('reservation', ctx.familyPath('/reservations'), { slots: draft.reserveSlots() });
      draft.clear('reserve');
      ctx.family({ fresh: true }).catch(() => undefined);
      ctx.announce('Demande de réservation envoyée.');
      ctx.navigate(`#/commande/${encodeURIComponent(order.orderId)}`);
    } catch (error) {
      feedback.replaceChildren(errorNotice(error));
      ctx.announce(errorMessage(error));
    }
  });
  const discard = actionButton(
    'Effacer les modifications',
    async () => {
      draft.clear();
      ctx.announce('Modifications effacées.');
      ctx.navigate(`#/planning?semaine=${week}`);
    },
    { variant: 'secondary' },
  );
  const changes = h('section', { class: 'changes', 'aria-label': 'Modification en cours et demande de réservation' }, summary, feedback, h('div', { class: 'changes__actions' }, submit, discard));

  // --- The grid: per child, the days of the week × the activities served that day ------
  const servedDays = (planning.children ?? [])
    .flatMap((child) => child.days ?? [])
    .filter((day) => (day.slots ?? []).some((slot) => serves(activities.get(slot.activityId), day.date)))
    .map((day) => day.date);
  const weekDays = [...new Set(servedDays)].sort();

  function serves(activity, date) {
    return !activity?.weekdays || activity.weekdays.includes(isoWeekday(date));
  }

  function slotElement(childName, day, slot) {
    const ref = { childId: day.childId, activityId: slot.activityId, date: day.date };
    const label = activityLabel(slot.activityId);
    const element = { node: null };
    const update = () => {
      const status = displayedStatus(slot, draft.get(ref));
      const node = renderSlot(status);
      element.node?.replaceWith(node);
      element.node = node;
      return node;
    };
    const deadlineText = (status) => {
      const instant = status === 'reserved' || status === 'toCancel' ? (slot.cancellationDeadline ?? slot.deadline) : (slot.reservationDeadline ?? slot.deadline);
      return instant ? formatDeadline(instant, zone) : '';
    };

    function content(status) {
      const closedLabel = status === 'closed' ? closedDateLabel(catalog, day.date) : null;
      return [
        h('span', { class: 'slot__activity' }, label),
        srOnly(`, ${childName}, ${formatDay(day.date)} : `),
        h('span', { class: 'slot__status' }, icon(STATUS_ICON[status]), h('span', null, SLOT_STATUS[status])),
        ['free', 'reserved', 'toReserve', 'toCancel'].includes(status) && Number.isInteger(slot.priceCents)
          ? [srOnly(', '), h('span', { class: 'slot__price' }, formatEuros(slot.priceCents))]
          : null,
        closedLabel && closedLabel !== 'Fermé' ? [srOnly(', '), h('span', { class: 'slot__note' }, closedLabel)] : null,
        ['free', 'reserved', 'toReserve', 'toCancel'].includes(status) && deadlineText(status)
          ? [srOnly(', '), h('span', { class: 'slot__deadline' }, deadlineText(status))]
          : null,
      ];
    }

    function renderSlot(status) {
      const classes = `slot slot--${STATUS_CLASS[status]}${status === 'toCancel' ? ' slot--to-cancel' : ''}`;
      if (status === 'pending') {
        return slot.orderId
          ? h('a', { class: classes, href: `#/commande/${encodeURIComponent(slot.orderId)}` }, content(status), srOnly(', '), h('span', { class: 'slot__note' }, 'Voir la demande'))
          : h('div', { class: classes }, content(status));
      }
      if (status === 'closed' || status === 'locked') return h('div', { class: classes }, content(status));
      const willBeReserved = status === 'reserved' || status === 'toReserve';
      return h(
        'button',
        {
          type: 'button',
          class: classes,
          'aria-pressed': String(willBeReserved),
          onclick: () => {
            const op = slot.status === 'reserved' ? 'cancel' : 'reserve';
            draft.toggle(ref, op, slot.priceCents);
            const node = update();
            node.focus();
            void refreshQuote({ slot: ref, op, update: () => update() });
          },
        },
        content(status),
      );
    }

    return update();
  }

  const childSections = (planning.children ?? []).map((childPlanning) => {
    const child = children.get(childPlanning.childId);
    const childName = child ? `${child.firstName} ${child.lastName ?? ''}`.trim() : childPlanning.childId;
    const headingId = `enfant-${childPlanning.childId}`;
    const days = weekDays.map((date) => {
      const day = (childPlanning.days ?? []).find((d) => d.date === date) ?? { date, slots: [] };
      const slots = (day.slots ?? []).filter((slot) => serves(activities.get(slot.activityId), date));
      const holiday = slots.length > 0 && slots.every((slot) => slot.status === 'closed') ? closedDateLabel(catalog, date) : null;
      return h(
        'li',
        { class: 'day' },
        h('h4', { class: 'day__title' }, formatDay(date)),
        holiday ? h('p', { class: 'day__holiday' }, icon('cross'), h('span', null, holiday)) : null,
        slots.length === 0
          ? h('p', { class: 'day__empty' }, 'Aucune activité ce jour.')
          : h('ul', { class: 'day__slots' }, slots.map((slot) => h('li', null, slotElement(childName, { ...day, childId: childPlanning.childId }, slot)))),
      );
    });
    return h(
      'section',
      { class: 'child', 'aria-labelledby': headingId },
      h('h3', { id: headingId, class: 'child__name' }, childName, child?.school || child?.grade ? h('span', { class: 'child__school' }, [child.grade, child.school].filter(Boolean).join(' — ')) : null),
      days.length ? h('ul', { class: 'week-grid', style: `--days: ${days.length}` }, days) : h('p', null, 'Aucune activité cette semaine.'),
    );
  });

  await refreshQuote();
  if (requested) ctx.announce(`${weekLabel} affichée.`);

  return [
    pageTitle('Planning de réservation'),
    h('p', { class: 'lead' }, 'Choisissez une semaine, cliquez sur les jours à réserver ou à annuler («\u00a0Modification en cours\u00a0»), puis sur «\u00a0Demande de réservation\u00a0».'),
    weekChooser,
    legend,
    h(
      'section',
      { class: 'planning', 'aria-labelledby': 'planning-semaine' },
      h('h2', { id: 'planning-semaine' }, `Réservations — ${weekLabel.charAt(0).toLowerCase()}${weekLabel.slice(1)}`),
      childSections.length ? childSections : h('p', null, 'Aucun enfant inscrit.'),
    ),
    changes,
  ];
}
