/**
 * R14 school closures name a school as the person stream spells it (« École Jules Ferry »), typed
 * by an agent or a family: one school is one key, whatever the case, the accents or the spaces.
 */
export function schoolKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}+/gu, '').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** A school name a closure may carry: trimmed, 1 to 200 characters (the person stream's bound). */
export const MAX_SCHOOL_NAME_LENGTH = 200;
