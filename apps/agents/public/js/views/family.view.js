// « Dossier de la famille »: identity and QF with its effective date, residency, children and
// their enrolments (PAI, a child's own QF), orders, payments, credits, documents and history —
// the family routes parents use too.
import { h, table } from '../dom.js';
import { downloadButton } from '../download.js';
import { formatDate, formatEuros, formatInstant, todayIn } from '../format.js';
import { MOVEMENT_KINDS, ORDER_STATUS } from '../messages.js';
import { notice, pageHeading } from '../ui.js';

const PROVIDERS = { stripe: 'Carte bancaire (Stripe)', simulated: 'Paiement simulé', payfip: 'PayFiP' };

/** Orders shown with their detail (the most recent ones); older ones are in the history. */
const MAX_ORDERS = 20;

export async function familyView(ctx, [familyId]) {
  const base = `/api/families/${encodeURIComponent(familyId)}`;
  const [family, credits, payments, history, catalog] = await Promise.all([
    ctx.api.get(base),
    ctx.api.get(`${base}/credits`),
    ctx.api.get(`${base}/payments`),
    ctx.api.get(`${base}/history?limit=1000`),
    ctx.catalog(),
  ]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const activity = (id) => catalog.activities.find((a) => a.id === id)?.label ?? id;
  const orderIds = [...new Set(history.entries.filter((e) => e.type === 'ReservationRequested' && e.orderId).map((e) => e.orderId))].reverse().slice(0, MAX_ORDERS);
  const orders = await Promise.all(orderIds.map((id) => ctx.api.get(`/api/orders/${encodeURIComponent(id)}`)));
  const name = family.name ?? 'Données personnelles effacées';
  const childName = (childId) => {
    const child = family.children.find((c) => c.childId === childId);
    return child?.firstName ? `${child.firstName} ${child.lastName ?? ''}`.trim() : childId;
  };

  const editChildren = ctx.can('families.qf') && !family.personalDataErased;
  // Download refusals (an attestation for a year with no care paid) are said here.
  const documentsSlot = h('div', { 'aria-live': 'polite' });
  const lastYear = Number(todayIn(zone).slice(0, 4)) - 1;

  const actions = [];
  if (ctx.can('families.enrol') && !family.personalDataErased) actions.push(h('a', { class: 'button', href: `#/famille/${encodeURIComponent(familyId)}/inscrire-enfant` }, 'Inscrire un enfant'));
  if (ctx.can('families.qf') && !family.personalDataErased) actions.push(h('a', { class: 'button button--secondary', href: `#/famille/${encodeURIComponent(familyId)}/quotient` }, 'Mettre à jour le quotient familial'));
  if (ctx.can('families.erase') && !family.personalDataErased) actions.push(h('a', { class: 'button button--secondary', href: `#/famille/${encodeURIComponent(familyId)}/effacement` }, 'Effacer les données personnelles'));

  const flash = sessionStorage.getItem('periscol.agents.flash');
  sessionStorage.removeItem('periscol.agents.flash');
  if (flash) ctx.announce(flash);
  const content = [
    pageHeading(name, [['Familles', '#/familles']]),
    flash ? notice('success', flash) : null,
    family.personalDataErased ? notice('info', 'Les données personnelles de cette famille ont été effacées (fin de la durée de conservation) ; l’historique financier reste.') : null,
    actions.length ? h('div', { class: 'actions' }, actions) : null,

    h('h2', null, 'Identité'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Identifiant'),
      h('dd', null, family.familyId),
      h('dt', null, 'Courriel'),
      h('dd', null, family.email ?? '—'),
      h('dt', null, 'Adresse'),
      h('dd', null, family.address ?? '—'),
      h('dt', null, 'Résidence'),
      h('dd', null, family.resident ? 'Résidente de la commune' : 'Hors commune (tarif extérieur)'),
      h('dt', null, 'Quotient familial'),
      h('dd', { id: 'quotient-familial' }, family.quotientFamilial === null ? 'Non connu (tarif le plus élevé)' : String(family.quotientFamilial), family.quotientFamilialEffectiveAt ? ` — attestation du ${formatInstant(family.quotientFamilialEffectiveAt, zone)}` : ''),
      h('dt', null, 'Inscrite le'),
      h('dd', null, family.registeredAt ? formatInstant(family.registeredAt, zone) : '—'),
    ),

    h('h2', null, 'Enfants et inscriptions'),
    family.children.length === 0
      ? h('p', null, 'Aucun enfant inscrit.')
      : table({
          caption: `Enfants de la famille ${name}`,
          columns: ['Enfant', 'École', 'Classe', 'Activités', 'PAI', 'Quotient propre', ...(editChildren ? ['Action'] : [])],
          rows: family.children.map((c) => [
            childName(c.childId),
            c.school ?? '—',
            c.grade ?? '—',
            c.activityIds.length ? c.activityIds.map(activity).join(', ') : 'Aucune',
            c.medicalProtocol ? 'Oui (panier repas)' : 'Non',
            c.ownQuotientFamilial === null ? 'Celui de la famille' : String(c.ownQuotientFamilial),
            ...(editChildren ? [h('a', { href: `#/famille/${encodeURIComponent(familyId)}/enfant/${encodeURIComponent(c.childId)}` }, `Modifier PAI et quotient de ${childName(c.childId)}`)] : []),
          ]),
        }),

    h('h2', null, 'Réservations'),
    orders.length === 0
      ? h('p', null, 'Aucune réservation.')
      : table({
          caption: `Réservations les plus récentes (${orders.length})`,
          columns: ['Demandée le', 'Jours', { label: 'Total', number: true }, 'Statut', 'Ticket'],
          rows: orders.map((o) => [
            formatInstant(o.requestedAt, zone),
            o.lines.map((l) => `${childName(l.childId)} — ${activity(l.activityId)} — ${formatDate(l.date)}`).join(' ; '),
            formatEuros(o.totalCents),
            ORDER_STATUS[o.status] ?? o.status,
            o.ticketNumber ?? '—',
          ]),
        }),

    h('h2', null, 'Paiements'),
    payments.length === 0
      ? h('p', null, 'Aucun paiement.')
      : table({
          caption: 'Paiements reçus',
          columns: ['Payé le', { label: 'Montant', number: true }, 'Ticket', 'Moyen', 'Document'],
          rows: payments.map((p) => [
            formatInstant(p.paidAt, zone),
            formatEuros(p.amountCents),
            p.ticketNumber ?? 'en cours de numérotation',
            PROVIDERS[p.provider] ?? p.provider,
            p.ticketNumber ? downloadButton(ctx, `Ticket ${p.ticketNumber} (PDF)`, `/api/payments/${encodeURIComponent(p.paymentId)}/ticket.pdf`, `ticket-${p.ticketNumber}.pdf`, documentsSlot) : '—',
          ]),
        }),

    h('h2', null, 'Avoirs'),
    h('p', { id: 'solde-avoirs' }, 'Solde : ', h('strong', null, formatEuros(credits.balanceCents)), credits.heldCents ? ` (dont ${formatEuros(credits.heldCents)} retenus par une réservation en attente)` : ''),
    credits.movements.length === 0
      ? h('p', null, 'Aucun mouvement.')
      : table({
          caption: 'Mouvements du compte d’avoirs',
          columns: ['Date', 'Nature', { label: 'Montant', number: true }, { label: 'Solde après', number: true }, 'N° d’avoir'],
          rows: credits.movements.map((m) => [
            formatInstant(m.at, zone),
            MOVEMENT_KINDS[m.kind] ?? m.kind,
            `${m.amountCents > 0 ? '+' : ''}${formatEuros(m.amountCents)}`,
            formatEuros(m.balanceAfterCents),
            // A numbered credit note of a cancellation or a closure prints from its cancellation.
            m.creditNoteNumber && (m.kind === 'cancellation' || m.kind === 'closure')
              ? downloadButton(ctx, `Avoir ${m.creditNoteNumber} (PDF)`, `/api/cancellations/${encodeURIComponent(m.sourceId)}/pdf`, `avoir-${m.creditNoteNumber}.pdf`, documentsSlot)
              : (m.creditNoteNumber ?? '—'),
          ]),
        }),

    h('h2', null, 'Documents'),
    h('p', null, 'Les tickets et les avoirs se téléchargent depuis leur ligne ci-dessus ; le récapitulatif couvre toute l’année scolaire.'),
    h(
      'div',
      { class: 'actions' },
      downloadButton(ctx, 'Récapitulatif de la famille (PDF)', `${base}/recap.pdf`, `recapitulatif-${familyId}.pdf`, documentsSlot),
      downloadButton(ctx, `Attestation fiscale ${lastYear} (PDF)`, `${base}/tax-certificate.pdf?year=${lastYear}`, `attestation-fiscale-${lastYear}-${familyId}.pdf`, documentsSlot),
    ),
    documentsSlot,

    h('h2', null, 'Historique'),
    history.entries.length === 0
      ? h('p', null, 'Rien encore.')
      : h('ol', { class: 'history', reversed: true }, [...history.entries].reverse().map((e) => h('li', null, h('time', { datetime: e.at }, formatInstant(e.at, zone)), ' — ', e.summary))),
  ];
  return { title: `Dossier ${name}`, content };
}
