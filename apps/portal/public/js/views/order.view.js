// « Je vérifie le détail » of a reservation (guide 3.1) and « Paiement et validation » (4):
// montant total, avoir appliqué, montant à payer, statut, PDF, « Payer » (→ payment site) or
// « OK » (the credit covers everything), then the confirmation and the payment ticket.

import { h } from '../dom.js';
import { formatEuros, formatInstant, isoWeekOf } from '../format.js';
import { lookups, weekHash } from '../lookups.js';
import { errorMessage, ORDER_STATUS } from '../messages.js';
import { actionButton, errorNotice, linesTable, notice, pageTitle, pdfButton, summaryList } from '../ui.js';

const PENDING = new Set(['awaiting_payment', 'awaiting_confirmation']);
const POLL_DELAY_MS = 1000;
const POLL_ATTEMPTS = 15;

export async function orderView(ctx, { id, query, token }) {
  const names = await lookups(ctx);
  const orderPath = `/api/orders/${encodeURIComponent(id)}`;
  const [order, payments] = await Promise.all([ctx.api.get(orderPath), ctx.api.get(ctx.familyPath('/payments')).catch(() => [])]);
  const payment = (Array.isArray(payments) ? payments : payments?.payments ?? []).find((p) => p.orderId === order.orderId);
  const returning = query.get('retour') === 'paiement' || query.has('paiement');
  const cancelledPayment = query.get('paiement') === 'annule';

  const feedback = h('div', { class: 'form-error' });
  const rerender = () => ctx.navigate(`#/commande/${encodeURIComponent(order.orderId)}`);

  // After the payment site: the notification may land a moment after the redirect; ask again.
  const waitingForPayment = returning && !cancelledPayment && (order.status === 'awaiting_payment' || (order.status === 'confirmed' && !payment?.ticketNumber && order.amountDueCents > 0));
  if (waitingForPayment) schedulePoll(ctx, token, orderPath, order, Boolean(payment?.ticketNumber));

  const statusText = ORDER_STATUS[order.status] ?? order.status;
  const nodes = [pageTitle('Détail de la réservation')];

  if (order.status === 'confirmed') {
    nodes.push(notice('success', h('p', null, h('strong', null, 'Votre réservation est validée.'), ' Les jours réservés apparaissent en vert dans le planning.')));
  } else if (cancelledPayment) {
    nodes.push(notice('warning', h('p', null, "Le paiement n'a pas été effectué. Vous pouvez payer à nouveau ou abandonner la demande.")));
  } else if (waitingForPayment) {
    nodes.push(notice('info', h('p', null, 'Paiement en cours de validation… Cette page se met à jour toute seule.')));
  } else if (order.status === 'expired') {
    nodes.push(notice('warning', h('p', null, "Cette demande a expiré sans être validée : les jours ont été libérés et l'avoir éventuel vous a été rendu.")));
  }

  nodes.push(
    summaryList([
      ['Statut de la réservation', statusText],
      ['Montant total de la réservation', formatEuros(order.totalCents)],
      ['Avoir appliqué', order.creditAppliedCents ? `− ${formatEuros(order.creditAppliedCents)}` : formatEuros(0)],
      ['Montant à payer', formatEuros(order.amountDueCents), 'strong'],
      PENDING.has(order.status) && order.expiresAt ? ["Jours retenus jusqu'au", formatInstant(order.expiresAt, names.timezone)] : null,
    ]),
  );

  if (order.creditAppliedCents > 0 && order.amountDueCents > 0 && PENDING.has(order.status)) {
    nodes.push(h('p', { class: 'hint' }, 'Le montant à payer est inférieur au montant des réservations : votre avoir a été déduit.'));
  }

  if (order.status === 'confirmed' && payment) {
    nodes.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'paiement-titre' },
        h('h2', { id: 'paiement-titre' }, 'Paiement'),
        summaryList([
          ['Montant payé', formatEuros(payment.amountCents)],
          payment.paidAt ? ['Payé le', formatInstant(payment.paidAt, names.timezone, { withYear: true })] : null,
          ['Ticket de paiement', payment.ticketNumber ?? "en cours d'émission…"],
        ]),
        payment.ticketNumber
          ? [
              h('p', null, "Le ticket de paiement vous a été envoyé par e-mail ; c'est lui qui valide votre réservation."),
              pdfButton(ctx, { label: 'Ticket de paiement', path: `/api/payments/${encodeURIComponent(payment.paymentId)}/ticket.pdf`, filename: `ticket-${payment.ticketNumber}.pdf` }),
            ]
          : null,
      ),
    );
  }

  nodes.push(linesTable({ caption: 'Jours demandés', amountHeader: 'Prix', lines: (order.lines ?? []).map((line) => ({ ...line, amountCents: line.unitPriceCents })), ...names }));
  nodes.push(pdfButton(ctx, { label: 'Télécharger le détail des réservations en PDF', path: `${orderPath}/pdf`, filename: `reservation-${order.orderId}.pdf` }));

  const actions = h('div', { class: 'actions' });
  if (order.action === 'pay') {
    actions.append(
      actionButton('Payer', async () => {
        feedback.replaceChildren();
        try {
          const { checkoutUrl } = await ctx.api.mutate(`checkout:${order.orderId}`, `${orderPath}/checkout`, {});
          ctx.markCheckout(order.orderId);
          ctx.announce('Redirection vers le site de paiement…');
          location.assign(checkoutUrl);
        } catch (error) {
          feedback.replaceChildren(errorNotice(error));
          ctx.announce(errorMessage(error));
        }
      }),
    );
    nodes.push(h('p', { class: 'hint' }, `«\u00a0Payer\u00a0» vous redirige vers le site de paiement sécurisé (${formatEuros(order.amountDueCents)}).`));
  } else if (order.action === 'ok') {
    nodes.push(notice('info', h('p', null, 'Votre avoir couvre la totalité de votre réservation : cliquez sur «\u00a0OK\u00a0» pour la valider, sans paiement.')));
    actions.append(
      actionButton('OK', async () => {
        feedback.replaceChildren();
        try {
          await ctx.api.mutate(`confirm:${order.orderId}`, `${orderPath}/confirm`, {});
          ctx.family({ fresh: true }).catch(() => undefined);
          ctx.announce('Réservation validée.');
          rerender();
        } catch (error) {
          feedback.replaceChildren(errorNotice(error));
          ctx.announce(errorMessage(error));
        }
      }),
    );
  }
  if (PENDING.has(order.status)) {
    actions.append(
      actionButton(
        'Abandonner la demande',
        async () => {
          feedback.replaceChildren();
          try {
            await ctx.api.mutate(`abandon:${order.orderId}`, `${orderPath}/abandon`, {});
            ctx.family({ fresh: true }).catch(() => undefined);
            ctx.announce('Demande abandonnée : les jours sont libérés.');
            rerender();
          } catch (error) {
            feedback.replaceChildren(errorNotice(error));
            ctx.announce(errorMessage(error));
          }
        },
        { variant: 'secondary' },
      ),
    );
  }
  actions.append(h('a', { class: 'button button--secondary', href: weekHash(order.lines, isoWeekOf) }, 'Retour au planning'));
  nodes.push(feedback, actions);

  if (order.status === 'confirmed') ctx.announce(`Réservation validée. ${payment?.ticketNumber ? `Ticket de paiement ${payment.ticketNumber}.` : ''}`);
  return nodes;
}

/** Re-reads the order until the payment (and its ticket) shows, then re-renders the page. */
function schedulePoll(ctx, token, orderPath, order, hadTicket) {
  let attempts = 0;
  const tick = async () => {
    if (!ctx.isCurrent(token)) return;
    attempts += 1;
    try {
      const [latest, payments] = await Promise.all([ctx.api.get(orderPath), ctx.api.get(ctx.familyPath('/payments')).catch(() => [])]);
      const ticket = (Array.isArray(payments) ? payments : []).find((p) => p.orderId === order.orderId)?.ticketNumber;
      if (!ctx.isCurrent(token)) return;
      if (latest.status !== order.status || (latest.status === 'confirmed' && ticket && !hadTicket)) {
        const confirmedWithTicket = latest.status === 'confirmed' && (ticket || latest.amountDueCents === 0);
        ctx.navigate(`#/commande/${encodeURIComponent(order.orderId)}${confirmedWithTicket ? '' : '?retour=paiement'}`);
        return;
      }
    } catch {
      // keep trying: the next attempt may succeed
    }
    if (attempts < POLL_ATTEMPTS) setTimeout(tick, POLL_DELAY_MS);
    else ctx.navigate(`#/commande/${encodeURIComponent(order.orderId)}`); // stop waiting: show the order as it is
  };
  setTimeout(tick, POLL_DELAY_MS);
}
