import type { SchoolLevel } from './catalog.types';

// French grades as families and schools write them: « PS », « Moyenne section », « CE2 », « CM1 »…
const MATERNELLE = /^(?:t?ps|ms|gs|(?:toute |tr[eè]s )?(?:petite|moyenne|grande) section|maternelle)\b/;
const ELEMENTAIRE = /^(?:cp|ce1|ce2|cm1|cm2|cours (?:pr[eé]paratoire|[eé]l[eé]mentaire|moyen)|[eé]l[eé]mentaire)\b/;

/** The school level a grade belongs to (price by level, R3); undefined when the grade says neither. */
export function schoolLevelOfGrade(grade: string | null | undefined): SchoolLevel | undefined {
  if (typeof grade !== 'string') return undefined;
  const text = grade.trim().toLowerCase().replace(/\s+/g, ' ');
  if (MATERNELLE.test(text)) return 'maternelle';
  if (ELEMENTAIRE.test(text)) return 'elementaire';
  return undefined;
}
