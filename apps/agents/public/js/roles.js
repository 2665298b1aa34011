// What each back-office role may see and do. The screens show only this; the API refuses the
// rest on its own (docs/http.md §6) — this table only keeps the screens honest.

export const ROLE_LABELS = {
  agent: 'Agent d’accueil des familles',
  regisseur: 'Régisseur de recettes',
  admin: 'Administrateur',
  auditor: 'Auditeur (lecture seule)',
};

export const ROLE_DESCRIPTIONS = {
  agent: 'Recherche et dossiers des familles, inscriptions, quotient familial, présences, absences justifiées.',
  regisseur: 'Recherche et dossiers des familles en lecture (paiements, avoirs), demandes de remboursement d’avoirs, rattachement des paiements non rattachés, journal de la régie et sa clôture quotidienne.',
  admin: 'Tout ce que fait un agent, et la fermeture des jours de service.',
  auditor: 'Lecture seule : dossiers des familles et jours fermés ; aucune modification.',
};

const ABILITIES = {
  'families.read': ['agent', 'regisseur', 'admin', 'auditor'],
  'families.register': ['agent', 'admin'],
  'families.enrol': ['agent', 'admin'],
  'families.qf': ['agent', 'admin'],
  'closures.read': ['admin', 'auditor'],
  'closures.close': ['admin'],
  'attendance.read': ['agent', 'admin'],
  'money.read': ['regisseur', 'admin', 'auditor'],
  'journal.read': ['regisseur', 'admin', 'auditor'],
  'journal.close': ['regisseur'],
  'refunds.request': ['regisseur'],
  'refunds.decide': ['admin'],
  'credits.goodwill': ['admin'],
  'payments.unmatched': ['regisseur', 'admin', 'auditor'],
  'payments.attach': ['regisseur'],
  'families.erase': ['admin'],
  'audit.verify': ['auditor', 'admin'],
  'attendance.mark': ['agent', 'admin'],
  'absences.decide': ['agent', 'admin'],
};

export function isBackOfficeRole(role) {
  return Object.prototype.hasOwnProperty.call(ROLE_LABELS, role);
}

/** @param {string | undefined} role @param {keyof typeof ABILITIES} ability */
export function can(role, ability) {
  return role !== undefined && (ABILITIES[ability] ?? []).includes(role);
}
