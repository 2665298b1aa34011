// « Journal de la régie » (R18): the payments received on a day, numbered receipts by payment
// method, with the day's totals; the régisseur closes the day once it is over (in order), after
// which the journal shows the figures recorded then. Below: the day's reconciliation with what
// the providers reported paid, and the month's pack for the comptable (PDF, CSV).
import { h, table } from '../dom.js';
import { downloadButton } from '../download.js';
import { formatDate, formatEuros, formatInstant, todayIn } from '../format.js';
import { errorNotice, field, notice, pageHeading } from '../ui.js';

const FLASH = 'periscol.agents.journal';

/** The journal's methods in French (docs/rules.md R18). */
export const METHOD_LABELS = {
  card: 'Carte bancaire (PayFiP)',
  direct_debit: 'Prélèvement (PayFiP)',
  payfip: 'PayFiP',
  stripe: 'Carte bancaire (Stripe)',
  simulated: 'Paiement simulé',
};
const methodLabel = (method) => METHOD_LABELS[method] ?? method;

const DIFFERENCES = {
  missing_receipt: 'Paiement reçu sans quittance',
  receipt_without_provider_payment: 'Quittance sans paiement du prestataire',
  duplicate_receipt: 'Quittance en double',
  amount_mismatch: 'Montants différents',
};

/** `date` ± `days`, as YYYY-MM-DD. */
function shiftDay(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export async function journalView(ctx, _params, query) {
  const catalog = await ctx.catalog();
  const zone = catalog.timezone ?? 'Europe/Paris';
  const today = todayIn(zone);
  const asked = query.get('date');
  const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : today;
  const month = date.slice(0, 7);
  const said = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  if (said) ctx.announce(said);
  const go = (day) => ctx.go(`#/journal?date=${encodeURIComponent(day)}`);

  const form = h(
    'form',
    {
      class: 'search-form',
      onsubmit: (event) => {
        event.preventDefault();
        go(String(new FormData(form).get('date')));
      },
    },
    field({ label: 'Jour', name: 'date', type: 'date', value: date, required: true }),
    h('button', { type: 'submit', class: 'button' }, 'Afficher'),
  );
  const days = h(
    'p',
    { class: 'actions' },
    h('a', { class: 'button button--secondary', href: `#/journal?date=${shiftDay(date, -1)}` }, `Jour précédent (${formatDate(shiftDay(date, -1))})`),
    date < today ? h('a', { class: 'button button--secondary', href: `#/journal?date=${shiftDay(date, 1)}` }, `Jour suivant (${formatDate(shiftDay(date, 1))})`) : null,
  );

  const [journal, reconciliation, pack] = await Promise.all([
    ctx.api.get(`/api/regie/journal?from=${date}&to=${date}`),
    ctx.api.get(`/api/regie/reconciliation?from=${date}&to=${date}`),
    ctx.api.get(`/api/regie/months/${month}/pack`),
  ]);
  const day = journal.days[0];
  // The liste nominative names the payers (« données effacées » once erased, R17).
  const payers = new Map(pack.payers.map((payer) => [payer.familyId, payer.payer]));
  const title = formatDate(date);

  const content = [pageHeading('Journal de la régie'), said ? notice('success', said) : null, form, days, h('h2', null, `Encaissements du ${title}`)];
  content.push(statusOf(ctx, day, date, today, journal.lastClosed, zone));
  content.push(
    day.receipts.length
      ? table({
          caption: `Encaissements du ${title} (${day.receiptCount})`,
          columns: ['Quittance', 'Heure', 'Famille', 'Mode de paiement', { label: 'Montant', number: true }],
          rows: day.receipts.map((receipt) => [
            receipt.receiptNumber ?? 'En cours de numérotation',
            [formatInstant(receipt.paidAt, zone), receipt.late ? h('span', { class: 'tag' }, ` — reçu en retard, daté du ${formatDate(receipt.date)}`) : null],
            h('a', { href: `#/famille/${encodeURIComponent(receipt.familyId)}` }, payers.get(receipt.familyId) ?? receipt.familyId),
            methodLabel(receipt.method),
            formatEuros(receipt.amountCents),
          ]),
        })
      : h('p', null, 'Aucun encaissement ce jour.'),
    table({
      caption: `Totaux par mode de paiement — ${title}`,
      columns: ['Mode de paiement', { label: 'Montant', number: true }],
      rows: Object.entries(day.totalsByMethod).map(([method, cents]) => [methodLabel(method), formatEuros(cents)]),
      footer: ['Total', formatEuros(day.totalCents)],
    }),
  );
  // A day with nothing received nor receipted has no line in the reconciliation.
  const compared = reconciliation.days.find((d) => d.date === date) ?? { providerCount: 0, providerCents: 0, receiptCount: 0, receiptCents: 0, differences: [] };
  content.push(...reconciliationSection(compared, title));
  content.push(...packSection(ctx, month));
  return { title: `Journal de la régie — ${title}`, content };
}

/** Closed (with the recorded figures), or open — with the régisseur's action once the day is over. */
function statusOf(ctx, day, date, today, lastClosed, zone) {
  if (day.status === 'closed') {
    return notice('info', `Journée clôturée le ${formatInstant(day.closedAt, zone)} : ${day.receiptCount} quittance${day.receiptCount > 1 ? 's' : ''}${day.firstReceipt ? ` (${day.firstReceipt} à ${day.lastReceipt})` : ''}, ${formatEuros(day.totalCents)}. Ces montants ne changent plus ; un paiement reçu en retard compte dans la prochaine journée ouverte.`);
  }
  const state = h('p', null, date >= today ? 'Journée en cours : elle pourra être clôturée demain.' : `Journée ouverte${lastClosed ? ` (dernière journée clôturée : ${formatDate(lastClosed)})` : ' (aucune journée clôturée)'}.`);
  if (!ctx.can('journal.close') || date >= today) return state;
  const slot = h('div');
  const close = h('button', { type: 'button', class: 'button' }, `Clôturer la journée du ${formatDate(date)}`);
  close.addEventListener('click', async () => {
    close.disabled = true;
    slot.replaceChildren();
    try {
      const closed = await ctx.api.send('POST', `/api/regie/journal/days/${date}/close`, undefined, `close-regie-day-${date}`);
      sessionStorage.setItem(FLASH, `Journée du ${formatDate(date)} clôturée : ${closed.receiptCount} quittance${closed.receiptCount > 1 ? 's' : ''}, ${formatEuros(closed.totalCents)}.`);
      ctx.go(`#/journal?date=${date}&cloturee=${Date.now()}`);
    } catch (error) {
      slot.replaceChildren(errorNotice(error));
      close.disabled = false;
    }
  });
  return [state, h('div', { class: 'actions' }, close), slot];
}

function reconciliationSection(day, title) {
  const heading = h('h2', null, 'Rapprochement avec les prestataires de paiement');
  const summary = `${day.providerCount} paiement${day.providerCount > 1 ? 's' : ''} reçu${day.providerCount > 1 ? 's' : ''} des prestataires (${formatEuros(day.providerCents)}), ${day.receiptCount} quittance${day.receiptCount > 1 ? 's' : ''} (${formatEuros(day.receiptCents)}).`;
  if (day.differences.length === 0) return [heading, notice('success', `Aucun écart : ${summary}`)];
  return [
    heading,
    notice('warning', `${day.differences.length} écart${day.differences.length > 1 ? 's' : ''} : ${summary}`),
    table({
      caption: `Écarts du ${title}`,
      columns: ['Écart', 'Prestataire', 'Famille', 'Quittances', { label: 'Reçu du prestataire', number: true }, { label: 'Quittancé', number: true }],
      rows: day.differences.map((d) => [
        DIFFERENCES[d.kind] ?? d.kind,
        d.provider,
        h('a', { href: `#/famille/${encodeURIComponent(d.familyId)}` }, d.familyId),
        d.receiptNumbers.map((n) => n ?? 'en cours').join(', ') || '—',
        d.providerAmountCents === null ? '—' : formatEuros(d.providerAmountCents),
        d.receiptAmountCents === null ? '—' : formatEuros(d.receiptAmountCents),
      ]),
    }),
  ];
}

function packSection(ctx, month) {
  const [y, m] = month.split('-').map(Number);
  const label = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  const slot = h('div');
  const button = (extension, text) => downloadButton(ctx, text, `/api/regie/months/${month}/pack.${extension}`, `regie-${month}.${extension}`, slot);
  return [
    h('h2', null, `Dossier mensuel pour le comptable — ${label}`),
    h('p', null, 'État récapitulatif des recettes, liste nominative des parties versantes et bordereau de versement du mois.'),
    h('div', { class: 'actions' }, button('pdf', 'Télécharger le dossier (PDF)'), button('csv', 'Télécharger le dossier (CSV)')),
    slot,
  ];
}
