/**
 * Turns the schema's issues on a municipality file into lines a town's agent can act on: where
 * (the path, `activities[0].deadline.time`), what is wrong and how to fix it — a misspelt key
 * names the key it was probably meant to be, a price in euros gives its value in cents, a
 * French date gives its ISO spelling.
 */

export interface FileIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
  readonly expected?: string;
}

/** `activities[0].tariffs[1].brackets[2].priceCents`; `(root)` for the file itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Edit distance, for « did you mean »: keys are short, so the quadratic table is cheap. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** A French date (01/09/2026, 1-9-2026) → '2026-09-01'. */
function isoFromFrenchDate(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value.trim()) : null;
  return match ? `${match[3]}-${match[2].padStart(2, '0')}-${match[1].padStart(2, '0')}` : undefined;
}

/** The fix for one issue, or undefined when the message already says it. */
function fixFor(issue: FileIssue, value: unknown, knownKeys: (path: readonly PropertyKey[]) => readonly string[]): string | undefined {
  const key = issue.path[issue.path.length - 1];
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const known = knownKeys(issue.path);
    const hints = issue.keys.map((unknown) => {
      const near = closestKey(unknown, known);
      return near ? `"${unknown}" → "${near}"` : `remove "${unknown}"`;
    });
    return `${hints.join(', ')}${known.length ? ` (allowed here: ${known.join(', ')})` : ''}`;
  }
  if (issue.code === 'invalid_type' && value === undefined) return `add "${String(key)}", it is required`;
  if (typeof key === 'string' && /Cents$/.test(key) && typeof value === 'number' && !Number.isInteger(value)) {
    return `prices are whole cents: ${String(value).replace('.', ',')} € is ${Math.round(value * 100)}`;
  }
  if (typeof key === 'string' && /Cents$/.test(key) && typeof value === 'string') return `write a number of cents without quotes, e.g. 350 for 3,50 €`;
  const iso = isoFromFrenchDate(value);
  if (iso) return `dates are written YYYY-MM-DD: "${iso}"`;
  if (typeof value === 'string' && /^\d{1,2}\s*h\s*\d{0,2}$/i.test(value.trim())) {
    const [hours, minutes = ''] = value.trim().toLowerCase().split('h').map((part) => part.trim());
    return `times are written HH:MM: "${hours.padStart(2, '0')}:${(minutes || '00').padStart(2, '0')}"`;
  }
  if ((key === 'weekday' || issue.path.includes('weekdays')) && typeof value === 'string') return 'weekdays are numbers, 1 = Monday … 7 = Sunday';
  return undefined;
}

/** One line per issue, at most `limit`, then how many more. */
export function describeFileIssues(issues: readonly FileIssue[], input: unknown, knownKeys: (path: readonly PropertyKey[]) => readonly string[], limit = 5): string {
  const lines = issues.slice(0, limit).map((issue) => {
    const fix = fixFor(issue, valueAt(input, issue.path), knownKeys);
    return `${formatIssuePath(issue.path)}: ${issue.message}${fix ? ` — fix: ${fix}` : ''}`;
  });
  const more = issues.length > lines.length ? ` (and ${issues.length - lines.length} more)` : '';
  return `Invalid municipality file — ${lines.join('; ')}${more}`;
}
