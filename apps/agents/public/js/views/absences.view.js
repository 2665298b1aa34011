// « Absences » (R22): the absences parents declared after a day's cancellation deadline, with
// their proof (a medical certificate), waiting for an agent: « Ouvrir le justificatif », then
// « Accepter » (the day is cancelled and credited at its reserved price, with a credit note) or
// « Refuser » with a reason the parent reads (GET /api/admin/absences?status=pending,
// GET …/proof, POST …/accept, POST …/refuse).
import { saveBlob } from '../download.js';
import { h, replaceChildren, table } from '../dom.js';
import { formatDate, formatEuros, formatInstant } from '../format.js';
import { errorNotice, field, notice, pageHeading } from '../ui.js';

const TYPE_NAMES = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const DONE_KEY = 'periscol.agents.absence-decided';

function sizeText(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo` : `${Math.max(1, Math.round(bytes / 1024))} Ko`;
}

export async function absencesView(ctx) {
  const [catalog, { absences }] = await Promise.all([ctx.catalog(), ctx.api.get('/api/admin/absences?status=pending')]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const done = sessionStorage.getItem(DONE_KEY);
  sessionStorage.removeItem(DONE_KEY);
  if (done) ctx.announce(done);
  const slot = h('div', { id: 'absence-resultat' });
  const refusalSlot = h('div', { id: 'refus' });

  const who = (a) => `${a.childName ?? 'Enfant (données effacées)'}, ${a.activityLabel} du ${formatDate(a.date)}`;

  async function openProof(a, button) {
    button.disabled = true;
    slot.replaceChildren();
    try {
      const response = await fetch(`/api/admin/families/${encodeURIComponent(a.familyId)}/absences/${encodeURIComponent(a.absenceId)}/proof`, {
        headers: { Authorization: `Bearer ${ctx.session?.token ?? ''}` },
        credentials: 'omit',
        cache: 'no-store',
      });
      if (!response.ok) {
        const payload = await response.json().catch(() => null);
        throw Object.assign(new Error(payload?.error?.message ?? response.statusText), { code: payload?.error?.code ?? `HTTP_${response.status}` });
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      // A new tab shows it; where pop-ups are blocked, it is saved instead.
      const opened = window.open(url, '_blank');
      if (opened) opened.opener = null;
      if (!opened) saveBlob(blob, `justificatif-${a.date}.${a.proof.mediaType === 'application/pdf' ? 'pdf' : a.proof.mediaType === 'image/png' ? 'png' : 'jpg'}`);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      ctx.announce('Justificatif ouvert.');
    } catch (error) {
      slot.replaceChildren(errorNotice(error));
    } finally {
      button.disabled = false;
    }
  }

  async function decide(a, action, body, buttons) {
    for (const b of buttons) b.disabled = true;
    slot.replaceChildren();
    try {
      const path = `/api/admin/families/${encodeURIComponent(a.familyId)}/absences/${encodeURIComponent(a.absenceId)}/${action}`;
      const decided = await ctx.api.send('POST', path, body, `absence:${a.absenceId}:${action}`);
      const said =
        action === 'accept'
          ? `Absence acceptée : ${who(a)}. ${decided.creditCents ? `Avoir de ${formatEuros(decided.creditCents)} émis pour la famille ${a.familyName ?? a.familyId}.` : ''}`
          : `Absence refusée : ${who(a)}. La famille voit le motif.`;
      sessionStorage.setItem(DONE_KEY, said.trim());
      ctx.go('#/absences');
    } catch (error) {
      slot.replaceChildren(errorNotice(error));
      for (const b of buttons) b.disabled = false;
    }
  }

  function showRefusal(a, rowButtons) {
    const formSlot = h('div');
    const form = h(
      'form',
      {
        class: 'stack',
        'aria-labelledby': 'refus-titre',
        onsubmit: async (event) => {
          event.preventDefault();
          const reason = String(new FormData(form).get('reason') ?? '').trim();
          if (!reason) {
            formSlot.replaceChildren(notice('error', 'Indiquez le motif du refus.'));
            return;
          }
          await decide(a, 'refuse', { reason }, [...rowButtons, ...form.querySelectorAll('button')]);
        },
      },
      h('h2', { id: 'refus-titre', tabindex: '-1' }, `Refuser l’absence : ${who(a)}`),
      formSlot,
      field({ label: 'Motif du refus', name: 'reason', type: 'textarea', required: true, hint: 'La famille le lit et il reste dans l’historique : dites ce qui manque au justificatif, jamais de diagnostic.', attrs: { maxlength: '500' } }),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'button button--danger' }, 'Confirmer le refus'),
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => refusalSlot.replaceChildren() }, 'Annuler'),
      ),
    );
    replaceChildren(refusalSlot, form);
    /** @type {HTMLElement | null} */ (refusalSlot.querySelector('#refus-titre'))?.focus();
  }

  const rows = absences.map((a) => {
    const openButton = h('button', { type: 'button', class: 'button button--secondary' }, 'Ouvrir', h('span', { class: 'sr-only' }, ` le justificatif de ${who(a)}`), ` (${TYPE_NAMES[a.proof.mediaType] ?? a.proof.mediaType}, ${sizeText(a.proof.sizeBytes)})`);
    const accept = h('button', { type: 'button', class: 'button' }, 'Accepter', h('span', { class: 'sr-only' }, ` l’absence : ${who(a)}`));
    const refuse = h('button', { type: 'button', class: 'button button--secondary' }, 'Refuser', h('span', { class: 'sr-only' }, ` l’absence : ${who(a)}`));
    openButton.addEventListener('click', () => void openProof(a, openButton));
    accept.addEventListener('click', () => void decide(a, 'accept', {}, [accept, refuse]));
    refuse.addEventListener('click', () => showRefusal(a, [accept, refuse]));
    return [
      h('a', { href: `#/famille/${encodeURIComponent(a.familyId)}` }, a.familyName ?? `${a.familyId} (données effacées)`),
      a.childName ?? '—',
      `${a.activityLabel}, ${formatDate(a.date)}`,
      formatEuros(a.unitPriceCents),
      formatInstant(a.declaredAt, zone),
      openButton,
      h('div', { class: 'actions' }, accept, refuse),
    ];
  });

  return {
    content: [
      pageHeading('Absences'),
      done ? notice('success', done) : null,
      h('p', null, 'Absences signalées par les familles après le délai d’annulation, avec un justificatif. Accepter annule le jour et crée un avoir du prix payé (avec sa note d’avoir) ; refuser laisse le jour payé et la famille lit le motif.'),
      slot,
      absences.length === 0
        ? notice('info', 'Aucune absence en attente.')
        : table({
            caption: `Absences en attente (${absences.length})`,
            columns: ['Famille', 'Enfant', 'Jour', { label: 'Prix payé', number: true }, 'Signalée le', 'Justificatif', 'Décision'],
            rows,
          }),
      refusalSlot,
    ],
  };
}
