// « Vérification »: the auditor's report (GET /api/audit/verify, the same checks as
// `periscol-audit verify`): hash chains, schemas, ledger, numbering, projections, payments —
// each check conforming or not, with its findings located by stream and position. Read-only.
import { h, table } from '../dom.js';
import { formatInstant } from '../format.js';
import { notice, pageHeading } from '../ui.js';

/** Findings shown per check; the API says when it truncated its own list. */
const MAX_FINDINGS = 50;

/** The checks in French, by id (the API's names and details are the CLI's, in English). */
const CHECK_LABELS = {
  'hash-chains': 'Chaînes d’empreintes (aucun événement modifié ni retiré)',
  events: 'Événements lisibles dans leur schéma',
  ledger: 'Conservation des montants (avoirs, paiements)',
  slots: 'Aucun jour tenu deux fois',
  numbering: 'Numérotation continue des tickets et des avoirs',
  projections: 'Vues égales à un rejeu',
  snapshots: 'Instantanés des familles égaux à leur flux',
  payments: 'Paiements reçus enregistrés',
  regie: 'Journal de la régie : jours clos conformes',
  attendance: 'Pointage cohérent',
};
const checkLabel = (check) => CHECK_LABELS[check.id] ?? check.name;
/** The CLI's English line, marked as such for screen readers. */
const technical = (text) => h('span', { lang: 'en' }, text ?? '');

export async function verifyView(ctx, _params, query) {
  const content = [
    pageHeading('Vérification de l’historique'),
    h('p', null, 'Rejoue tout l’historique et vérifie : les chaînes d’empreintes, la lisibilité de chaque événement, la conservation des montants (avoirs, paiements), qu’aucun jour n’est tenu deux fois, la numérotation sans trou des tickets et des avoirs, les vues et les paiements du prestataire. Rien n’est modifié.'),
  ];
  const run = h('button', { type: 'button', class: 'button' }, 'Lancer la vérification');
  run.addEventListener('click', () => ctx.go(`#/verification?lancee=${Date.now()}`));
  content.push(h('div', { class: 'actions' }, run));
  if (!query.get('lancee')) return { content };

  const catalog = await ctx.catalog();
  const report = await ctx.api.get('/api/audit/verify');
  const failed = report.checks.filter((c) => !c.ok);
  const when = formatInstant(new Date(Number(query.get('lancee'))).toISOString(), catalog.timezone ?? 'Europe/Paris');
  content.push(
    h('h2', { id: 'resultat' }, `Résultat du ${when}`),
    report.ok
      ? notice('success', `Historique conforme : ${report.eventsChecked} événements, ${report.streamsChecked} flux, ${report.familiesChecked} familles vérifiés.`)
      : notice('error', `${failed.length} contrôle(s) en écart sur ${report.checks.length} : ${report.eventsChecked} événements, ${report.streamsChecked} flux, ${report.familiesChecked} familles vérifiés.`),
    table({
      caption: 'Contrôles effectués',
      columns: ['Contrôle', 'Résultat', { label: 'Constats', number: true }, 'Détail'],
      rows: report.checks.map((c) => [checkLabel(c), c.skipped ? 'Non vérifié' : c.ok ? '✔ Conforme' : '✗ Écart', String(c.violations.length), technical(c.detail)]),
    }),
  );
  for (const check of failed) {
    content.push(
      h('h3', null, checkLabel(check)),
      table({
        caption: `Constats : ${checkLabel(check)}${check.truncated || check.violations.length > MAX_FINDINGS ? ' (liste tronquée)' : ''}`,
        columns: ['Code', 'Constat', 'Flux', 'Révision', 'Position'],
        rowHeader: false,
        rows: check.violations.slice(0, MAX_FINDINGS).map((v) => [v.code, technical(v.message), v.streamId ?? v.familyId ?? '—', String(v.revision ?? '—'), String(v.position ?? '—')]),
      }),
    );
  }
  return { content };
}
