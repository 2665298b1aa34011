// « Je vérifie le détail » before a cancellation is validated (guide 3.2): the days to cancel,
// « Montant total de l'annulation », the status and « Validation ». Validating cancels the days
// (the credit is issued); reservations toggled with them are requested right after, so the new
// credit is deducted from them.

import { h } from '../dom.js';
import { formatEuros, isoWeekOf } from '../format.js';
import { lookups, weekHash } from '../lookups.js';
import { errorMessage } from '../messages.js';
import { actionButton, errorNotice, linesTable, notice, pageTitle, summaryList } from '../ui.js';

export function lineAmount(line) {
  return line.creditCents ?? line.unitPriceCents ?? line.priceCents ?? line.amountCents;
}

export async function requestView(ctx) {
  const draft = ctx.draft;
  const cancel = draft.cancelSlots();
  const reserve = draft.reserveSlots();
  if (cancel.length === 0 && reserve.length === 0) {
    return [pageTitle('Détail de votre demande'), notice('info', h('p', null, 'Aucune modification en cours.')), h('p', null, h('a', { href: '#/planning' }, 'Retour au planning'))];
  }
  const names = await lookups(ctx);
  const quote = await ctx.api.query(ctx.familyPath('/quote'), { reserve, cancel });

  const withAmounts = (slots, quoteLines) =>
    slots.map((slot) => {
      const quoted = (quoteLines ?? []).find((l) => l.childId === slot.childId && l.activityId === slot.activityId && l.date === slot.date);
      return { ...slot, amountCents: quoted ? lineAmount(quoted) : draft.get(slot)?.priceCents };
    });
  const cancelLines = withAmounts(cancel, quote.cancellation?.lines);
  const reserveLines = withAmounts(reserve, quote.reservation?.lines);
  const feedback = h('div', { class: 'form-error' });

  const validation = actionButton('Validation', async () => {
    feedback.replaceChildren();
    let cancellation;
    try {
      cancellation = await ctx.api.mutate('cancellation', ctx.familyPath('/cancellations'), { slots: cancel });
      draft.clear('cancel');
    } catch (error) {
      feedback.replaceChildren(errorNotice(error));
      ctx.announce(errorMessage(error));
      return;
    }
    ctx.family({ fresh: true }).catch(() => undefined);
    let next = `#/annulation/${encodeURIComponent(cancellation.cancellationId)}`;
    if (reserve.length > 0) {
      try {
        const order = await ctx.api.mutate('reservation', ctx.familyPath('/reservations'), { slots: reserve });
        draft.clear('reserve');
        next += `?commande=${encodeURIComponent(order.orderId)}`;
      } catch (error) {
        next += `?erreur=${encodeURIComponent(error.code ?? 'INTERNAL')}`;
      }
    }
    ctx.announce(`Annulation validée : avoir de ${formatEuros(cancellation.totalCents ?? 0)}.`);
    ctx.navigate(next);
  });

  return [
    pageTitle('Détail de votre demande'),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'annulation-titre' },
      h('h2', { id: 'annulation-titre' }, 'Annulation'),
      summaryList([
        ['Statut de la réservation', 'Annulation en attente de validation'],
        ["Montant total de l'annulation", formatEuros(quote.cancellation?.totalCents ?? 0), 'strong'],
      ]),
      notice('info', h('p', null, "En validant, vous recevez un avoir de ce montant. Cet avoir se déduira automatiquement lors de votre prochaine réservation.")),
      linesTable({ caption: 'Jours à annuler', amountHeader: 'Avoir', lines: cancelLines, ...names }),
    ),
    reserve.length
      ? h(
          'section',
          { class: 'panel', 'aria-labelledby': 'reservation-titre' },
          h('h2', { id: 'reservation-titre' }, 'Réservations demandées en même temps'),
          h('p', null, "Elles seront envoyées juste après la validation de l'annulation ; l'avoir s'y appliquera."),
          summaryList([['Montant total de la réservation', formatEuros(quote.reservation?.totalCents ?? 0)]]),
          linesTable({ caption: 'Jours à réserver', amountHeader: 'Prix', lines: reserveLines, ...names }),
        )
      : null,
    feedback,
    h('div', { class: 'actions' }, validation, h('a', { class: 'button button--secondary', href: weekHash([...cancel, ...reserve], isoWeekOf) }, 'Retour au planning')),
  ];
}
