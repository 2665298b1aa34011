// « Argent »: the money of the régie as each role may see it. Refund requests (R19): the
// régisseur asks (amount, reason, credits), an administrator who is someone else validates or
// rejects them; the credits' balance per family (the état des avoirs); a goodwill credit with its
// reason (administrator); the payments nobody's order matched (régisseur, administrator, auditor),
// which the régisseur attaches to the right family (R7: it becomes that family's credit); the
// year-end refund campaign, as CSV and PDF, whose requests the régisseur creates in one action.
// First, the régie's cash against its plafond d'encaisse (R18), in words when a versement is due.
import { h, table } from '../dom.js';
import { formatDate, formatEuros, formatInstant } from '../format.js';
import { errorNotice, field, notice, pageHeading, selectField, submitting } from '../ui.js';

const FLASH = 'periscol.agents.argent';

const STATUS = { pending: 'En attente de validation', validated: 'Validée (remboursée)', rejected: 'Refusée' };
const SOURCES = { cancellation: 'Annulation', closure: 'Fermeture', goodwill: 'Avoir exceptionnel', unapplied_payment: 'Paiement non appliqué' };

/** « 12,50 » or « 12.5 » → 1250; NaN for anything else. */
export function parseEuros(text) {
  const match = /^\s*(\d{1,7})(?:[,.](\d{1,2}))?\s*(?:€)?\s*$/.exec(String(text));
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

export async function moneyView(ctx) {
  const said = sessionStorage.getItem(FLASH);
  sessionStorage.removeItem(FLASH);
  if (said) ctx.announce(said);
  const done = (text) => {
    sessionStorage.setItem(FLASH, text);
    ctx.go('#/argent');
  };
  const content = [pageHeading('Argent'), said ? notice('success', said) : null];

  if (ctx.can('money.read')) {
    const [position, { requests }, statement] = await Promise.all([ctx.api.get('/api/regie/position'), ctx.api.get('/api/regie/refund-requests'), ctx.api.get('/api/regie/credits')]);
    content.push(...positionSection(position));
    content.push(...refundRequestsSection(ctx, requests, done));
    if (ctx.can('refunds.request')) content.push(...refundRequestForm(ctx, statement, done));
    content.push(...balancesSection(statement));
    content.push(...campaignSection(ctx, await ctx.api.get('/api/regie/refund-campaign'), done));
  }
  if (ctx.can('credits.goodwill')) content.push(...goodwillForm(ctx, done));
  if (ctx.can('payments.unmatched')) content.push(...(await unmatchedSection(ctx, await ctx.api.get('/api/admin/unmatched-payments'), done)));
  return { content };
}

const PERIOD = { monthly: 'le mois', weekly: 'la semaine' };

/** The cash held since the last versement against the plafond; the alert says it in words, never by colour alone. */
function positionSection(position) {
  const heading = h('h2', { id: 'encaisse' }, 'Encaisse de la régie');
  if (!position.cash) return [heading, h('p', null, 'Le fichier de la commune ne décrit pas l’arrêté de la régie : aucun plafond d’encaisse n’est suivi.')];
  const { cash } = position;
  const held = `${formatEuros(cash.cashHeldCents)} (${cash.receiptCount} ${cash.receiptCount > 1 ? 'recettes' : 'recette'})`;
  const alert =
    cash.level === 'over'
      ? notice('warning', h('strong', null, 'Plafond d’encaisse atteint : versement dû. '), `L’encaisse (${formatEuros(cash.cashHeldCents)}) atteint ou dépasse le plafond de ${formatEuros(cash.plafondCents)}. Versez les fonds au comptable sans attendre.`)
      : cash.level === 'near'
        ? notice('warning', h('strong', null, 'Versement à prévoir. '), `L’encaisse (${formatEuros(cash.cashHeldCents)}) atteint le seuil d’alerte de ${formatEuros(cash.thresholdCents)}, proche du plafond de ${formatEuros(cash.plafondCents)} : un versement au comptable est dû au plus tard le ${formatDate(cash.dueBy)}.`)
        : null;
  const office = position.regisseur ? `${position.regisseur.name} (depuis le ${formatDate(position.regisseur.from)})` : 'Aucun régisseur en fonction ce jour';
  const rows = [
    [`Encaisse depuis le ${formatDate(cash.since)}`, held],
    ['Plafond d’encaisse', `${formatEuros(cash.plafondCents)} (${cash.percentOfPlafond} % atteint)`],
    ['Seuil d’alerte', formatEuros(cash.thresholdCents)],
    ['Versement au comptable', `au moins une fois par ${position.versementFrequency === 'weekly' ? 'semaine' : 'mois'}, au plus tard le ${formatDate(cash.dueBy)} pour ${PERIOD[position.versementFrequency] ?? 'la période'} en cours`],
    ['Régisseur', office],
    ['Mandataires', position.mandataires.length ? position.mandataires.map((m) => m.name).join(', ') : 'Aucun'],
    ['Arrêté constitutif', `${position.arrete.reference} du ${formatDate(position.arrete.date)}`],
  ];
  return [
    heading,
    alert ?? h('p', null, `Encaisse sous le seuil d’alerte : aucun versement n’est dû avant le ${formatDate(cash.dueBy)}.`),
    h('dl', { class: 'facts' }, rows.flatMap(([term, value]) => [h('dt', null, term), h('dd', null, value)])),
    h('p', null, 'L’encaisse compte les recettes du journal depuis le début de la période de versement, paiements en ligne compris (ils restent sur le compte DFT du régisseur jusqu’au versement).'),
  ];
}

function refundRequestsSection(ctx, requests, done) {
  const decide = ctx.can('refunds.decide');
  const decision = (request) => {
    if (request.status !== 'pending') {
      const when = request.decidedAt ? ` le ${formatInstant(request.decidedAt)}` : '';
      return `${STATUS[request.status]}${when}${request.rejectionReason ? ` : ${request.rejectionReason}` : ''}`;
    }
    if (!decide) return STATUS.pending;
    if (request.requestedBy === ctx.session?.userId) return 'Vous l’avez demandée : un autre administrateur la valide.';
    return decisionControls(ctx, request, done);
  };
  return [
    h('h2', { id: 'demandes' }, 'Demandes de remboursement'),
    h('p', null, 'Le régisseur demande le remboursement d’un avoir ; un administrateur qui n’est pas le demandeur le valide (l’avoir est alors remboursé, le comptable paie sur mandat) ou le refuse avec un motif.'),
    requests.length === 0
      ? h('p', null, 'Aucune demande de remboursement.')
      : table({
          caption: `Demandes de remboursement (${requests.length}), les plus récentes d’abord`,
          columns: ['Famille', { label: 'Montant', number: true }, 'Motif', 'Demandée', { label: 'Solde actuel', number: true }, 'État'],
          rows: requests.map((r) => [
            h('a', { href: `#/famille/${encodeURIComponent(r.familyId)}` }, r.name),
            formatEuros(r.amountCents),
            r.reason,
            `le ${formatInstant(r.requestedAt)} par ${r.requestedBy}`,
            formatEuros(r.balanceCents),
            decision(r),
          ]),
        }),
  ];
}

function decisionControls(ctx, request, done) {
  const slot = h('div');
  const base = `/api/admin/families/${encodeURIComponent(request.familyId)}/refund-requests/${encodeURIComponent(request.requestId)}`;
  const validate = h('button', { type: 'button', class: 'button' }, `Valider ${formatEuros(request.amountCents)} pour ${request.name}`);
  validate.addEventListener('click', async () => {
    validate.disabled = true;
    slot.replaceChildren();
    try {
      await ctx.api.send('POST', `${base}/validate`, undefined, `validate:${request.requestId}`);
      done(`Remboursement de ${formatEuros(request.amountCents)} validé pour ${request.name} : l’avoir est remboursé.`);
    } catch (error) {
      slot.replaceChildren(errorNotice(error));
      validate.disabled = false;
    }
  });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event) => {
        event.preventDefault();
        const reason = String(new FormData(form).get('reason') ?? '').trim();
        const answer = await submitting(form, slot, () => ctx.api.send('POST', `${base}/reject`, { reason }, `reject:${request.requestId}`));
        if (answer) done(`Demande de remboursement refusée pour ${request.name}.`);
      },
    },
    field({ label: `Motif du refus (${request.name})`, name: 'reason', required: true, attrs: { maxlength: '500' } }),
    h('button', { type: 'submit', class: 'button button--secondary' }, 'Refuser'),
  );
  return h('div', { class: 'stack' }, validate, form, slot);
}

function refundRequestForm(ctx, statement, done) {
  const families = statement.families.filter((f) => f.balanceCents > 0);
  if (families.length === 0) return [h('h2', { id: 'demander' }, 'Demander un remboursement'), h('p', null, 'Aucune famille n’a d’avoir à rembourser.')];
  const slot = h('div');
  const lotsSlot = h('div');
  const showLots = (familyId) => {
    const family = families.find((f) => f.familyId === familyId) ?? families[0];
    lotsSlot.replaceChildren(
      h(
        'fieldset',
        null,
        h('legend', null, `Avoirs concernés (solde ${formatEuros(family.balanceCents)})`),
        family.lots.map((lot, i) => {
          const id = `lot-${i}-${lot.creditId}`;
          const label = `${lot.creditNoteNumber ?? SOURCES[lot.source] ?? lot.source} du ${formatDate(lot.issuedOn)} — reste ${formatEuros(lot.remainingCents)}`;
          return h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id, name: 'creditIds', value: lot.creditId, checked: true }), h('label', { for: id }, label));
        }),
      ),
    );
  };
  const select = selectField({ label: 'Famille', name: 'familyId', required: true, options: families.map((f) => [f.familyId, `${f.name} — ${formatEuros(f.balanceCents)}`]) });
  select.querySelector('select')?.addEventListener('change', (event) => showLots(/** @type {HTMLSelectElement} */ (event.target).value));
  showLots(families[0].familyId);
  const form = h(
    'form',
    {
      class: 'stack',
      'aria-labelledby': 'demander',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const familyId = String(data.get('familyId'));
        const body = { amountCents: parseEuros(data.get('amount')), reason: String(data.get('reason') ?? '').trim(), creditIds: data.getAll('creditIds').map(String) };
        const name = families.find((f) => f.familyId === familyId)?.name ?? familyId;
        if (Number.isNaN(body.amountCents) || body.amountCents <= 0) {
          slot.replaceChildren(notice('error', 'Montant invalide : indiquez des euros, par exemple 12,50.'));
          return;
        }
        const answer = await submitting(form, slot, () => ctx.api.send('POST', `/api/regie/families/${encodeURIComponent(familyId)}/refund-requests`, body, `refund-request:${familyId}`));
        if (answer) done(`Remboursement de ${formatEuros(answer.amountCents)} demandé pour ${name} : un administrateur doit le valider.`);
      },
    },
    select,
    field({ label: 'Montant à rembourser (€)', name: 'amount', required: true, hint: 'Par exemple 12,50 ; au plus le solde de la famille.', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    field({ label: 'Motif', name: 'reason', type: 'textarea', required: true, hint: 'Par exemple « Départ de la commune ». Il figure sur le mandat.', attrs: { maxlength: '500' } }),
    lotsSlot,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Demander le remboursement')),
  );
  return [h('h2', { id: 'demander' }, 'Demander un remboursement'), slot, form];
}

function balancesSection(statement) {
  return [
    h('h2', { id: 'avoirs' }, 'Avoirs par famille'),
    statement.families.length === 0
      ? h('p', null, 'Aucune famille n’a d’avoir.')
      : table({
          caption: `État des avoirs au ${formatDate(statement.asOf)} (${statement.families.length} famille${statement.families.length > 1 ? 's' : ''})`,
          columns: ['Famille', { label: 'Solde', number: true }, { label: 'Réservé (en attente)', number: true }, { label: 'Avoirs ouverts', number: true }, 'Prescription la plus proche'],
          rows: statement.families.map((f) => [
            h('a', { href: `#/famille/${encodeURIComponent(f.familyId)}` }, f.name),
            formatEuros(f.balanceCents),
            formatEuros(f.heldCents),
            String(f.lots.length),
            f.lots.length ? formatDate(f.lots.map((l) => l.prescriptionDate).sort()[0]) : '—',
          ]),
          footer: ['Total', formatEuros(statement.totalCents), '', String(statement.lotCount), ''],
        }),
  ];
}

const CAMPAIGN_REASONS = { no_enrolment: 'Plus aucun enfant inscrit', old_credit: 'Avoir ancien' };

/** Fetches a document of the campaign with the bearer token and hands it to the browser as a download. */
async function downloadCampaign(ctx, extension, slot) {
  slot.replaceChildren();
  try {
    const response = await fetch(`/api/regie/refund-campaign.${extension}`, { headers: { Authorization: `Bearer ${ctx.session?.token ?? ''}` }, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) throw Object.assign(new Error(response.statusText), { code: `HTTP_${response.status}` });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `campagne-remboursements.${extension}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (error) {
    slot.replaceChildren(errorNotice(error));
  }
}

function campaignSection(ctx, campaign, done) {
  const slot = h('div');
  const csv = h('button', { type: 'button', class: 'button button--secondary' }, 'Télécharger la liste (CSV)');
  csv.addEventListener('click', () => void downloadCampaign(ctx, 'csv', slot));
  const pdf = h('button', { type: 'button', class: 'button button--secondary' }, 'Télécharger la liste (PDF)');
  pdf.addEventListener('click', () => void downloadCampaign(ctx, 'pdf', slot));
  const toAsk = campaign.lines.filter((line) => !line.requested);
  let create = null;
  if (ctx.can('refunds.request') && toAsk.length > 0) {
    create = h('button', { type: 'button', class: 'button' }, `Créer les demandes de remboursement (${toAsk.length} famille${toAsk.length > 1 ? 's' : ''})`);
    create.addEventListener('click', async () => {
      create.disabled = true;
      slot.replaceChildren();
      try {
        const answer = await ctx.api.send('POST', '/api/regie/refund-campaign/requests', { asOf: campaign.asOf, minAgeDays: campaign.minAgeDays }, `campaign:${campaign.asOf}`);
        const refused = answer.refused.length ? `, ${answer.refused.length} refusée${answer.refused.length > 1 ? 's' : ''} (l’avoir a changé)` : '';
        done(`Campagne : ${answer.created.length} demande${answer.created.length > 1 ? 's' : ''} créée${answer.created.length > 1 ? 's' : ''}, ${answer.alreadyRequested.length} déjà demandée${answer.alreadyRequested.length > 1 ? 's' : ''}${refused}.`);
      } catch (error) {
        slot.replaceChildren(errorNotice(error));
        create.disabled = false;
      }
    });
  }
  return [
    h('h2', { id: 'campagne' }, 'Campagne de remboursement de fin d’année'),
    h('p', null, `Familles sans enfant inscrit (tout leur solde) et avoirs de plus de ${campaign.minAgeDays} jours, au ${formatDate(campaign.asOf)} : la liste des mandats pour le comptable. Les familles ayant déjà une demande en attente n’y figurent pas.`),
    slot,
    campaign.lines.length === 0
      ? h('p', null, 'Aucun avoir à rembourser pour l’instant.')
      : table({
          caption: `Campagne de remboursement (${campaign.lines.length} famille${campaign.lines.length > 1 ? 's' : ''})`,
          columns: ['Famille', 'Motif', { label: 'À rembourser', number: true }, 'Prescription à partir du', 'Demande'],
          rows: campaign.lines.map((line) => [line.name, CAMPAIGN_REASONS[line.reason] ?? line.reason, formatEuros(line.amountCents), formatDate(line.prescriptionDate), line.requested ? 'Créée' : 'À créer']),
          footer: ['Total', '', formatEuros(campaign.totalCents), '', ''],
        }),
    h('div', { class: 'actions' }, csv, pdf, create),
  ];
}

function goodwillForm(ctx, done) {
  const slot = h('div');
  const form = h(
    'form',
    {
      class: 'stack',
      'aria-labelledby': 'geste',
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const familyId = String(data.get('familyId') ?? '').trim();
        const body = { amountCents: parseEuros(data.get('amount')), reason: String(data.get('reason') ?? '').trim() };
        if (Number.isNaN(body.amountCents) || body.amountCents <= 0) {
          slot.replaceChildren(notice('error', 'Montant invalide : indiquez des euros, par exemple 12,50.'));
          return;
        }
        const answer = await submitting(form, slot, () => ctx.api.send('POST', `/api/admin/families/${encodeURIComponent(familyId)}/credits`, body, `goodwill:${familyId}`));
        if (answer) done(`Avoir exceptionnel de ${formatEuros(answer.amountCents)} accordé : solde de la famille ${formatEuros(answer.creditBalanceCents)}.`);
      },
    },
    field({ label: 'Identifiant de la famille', name: 'familyId', required: true, hint: 'Il figure dans le dossier de la famille.', attrs: { autocomplete: 'off', maxlength: '64' } }),
    field({ label: 'Montant (€)', name: 'amount', required: true, hint: 'Par exemple 4,20.', attrs: { inputmode: 'decimal', autocomplete: 'off' } }),
    field({ label: 'Motif', name: 'reason', type: 'textarea', required: true, hint: 'Par exemple « Absence justifiée après le délai ». Il figure dans l’historique de la famille.', attrs: { maxlength: '500' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Accorder l’avoir')),
  );
  return [h('h2', { id: 'geste' }, 'Accorder un avoir exceptionnel'), slot, form];
}

/** Why no family could take a payment; other codes (a domain refusal) are shown as they are. */
const UNMATCHED_REASONS = { UNKNOWN_FAMILY: 'Famille inconnue', NOT_RECORDED: 'Non enregistré' };

async function unmatchedSection(ctx, payments, done) {
  // The names of the families payments were attached to (a handful: fetched one by one).
  const attachedTo = [...new Set(payments.filter((p) => p.attachment).map((p) => p.attachment.familyId))];
  const names = new Map(
    await Promise.all(attachedTo.map(async (familyId) => [familyId, (await ctx.api.get(`/api/families/${encodeURIComponent(familyId)}`).catch(() => null))?.name ?? familyId])),
  );
  const formSlot = h('div');
  const state = (p) => {
    if (p.attachment) return `Rattaché à ${names.get(p.attachment.familyId) ?? p.attachment.familyId} le ${formatInstant(p.attachment.attachedAt)}`;
    if (!ctx.can('payments.attach')) return 'Non rattaché';
    const open = h('button', { type: 'button', class: 'button button--secondary', 'aria-label': `Rattacher à une famille le paiement ${p.providerPaymentId} de ${formatEuros(p.amountCents)}` }, 'Rattacher à une famille');
    open.addEventListener('click', () => {
      formSlot.replaceChildren(...attachForm(ctx, p, done, () => formSlot.replaceChildren()));
      formSlot.querySelector('h3')?.focus();
    });
    return h('div', { class: 'stack' }, 'Non rattaché', open);
  };
  const open = payments.filter((p) => !p.attachment).length;
  return [
    h('h2', { id: 'non-rattaches' }, 'Paiements non rattachés'),
    h(
      'p',
      null,
      ctx.can('payments.attach')
        ? 'Paiements reçus qu’aucune réservation ni famille n’a pu prendre. Rattachez chacun à la bonne famille : il devient son avoir, avec sa quittance ; sinon, régularisez-le avec le comptable.'
        : 'Paiements reçus qu’aucune réservation ni famille n’a pu prendre : le régisseur les rattache à la bonne famille ou les régularise avec le comptable.',
    ),
    payments.length === 0
      ? h('p', null, 'Aucun paiement non rattaché.')
      : table({
          caption: `Paiements non rattachés (${payments.length}, dont ${open} à rattacher), les plus anciens d’abord`,
          columns: ['Paiement', 'Indiqué par le prestataire', { label: 'Montant', number: true }, 'Motif', 'Rattachement'],
          rows: payments.map((p) => [
            h('span', null, p.providerPaymentId, h('br'), `${p.provider}, payé le ${formatInstant(p.paidAt)}`),
            h('span', null, `Famille ${p.familyId}`, h('br'), `Réservation ${p.orderId}`),
            formatEuros(p.amountCents),
            UNMATCHED_REASONS[p.reason] ?? p.reason,
            state(p),
          ]),
        }),
    formSlot,
  ];
}

/** Finds the family (the agents' family search), asks the reason, and attaches the payment once confirmed. */
function attachForm(ctx, payment, done, close) {
  const what = `${payment.providerPaymentId} de ${formatEuros(payment.amountCents)}`;
  const headingId = `rattacher-${payment.providerPaymentId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const slot = h('div');
  const results = h('div');
  /** familyId → name, of the families last found. */
  const namesFound = new Map();
  const search = h(
    'form',
    {
      class: 'inline-form',
      role: 'search',
      'aria-label': 'Rechercher la famille',
      onsubmit: async (event) => {
        event.preventDefault();
        const q = String(new FormData(search).get('q') ?? '').trim();
        if (!q) return;
        results.replaceChildren();
        try {
          const found = await ctx.api.get(`/api/admin/families/search?q=${encodeURIComponent(q)}&limit=20`);
          namesFound.clear();
          for (const family of found.families) namesFound.set(family.familyId, family.name ?? family.familyId);
          results.replaceChildren(
            found.families.length === 0
              ? notice('info', `Aucune famille trouvée pour « ${q} ».`)
              : h(
                  'fieldset',
                  null,
                  h('legend', null, `Famille à qui rattacher le paiement (${found.families.length} trouvée${found.families.length > 1 ? 's' : ''})`),
                  found.families.map((family, i) => {
                    const id = `${headingId}-famille-${i}`;
                    const children = family.children.map((child) => child.firstName).join(', ');
                    return h(
                      'div',
                      { class: 'checkbox' },
                      h('input', { type: 'radio', id, name: 'familyId', value: family.familyId, required: true, form: `${headingId}-form`, checked: found.families.length === 1 }),
                      h('label', { for: id }, `${family.name ?? family.familyId}${children ? ` (${children})` : ''}`),
                    );
                  }),
                ),
          );
        } catch (error) {
          results.replaceChildren(errorNotice(error));
        }
      },
    },
    field({ label: 'Nom de la famille, d’un enfant ou e-mail', name: 'q', required: true, attrs: { autocomplete: 'off', maxlength: '200' } }),
    h('button', { type: 'submit', class: 'button button--secondary' }, 'Chercher'),
  );
  const cancel = h('button', { type: 'button', class: 'button button--secondary' }, 'Annuler');
  cancel.addEventListener('click', close);
  const form = h(
    'form',
    {
      id: `${headingId}-form`,
      class: 'stack',
      'aria-labelledby': headingId,
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const familyId = String(data.get('familyId') ?? '');
        if (!familyId) {
          slot.replaceChildren(notice('error', 'Choisissez la famille : cherchez-la puis cochez-la.'));
          return;
        }
        const name = namesFound.get(familyId) ?? familyId;
        const body = { familyId, reason: String(data.get('reason') ?? '').trim() };
        const answer = await submitting(form, slot, () =>
          ctx.api.send('POST', `/api/regie/unmatched-payments/${encodeURIComponent(payment.providerPaymentId)}/attachment`, body, `attach:${payment.providerPaymentId}:${familyId}`),
        );
        if (answer) done(`Paiement de ${formatEuros(answer.amountCents)} rattaché à ${name} : avoir de la famille ${formatEuros(answer.creditBalanceCents)}, quittance ${answer.ticketNumber ?? 'en cours de numérotation'}.`);
      },
    },
    field({ label: 'Motif', name: 'reason', type: 'textarea', required: true, hint: 'Par exemple « Virement du père, nom de famille mal saisi ». Il figure sur l’avoir de la famille.', attrs: { maxlength: '500' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Confirmer le rattachement'), cancel),
  );
  return [
    h('h3', { id: headingId, tabindex: '-1' }, `Rattacher le paiement ${what}`),
    h('p', null, 'Le paiement devient un avoir de la famille choisie, avec sa quittance. Un paiement ne se rattache qu’une fois.'),
    search,
    results,
    slot,
    form,
  ];
}
