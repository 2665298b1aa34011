// « Enfant » from the family file: what prices a child's days besides the family's QF — a medical
// protocol (PAI) with a packed lunch, and a child's own QF (a fostered child). Both are person
// data (R17); reservations requested from now on are priced with them, earlier orders keep
// their frozen prices (PUT /api/admin/families/:id/children/:childId/medical-protocol and
// /quotient-familial).
import { h } from '../dom.js';
import { checkboxGroup, field, notice, pageHeading, submitting } from '../ui.js';

const FLASH = 'periscol.agents.flash';

export async function childView(ctx, [familyId, childId]) {
  const family = await ctx.api.get(`/api/families/${encodeURIComponent(familyId)}`);
  const name = family.name ?? familyId;
  const back = `#/famille/${encodeURIComponent(familyId)}`;
  const child = family.children.find((c) => c.childId === childId);
  const crumbs = [['Familles', '#/familles'], [name, back]];
  if (!child) return { content: [pageHeading('Enfant introuvable', crumbs), notice('error', 'Cet enfant n’est pas inscrit dans cette famille.')] };
  const childName = `${child.firstName ?? ''} ${child.lastName ?? ''}`.trim() || childId;
  const path = `/api/admin/families/${encodeURIComponent(familyId)}/children/${encodeURIComponent(childId)}`;
  const saved = (text) => {
    sessionStorage.setItem(FLASH, text);
    ctx.go(back);
  };

  const protocolSlot = h('div');
  const protocolForm = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const medicalProtocol = new FormData(protocolForm).getAll('medicalProtocol').includes('yes');
        const done = await submitting(protocolForm, protocolSlot, () => ctx.api.send('PUT', `${path}/medical-protocol`, { medicalProtocol }, `pai:${familyId}:${childId}`));
        if (done) saved(medicalProtocol ? `${childName} : PAI enregistré (panier repas).` : `${childName} : plus de PAI.`);
      },
    },
    checkboxGroup({ legend: 'Projet d’accueil individualisé', name: 'medicalProtocol', options: [['yes', 'PAI avec panier repas fourni par la famille']], checked: child.medicalProtocol ? ['yes'] : [] }),
    h('p', { class: 'hint' }, 'Les réservations demandées à partir de maintenant sont facturées au tarif PAI de la grille ; les réservations déjà demandées gardent leur prix.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Enregistrer le PAI')),
  );

  const qfSlot = h('div');
  const qfForm = h(
    'form',
    {
      class: 'stack',
      onsubmit: async (event) => {
        event.preventDefault();
        const raw = String(new FormData(qfForm).get('quotientFamilial') ?? '').trim();
        const quotientFamilial = raw === '' ? null : Number(raw);
        const done = await submitting(qfForm, qfSlot, () => ctx.api.send('PUT', `${path}/quotient-familial`, { quotientFamilial }, `child-qf:${familyId}:${childId}`));
        if (done) saved(quotientFamilial === null ? `${childName} : tarif au quotient de la famille.` : `${childName} : quotient familial propre enregistré (${quotientFamilial}).`);
      },
    },
    field({
      label: 'Quotient familial propre à l’enfant',
      name: 'quotientFamilial',
      type: 'number',
      value: child.ownQuotientFamilial === null ? '' : String(child.ownQuotientFamilial),
      hint: 'Pour un enfant confié (placement, garde) : le quotient de sa propre famille. Laisser vide pour appliquer celui de la famille.',
      attrs: { min: '0', max: '1000000', step: '1', inputmode: 'numeric' },
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, 'Enregistrer le quotient de l’enfant'), h('a', { href: back }, 'Retour au dossier')),
  );

  return {
    title: `${childName} — ${name}`,
    content: [
      pageHeading(childName, crumbs),
      h('p', null, [child.school, child.grade].filter(Boolean).join(' — ')),
      h('h2', null, 'Santé : PAI'),
      protocolSlot,
      protocolForm,
      h('h2', null, 'Tarif : quotient familial'),
      qfSlot,
      qfForm,
    ],
  };
}
