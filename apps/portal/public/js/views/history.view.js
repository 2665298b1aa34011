// « Historique »: every change of the family. Uses GET …/history when the API offers it;
// otherwise rebuilds what it can from the credit account and the payments.

import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatEuros, formatInstant } from '../format.js';
import { CREDIT_MOVEMENT } from '../messages.js';
import { notice, pageTitle } from '../ui.js';

const EVENT_LABELS = {
  FamilyRegistered: 'Inscription de la famille',
  ChildEnrolled: "Inscription d'un enfant",
  ReservationRequested: 'Demande de réservation',
  ReservationConfirmed: 'Réservation validée',
  ReservationExpired: 'Demande expirée ou abandonnée',
  PaymentStarted: 'Paiement commencé',
  PaymentConfirmed: 'Paiement reçu',
  PaymentTicketIssued: 'Ticket de paiement émis',
  ReservationCancelled: 'Annulation',
  CreditIssued: 'Avoir émis',
  CreditNoteIssued: 'Avoir numéroté',
  CreditRefunded: 'Remboursement',
};

function fromHistory(entries) {
  return entries.map((entry) => ({
    at: entry.at ?? entry.recordedAt ?? entry.metadata?.recordedAt,
    label: entry.label ?? EVENT_LABELS[entry.type] ?? entry.type,
    amountCents: entry.amountCents ?? entry.data?.amountCents ?? entry.data?.totalCents,
    reference: entry.reference ?? entry.ticketNumber ?? entry.orderId ?? entry.data?.ticketNumber ?? entry.data?.orderId ?? entry.data?.cancellationId ?? '',
  }));
}

async function rebuild(ctx) {
  const [credits, payments] = await Promise.all([ctx.api.get(ctx.familyPath('/credits')), ctx.api.get(ctx.familyPath('/payments'))]);
  return [
    ...(credits.movements ?? []).map((m) => ({ at: m.at, label: CREDIT_MOVEMENT[m.kind] ?? m.kind, amountCents: m.amountCents, reference: m.sourceId ?? '' })),
    ...(Array.isArray(payments) ? payments : []).map((p) => ({ at: p.paidAt, label: 'Paiement reçu', amountCents: p.amountCents, reference: p.ticketNumber ?? p.orderId })),
  ];
}

export async function historyView(ctx) {
  const catalog = await ctx.catalog();
  const zone = catalog.timezone ?? 'Europe/Paris';
  let rows;
  let partial = false;
  try {
    const history = await ctx.api.get(ctx.familyPath('/history'));
    rows = fromHistory(Array.isArray(history) ? history : history.entries ?? history.events ?? []);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    rows = await rebuild(ctx);
    partial = true;
  }
  rows.sort((a, b) => String(b.at).localeCompare(String(a.at)));

  return [
    pageTitle('Historique'),
    h('p', null, "Toutes les opérations de votre compte, de la plus récente à la plus ancienne. Rien n'est jamais effacé : une correction apparaît comme une nouvelle opération."),
    partial ? notice('info', h('p', null, 'Cet historique montre vos paiements et vos avoirs.')) : null,
    rows.length === 0
      ? notice('info', h('p', null, 'Aucune opération pour le moment.'))
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'lines' },
            h('caption', null, 'Opérations du compte'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Opération'), h('th', { scope: 'col', class: 'num' }, 'Montant'), h('th', { scope: 'col' }, 'Référence'))),
            h(
              'tbody',
              null,
              rows.map((row) =>
                h(
                  'tr',
                  null,
                  h('td', null, row.at ? formatInstant(row.at, zone, { withYear: true }) : ''),
                  h('td', null, row.label),
                  h('td', { class: 'num' }, Number.isInteger(row.amountCents) ? formatEuros(row.amountCents) : ''),
                  h('td', null, String(row.reference ?? '')),
                ),
              ),
            ),
          ),
        ),
  ];
}
