// « Je vérifie le détail » of a reservation (guide 3.1) and « Paiement et validation » (4):
// montant total, avoir appliqué, montant à payer (then montant payé / payée par avoir and reste à
// payer), statut, « Payer » (→ payment site) or « OK » with the PDF right under the total, then
// the confirmation and the payment ticket.

import { h } from '../dom.js';
import { formatEuros, formatInstant, isoWeekOf } from '../format.js';
import { lookups, weekHash } from '../lookups.js';
import { errorMessage } from '../messages.js';
import { notPaidMessage, orderAmountRows, orderStatusLabel, paidByCredit, paymentReturn, PENDING } from '../order-status.js';
import { actionButton, errorNotice, linesTable, notice, pageTitle, pdfButton, summaryList } from '../ui.js';

const POLL_DELAY_MS = 1000;
const POLL_ATTEMPTS = 15;
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function orderView(ctx, { id, query, token }) {
  const names = await lookups(ctx);
  const orderPath = `/api/orders/${encodeURIComponent(id)}`;
  const [order, payments] = await Promise.all([ctx.api.get(orderPath), ctx.api.get(ctx.familyPath('/payments')).catch(() => [])]);
  const payment = (Array.isArray(payments) ? payments : payments?.payments ?? []).find((p) => p.orderId === order.orderId);
  const returned = paymentReturn(query);

  const feedback = h('div', { class: 'form-error' });
  const pageHash = `#/commande/${encodeURIComponent(order.orderId)}`;
  const rerender = () => ctx.navigate(pageHash);

  // The provider came back with a payment: its notification may land a moment after; ask again.
  const waitingForPayment = returned === 'paid' && (order.status === 'awaiting_payment' || (order.status === 'confirmed' && !payment?.ticketNumber && order.amountDueCents > 0));
  if (waitingForPayment) schedulePoll(ctx, token, orderPath, order, Boolean(payment?.ticketNumber));
  // The hold ends while the page is open: show it rather than let the days go silently.
  if (PENDING.has(order.status) && order.expiresAt) scheduleAtExpiry(ctx, token, order.expiresAt, rerender);

  const nodes = [pageTitle('Détail de la réservation')];

  if (order.status === 'confirmed') {
    nodes.push(notice('success', h('p', null, h('strong', null, 'Votre réservation est validée.'), ' Les jours réservés apparaissent en vert dans le planning.')));
  } else if (waitingForPayment) {
    nodes.push(notice('info', h('p', null, 'Paiement en cours de validation… Cette page se met à jour toute seule.')));
  } else if (returned === 'notPaid' && order.status === 'awaiting_payment') {
    nodes.push(
      notice(
        'warning',
        h('p', null, h('strong', { class: 'order-not-paid' }, notPaidMessage(order, names.timezone)), '.'),
        h('p', null, 'Vous pouvez payer à nouveau ou abandonner la demande ; passé ce délai, les jours seront libérés.'),
      ),
    );
  } else if (order.status === 'expired') {
    nodes.push(notice('warning', h('p', null, "Cette demande n'a pas été validée : les jours ont été libérés et l'avoir éventuel vous a été rendu. Rien n'a été prélevé.")));
  }

  nodes.push(
    summaryList([
      ['Statut de la réservation', orderStatusLabel(order)],
      ...orderAmountRows(order, payment),
      PENDING.has(order.status) && order.expiresAt ? ["Jours retenus jusqu'au", formatInstant(order.expiresAt, names.timezone)] : null,
    ]),
  );

  // The decision sits right under the total (on a phone, not below the list of days).
  const primary = h('div', { class: 'actions order-actions' });
  if (order.action === 'pay') {
    if (order.creditAppliedCents > 0) nodes.push(h('p', { class: 'hint' }, 'Le montant à payer est inférieur au montant des réservations : votre avoir a été déduit.'));
    primary.append(
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
    nodes.push(primary, h('p', { class: 'hint' }, `«\u00a0Payer\u00a0» vous redirige vers le site de paiement sécurisé (${formatEuros(order.amountDueCents)}).`));
  } else if (order.action === 'ok') {
    nodes.push(notice('info', h('p', null, 'Votre avoir couvre la totalité de votre réservation : cliquez sur «\u00a0OK\u00a0» pour la valider, sans paiement.')));
    primary.append(
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
    nodes.push(primary);
  }
  nodes.push(feedback, pdfButton(ctx, { label: 'Télécharger le détail des réservations en PDF', path: `${orderPath}/pdf`, filename: `reservation-${order.orderId}.pdf` }));
  if (order.status === 'confirmed' && paidByCredit(order)) {
    // The guide says a ticket validates a reservation: say what does when nothing was paid.
    nodes.push(h('p', { class: 'order-mail' }, 'Un e-mail vous confirme la validation, avec ce détail des réservations en PDF : rien n’ayant été payé, aucun ticket de paiement n’est émis.'));
  }

  if (order.status === 'confirmed' && payment && !paidByCredit(order)) {
    nodes.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'paiement-titre' },
        h('h2', { id: 'paiement-titre' }, 'Paiement'),
        summaryList([
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

  const secondary = h('div', { class: 'actions' });
  if (PENDING.has(order.status)) {
    secondary.append(
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
  secondary.append(h('a', { class: 'button button--secondary', href: weekHash(order.lines, isoWeekOf) }, 'Retour au planning'));
  nodes.push(secondary);

  if (order.status === 'confirmed') ctx.announce(`Réservation validée. ${payment?.ticketNumber ? `Ticket de paiement ${payment.ticketNumber}.` : ''}`);
  else if (returned === 'notPaid' && order.status === 'awaiting_payment') ctx.announce(`${notPaidMessage(order, names.timezone)}.`);
  return nodes;
}

/** Re-renders the page once the order's hold is over (it then reads « expirée »). */
function scheduleAtExpiry(ctx, token, expiresAt, rerender) {
  const delay = Date.parse(expiresAt) - Date.now();
  if (!Number.isFinite(delay) || delay > MAX_TIMER_MS) return;
  setTimeout(() => {
    if (ctx.isCurrent(token)) rerender();
  }, Math.max(delay, 0) + 1000);
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
        ctx.navigate(`#/commande/${encodeURIComponent(order.orderId)}${confirmedWithTicket ? '' : '?paiement=ok'}`);
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
