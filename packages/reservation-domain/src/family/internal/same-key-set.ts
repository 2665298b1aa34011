/** Whether two lists of keys hold the same keys, in any order (lists without repeats). */
export function sameKeySet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((key) => set.has(key));
}
