// « J'effectue mes réservations »: Choix de la semaine, the grid of days × activities per
// child with the guide's legend, the running total (POST …/quote) and « Demande de réservation »
// (« Valider mes modifications » when cancellations are included).

import { ApiError } from '../api.js';
import { lockedDayContact } from '../contact.js';
import { h, icon, replaceChildren, srOnly } from '../dom.js';
import { slotKey } from '../draft.js';
import { addWeeks, dateInZone, formatDay, formatDeadline, formatEuros, formatInstant, formatLateDeadline, formatLockedSince, formatShortDate, isIsoWeek, isoWeekDates, isoWeekMonday, isoWeekOf, isoWeekday, plural } from '../format.js';
import { errorMessage, SLOT_STATUS } from '../messages.js';
import { refusedSlots } from '../slot-alerts.js';
import { actionButton, errorNotice, notice, pageTitle } from '../ui.js';
import { changesCountText, submitLabel } from './planning-changes.js';
import { slotAlertElement } from './slot-alert.js';

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

/** Whether an instant (a deadline) is already past on the browser's clock. */
const isPast = (instant) => Boolean(instant) && Date.parse(instant) <= Date.now();

/**
 * What a slot looks like once the draft is applied. A deadline that passed since the API
 * answered counts as passed: the API would refuse the change anyway.
 * @returns {'reserved'|'reservedLocked'|'free'|'toReserve'|'toCancel'|'pending'|'closed'|'locked'|'full'|'waiting'}
 */
/** Until when a free day may be booked: its deadline, or the town's late-booking limit for a day already taken late (`late`). */
const reserveBy = (slot) => (slot.late ? slot.lateBookingUntil : slot.reservationDeadline);

export function displayedStatus(slot, draftEntry) {
  if (slot.status === 'free' && isPast(reserveBy(slot))) return 'locked';
  // R23: no place left for the child (the waiting list is served first): « Complet », or its rank in line.
  if (slot.status === 'free' && slot.full) return slot.waitingRank ? 'waiting' : 'full';
  if (slot.status === 'reserved' && (slot.cancellable === false || isPast(slot.cancellationDeadline))) return 'reservedLocked';
  if (draftEntry?.op === 'reserve' && slot.status === 'free') return 'toReserve';
  if (draftEntry?.op === 'cancel' && slot.status === 'reserved') return 'toCancel';
  return slot.status;
}

const STATUS_ICON = { reserved: 'check', reservedLocked: 'check', free: 'circle', toReserve: 'pencil', toCancel: 'pencil', pending: 'clock', closed: 'cross', locked: 'lock', full: 'cross', waiting: 'clock' };
const STATUS_CLASS = { reserved: 'reserved', reservedLocked: 'reserved', free: 'free', toReserve: 'changing', toCancel: 'changing', pending: 'pending', closed: 'closed', locked: 'locked', full: 'full', waiting: 'full' };
const TOGGLEABLE = new Set(['free', 'reserved', 'toReserve', 'toCancel']);

/** Wide screens show the week form and the legend unfolded; a phone shows the days first. */
const wideScreen = () => typeof matchMedia === 'function' && matchMedia('(min-width: 48rem)').matches;

export async function planningView(ctx, { query, token }) {
  const [catalog, family] = await Promise.all([ctx.catalog(), ctx.family()]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const requested = query.get('semaine');
  const week = isIsoWeek(requested) ? requested : defaultWeek(catalog);
  const [planning, absenceRule] = await Promise.all([
    ctx.api.get(ctx.familyPath(`/planning?week=${encodeURIComponent(week)}`)),
    // R22: which activities take an absence with proof once a day can no longer be cancelled.
    ctx.api.get(ctx.familyPath('/absences')).then((listed) => listed.rule, () => null),
  ]);
  const draft = ctx.draft;
  const alerts = ctx.alerts;
  const weekHashHere = `#/planning?semaine=${week}`;

  const activities = new Map((catalog.activities ?? []).map((activity) => [activity.id, activity]));
  const activityLabel = (id) => activities.get(id)?.label ?? id;
  const children = new Map((family.children ?? []).map((child) => [child.childId, child]));
  const childNameOf = (childId) => {
    const child = children.get(childId);
    return child ? `${child.firstName} ${child.lastName ?? ''}`.trim() : childId;
  };
  /** « Léa Martin, lundi 7 décembre (Restauration scolaire) : <why>. » — names the child and the day. */
  const slotMessage = (slot, why, outcome) => `${childNameOf(slot.childId)}, ${formatDay(slot.date)} (${activityLabel(slot.activityId)}) : ${why.charAt(0).toLowerCase()}${why.slice(1)}${outcome ? ` ${outcome}` : ''}`;

  // --- Choix de la semaine: one line (‹ week ›), the date form folded on a phone ----------
  const monday = isoWeekMonday(week);
  const sunday = isoWeekDates(week)[6];
  const weekLabel = `Semaine du ${formatDay(monday)} au ${formatShortDate(sunday)}`;
  const dateInput = h('input', { type: 'date', id: 'choix-date', name: 'date', value: monday, min: catalog.schoolYear?.start, max: catalog.schoolYear?.end });
  const weekChooser = h(
    'section',
    { class: 'week-chooser', 'aria-labelledby': 'choix-semaine-titre' },
    h('h2', { id: 'choix-semaine-titre', class: 'week-chooser__title' }, 'Choix de la semaine'),
    h(
      'div',
      { class: 'week-chooser__bar' },
      h('a', { id: 'semaine-precedente', class: 'button button--secondary week-chooser__step', href: `#/planning?semaine=${addWeeks(week, -1)}` }, h('span', { 'aria-hidden': 'true' }, '‹'), h('span', { class: 'week-chooser__word' }, 'Semaine précédente')),
      h('p', { class: 'week-chooser__current', id: 'semaine-affichee' }, weekLabel),
      h('a', { id: 'semaine-suivante', class: 'button button--secondary week-chooser__step', href: `#/planning?semaine=${addWeeks(week, 1)}` }, h('span', { class: 'week-chooser__word' }, 'Semaine suivante'), h('span', { 'aria-hidden': 'true' }, '›')),
    ),
    h(
      'details',
      { class: 'week-chooser__more', open: wideScreen() },
      h('summary', null, 'Aller à une autre date'),
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
    ),
  );

  // --- Legend (the guide's words; each status has its icon, never colour alone), folded on a phone
  const legendItem = (status, text) => h('li', { class: `legend__item slot-swatch slot--${STATUS_CLASS[status]}` }, icon(STATUS_ICON[status]), h('span', null, text));
  const legend = h(
    'details',
    { class: 'legend', open: wideScreen() },
    h('summary', { class: 'legend__title' }, 'Légende'),
    h(
      'ul',
      { class: 'legend__list' },
      legendItem('reserved', 'Jours réservés'),
      legendItem('free', 'Jours non réservés'),
      legendItem('toReserve', 'Modification en cours'),
      legendItem('pending', 'En attente de paiement'),
      legendItem('locked', 'Délai dépassé'),
      legendItem('closed', 'Fermé'),
      // R23: only in a week where a day has no place left.
      (planning.children ?? []).some((child) => child.days.some((day) => day.slots.some((slot) => slot.full))) ? legendItem('full', 'Complet (liste d’attente possible)') : null,
    ),
  );

  // --- Running total and the submit button ---------------------------------------------
  const summary = h('div', { class: 'changes__summary', id: 'modifications' });
  const feedback = h('div', { class: 'changes__feedback' });
  let quoteSeq = 0;

  async function refreshQuote(lastToggle) {
    const reserve = draft.reserveSlots();
    const cancel = draft.cancelSlots();
    const seq = ++quoteSeq;
    changes.classList.toggle('changes--active', reserve.length + cancel.length > 0);
    submit.textContent = submitLabel(cancel.length);
    discardArea.hidden = reserve.length + cancel.length === 0;
    if (reserve.length === 0 && cancel.length === 0) {
      replaceChildren(summary, h('p', null, "Aucune modification en cours. Touchez un jour pour le réserver ou l'annuler."));
      if (lastToggle) ctx.announce('Aucune modification en cours.');
      return;
    }
    try {
      const quote = await ctx.api.query(ctx.familyPath('/quote'), { reserve, cancel });
      if (seq !== quoteSeq || !ctx.isCurrent(token)) return;
      feedback.replaceChildren();
      const text = renderSummary(quote, reserve, cancel);
      if (lastToggle) ctx.announce(text);
    } catch (error) {
      if (seq !== quoteSeq || !ctx.isCurrent(token)) return;
      if (lastToggle && error instanceof ApiError && error.status !== 0 && error.status < 500) {
        // The day just toggled was refused (deadline passed meanwhile, taken elsewhere…): undo
        // that toggle and say so on its card, where the parent is looking.
        draft.toggle(lastToggle.slot, lastToggle.op);
        if (error.code === 'DEADLINE_PASSED') lastToggle.lock();
        const message = slotMessage(lastToggle.slot, errorMessage(error));
        alerts.set(lastToggle.slot, message);
        lastToggle.update();
        ctx.announce(message);
        await refreshQuote();
        return;
      }
      feedback.replaceChildren(errorNotice(error));
      ctx.announce(errorMessage(error));
    }
  }

  function renderSummary(quote, reserve, cancel) {
    const reservation = quote?.reservation ?? {};
    const cancellation = quote?.cancellation ?? {};
    const rows = [];
    const spoken = ['Modification en cours.'];
    if (reserve.length) {
      const count = changesCountText(reserve);
      rows.push(['À réserver', `${count} — ${formatEuros(reservation.totalCents ?? 0)}`]);
      if (reservation.creditAppliedCents) rows.push(['Avoir appliqué', `− ${formatEuros(reservation.creditAppliedCents)}`]);
      rows.push(['Montant à payer', formatEuros(reservation.amountDueCents ?? 0), 'strong']);
      spoken.push(`${count} à réserver, total ${formatEuros(reservation.totalCents ?? 0)}, montant à payer ${formatEuros(reservation.amountDueCents ?? 0)}.`);
    }
    if (cancel.length) {
      const count = changesCountText(cancel);
      rows.push(['À annuler', `${count} — avoir de ${formatEuros(cancellation.totalCents ?? 0)}`]);
      spoken.push(`${count} à annuler, avoir de ${formatEuros(cancellation.totalCents ?? 0)}.`);
    }
    const elsewhere = [...reserve, ...cancel].filter((slot) => isoWeekOf(slot.date) !== week);
    if (elsewhere.length) {
      const text = `dont ${changesCountText(elsewhere)} dans d'autres semaines`;
      rows.push(['Autres semaines', text]);
      spoken.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
    }
    replaceChildren(
      summary,
      h('h2', { class: 'changes__title' }, 'Modification en cours'),
      h('dl', { class: 'changes__list' }, rows.map(([label, value, modifier]) => h('div', { class: modifier ? `changes__row changes__row--${modifier}` : 'changes__row' }, h('dt', null, `${label}\u00a0:`), h('dd', null, value)))),
    );
    return spoken.join(' ');
  }

  /** Days the server refused (taken from another device, deadline passed): pinned to their card. */
  function pinRefusals(error) {
    const refused = refusedSlots(error);
    if (refused.length === 0) return null;
    for (const slot of refused) {
      draft.remove(slot);
      alerts.set(slot, slotMessage(slot, errorMessage(slot.code ? slot : error), 'Ce jour a été retiré de votre modification ; les autres jours sont conservés.'));
    }
    return refused;
  }

  const submit = actionButton(submitLabel(draft.cancelSlots().length), async () => {
    feedback.replaceChildren();
    if (draft.size === 0) {
      const message = "Aucun jour sélectionné : touchez d'abord les jours à réserver ou à annuler.";
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
      const refused = pinRefusals(error);
      if (refused) {
        ctx.announce(alerts.get(refused[0]) ?? errorMessage(error));
        // Re-read the planning (the day now shows as taken) and take the parent to the first card.
        ctx.navigate(weekHashHere === location.hash ? weekHashHere : `#/planning?semaine=${isoWeekOf(refused[0].date)}`, { focus: alertId(refused[0]) });
        return;
      }
      feedback.replaceChildren(errorNotice(error));
      ctx.announce(errorMessage(error));
    }
  });

  // « Effacer les modifications » asks first: it throws away every day toggled, in every week.
  const discardArea = h('div', { class: 'changes__discard' });
  const discardButton = h('button', { type: 'button', class: 'button button--secondary', id: 'effacer-modifications', onclick: () => askDiscard() }, 'Effacer les modifications');
  discardArea.append(discardButton);
  function askDiscard() {
    const question = h('p', { id: 'effacer-question', tabindex: '-1' }, `Effacer ${changesCountText([...draft.reserveSlots(), ...draft.cancelSlots()])} en cours ?`);
    const confirmButton = h('button', {
      type: 'button',
      class: 'button button--danger',
      onclick: () => {
        draft.clear();
        ctx.announce('Modifications effacées.');
        ctx.navigate(weekHashHere);
      },
    }, 'Oui, tout effacer');
    const keep = h('button', {
      type: 'button',
      class: 'button button--secondary',
      onclick: () => {
        discardArea.replaceChildren(discardButton);
        discardButton.focus();
      },
    }, 'Non, garder');
    discardArea.replaceChildren(h('div', { class: 'changes__confirm', role: 'group', 'aria-labelledby': 'effacer-question' }, question, confirmButton, keep));
    question.focus();
  }
  const changes = h('section', { class: 'changes', 'aria-label': 'Modification en cours' }, summary, feedback, h('div', { class: 'changes__actions' }, submit, discardArea));

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
    const alertBox = h('div', { class: 'slot-alert-box' });
    const showAlert = () => {
      const message = alerts.get(ref);
      alertBox.replaceChildren(
        message
          ? slotAlertElement({
              id: alertId(ref),
              message,
              onDismiss: () => {
                alerts.dismiss(ref);
                showAlert();
                element.node?.focus?.();
              },
            })
          : '',
      );
    };
    const update = () => {
      // A day in the draft that can no longer change (its deadline passed meanwhile) leaves it.
      if (draft.get(ref) && !TOGGLEABLE.has(displayedStatus(slot, undefined))) {
        draft.remove(ref);
        if (!alerts.get(ref)) alerts.set(ref, slotMessage(ref, errorMessage({ code: 'DEADLINE_PASSED' }), 'Ce jour a été retiré de votre modification.'));
      }
      const status = displayedStatus(slot, draft.get(ref));
      const node = renderSlot(status);
      element.node?.replaceWith(node);
      element.node = node;
      showAlert();
      return node;
    };
    const deadlineText = (status) => {
      if (status === 'locked') return formatLockedSince(slot.reservationDeadline, zone);
      if (status === 'reservedLocked') return formatLockedSince(slot.cancellationDeadline, zone);
      if (slot.late && (status === 'free' || status === 'toReserve')) return formatLateDeadline(slot.lateBookingUntil, zone);
      const instant = status === 'reserved' || status === 'toCancel' ? (slot.cancellationDeadline ?? slot.deadline) : (slot.reservationDeadline ?? slot.deadline);
      return instant ? formatDeadline(instant, zone) : '';
    };

    function content(status) {
      const closedLabel = status === 'closed' ? closedDateLabel(catalog, day.date) : null;
      const deadline = ['free', 'reserved', 'toReserve', 'toCancel', 'locked', 'reservedLocked'].includes(status) ? deadlineText(status) : '';
      return [
        h('span', { class: 'slot__activity' }, label),
        srOnly(`, ${childName}, ${formatDay(day.date)} : `),
        h('span', { class: 'slot__status' }, icon(STATUS_ICON[status]), h('span', null, status === 'waiting' ? `${SLOT_STATUS.waiting} (rang ${slot.waitingRank})` : SLOT_STATUS[status])),
        ['free', 'reserved', 'reservedLocked', 'toReserve', 'toCancel', 'pending'].includes(status) && Number.isInteger(slot.priceCents)
          ? [srOnly(', '), h('span', { class: 'slot__price' }, formatEuros(slot.priceCents))]
          : null,
        // A late booking: the parent sees the higher price, and why, before confirming.
        slot.late && (status === 'free' || status === 'toReserve') && Number.isInteger(slot.normalPriceCents)
          ? [srOnly(', '), h('span', { class: 'slot__note slot__note--late' }, `tarif majoré — réservation tardive (au lieu de ${formatEuros(slot.normalPriceCents)})`)]
          : null,
        closedLabel && closedLabel !== 'Fermé' ? [srOnly(', '), h('span', { class: 'slot__note' }, closedLabel)] : null,
        deadline
          ? [srOnly(', '), h('span', { class: `slot__deadline${status === 'locked' || status === 'reservedLocked' ? ' slot__deadline--past' : ''}` }, status === 'reservedLocked' ? icon('lock') : null, h('span', null, deadline))]
          : null,
        // Since when, and whom to call: a locked day is the town hall's to change now.
        deadline && (status === 'locked' || status === 'reservedLocked') ? lockedDayContact(catalog) : null,
        // R23: a place given back, offered from the waiting list: held until its end, to pay or confirm.
        status === 'pending' && slot.offerExpiresAt
          ? [srOnly(', '), h('span', { class: 'slot__note slot__note--offer' }, `Place proposée (liste d’attente) : à confirmer jusqu’au ${formatInstant(slot.offerExpiresAt, zone)}`)]
          : null,
      ];
    }

    function renderSlot(status) {
      const classes = `slot slot--${STATUS_CLASS[status]}${status === 'toCancel' ? ' slot--to-cancel' : ''}${status === 'reservedLocked' ? ' slot--frozen' : ''}`;
      if (status === 'pending') {
        return slot.orderId
          ? h('a', { class: classes, href: `#/commande/${encodeURIComponent(slot.orderId)}` }, content(status), srOnly(', '), h('span', { class: 'slot__note' }, 'Voir la demande'))
          : h('div', { class: classes }, content(status));
      }
      if (!TOGGLEABLE.has(status)) return h('div', { class: classes }, content(status));
      const willBeReserved = status === 'reserved' || status === 'toReserve';
      return h(
        'button',
        {
          type: 'button',
          class: classes,
          'aria-pressed': String(willBeReserved),
          onclick: () => {
            alerts.dismiss(ref); // toggling the day again is acting on its message
            const op = slot.status === 'reserved' ? 'cancel' : 'reserve';
            // The deadline may have passed since the page was shown: refuse here, on the card.
            if (isPast(op === 'cancel' ? slot.cancellationDeadline : reserveBy(slot))) {
              const message = slotMessage(ref, errorMessage({ code: 'DEADLINE_PASSED' }));
              alerts.set(ref, message);
              update().focus();
              ctx.announce(message);
              return;
            }
            draft.toggle(ref, op, slot.priceCents);
            const node = update();
            node.focus();
            void refreshQuote({
              slot: ref,
              op,
              update: () => update(),
              lock: () => {
                if (op === 'cancel') slot.cancellable = false;
                else slot.status = 'locked';
              },
            });
          },
        },
        content(status),
      );
    }

    update();
    return h('div', { class: 'slot-cell' }, element.node, absenceLink(ref, label, childName, displayedStatus(slot, undefined)), waitingListButton(ref, label, childName, displayedStatus(slot, undefined)), alertBox);
  }

  /** R23: « Rejoindre la liste d'attente » on a full day, « Quitter la liste d'attente » while the child waits. */
  function waitingListButton(ref, label, childName, status) {
    if (status !== 'full' && status !== 'waiting') return null;
    const joining = status === 'full';
    const text = joining ? 'Rejoindre la liste d’attente' : 'Quitter la liste d’attente';
    const path = joining ? ctx.familyPath('/waiting-list') : ctx.familyPath(`/waiting-list/${encodeURIComponent(ref.childId)}/${encodeURIComponent(ref.activityId)}/${encodeURIComponent(ref.date)}`);
    return actionButton(
      [text, srOnly(` : ${label}, ${childName}, ${formatDay(ref.date)}`)],
      async () => {
        try {
          const entry = joining ? await ctx.api.mutate(`waiting:${slotKey(ref)}`, path, ref) : await ctx.api.mutate(`waiting-leave:${slotKey(ref)}`, path, {}, { method: 'DELETE' });
          ctx.announce(joining ? `${childName} est sur la liste d’attente du ${formatDay(ref.date)} (rang ${entry.rank}).` : `${childName} a quitté la liste d’attente du ${formatDay(ref.date)}.`);
        } catch (error) {
          ctx.announce(errorMessage(error));
        }
        ctx.navigate(weekHashHere);
      },
      { variant: 'secondary', attrs: { class: 'button button--secondary slot-cell__waiting' } },
    );
  }

  /** « Signaler une absence » on a reserved day past its cancellation deadline, for an activity the town's rule names (R22). */
  function absenceLink(ref, label, childName, status) {
    if (status !== 'reservedLocked' || !absenceRule?.activities?.some((activity) => activity.activityId === ref.activityId)) return null;
    const params = new URLSearchParams({ enfant: ref.childId, activite: ref.activityId, date: ref.date });
    return h('a', { class: 'slot-cell__absence', href: `#/absences?${params}` }, 'Signaler une absence', srOnly(` : ${label}, ${childName}, ${formatDay(ref.date)}`));
  }

  const childSections = (planning.children ?? []).map((childPlanning) => {
    const child = children.get(childPlanning.childId);
    const childName = childNameOf(childPlanning.childId);
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
    h('p', { class: 'lead' }, 'Touchez les jours à réserver ou à annuler, puis validez en bas de l\u2019écran.'),
    weekChooser,
    legend,
    h(
      'section',
      { class: 'planning', 'aria-labelledby': 'planning-semaine' },
      h('h2', { id: 'planning-semaine', class: 'planning__title' }, `Réservations — ${weekLabel.charAt(0).toLowerCase()}${weekLabel.slice(1)}`),
      childSections.length ? childSections : h('p', null, 'Aucun enfant inscrit.'),
    ),
    changes,
  ];
}

/** The id of a card's message, to take the focus there. */
function alertId(slot) {
  return `alerte-${slotKey(slot).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
