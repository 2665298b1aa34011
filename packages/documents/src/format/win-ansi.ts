/**
 * The standard PDF fonts (Helvetica) encode text in WinAnsi: ASCII, Latin-1 and a few extras
 * (€, Œ, œ, typographic quotes and dashes, …). pdf-lib throws on anything else, so every text
 * drawn goes through `toWinAnsi`, which never throws: spaces of every kind become a space,
 * accents outside the set are dropped (ő → o, ﬁ → fi), anything else becomes '?'.
 */
const EXTRA_CODE_POINTS = [
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a,
  0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
];

function buildEncodable(): Set<number> {
  const set = new Set<number>(EXTRA_CODE_POINTS);
  for (let code = 0x20; code <= 0x7e; code++) set.add(code);
  for (let code = 0xa0; code <= 0xff; code++) set.add(code);
  return set;
}

/** Code points Helvetica/WinAnsi can draw (checked against pdf-lib's own set in the tests). */
export const WIN_ANSI_CODE_POINTS: ReadonlySet<number> = buildEncodable();

const REPLACEMENTS = new Map<number, string>([
  [0x00ad, ''], // soft hyphen: invisible in running text
  [0x2010, '-'],
  [0x2011, '-'],
  [0x2012, '-'],
  [0x2212, '-'],
  [0x2015, '—'],
  [0x2032, "'"],
  [0x2033, '"'],
  [0x2044, '/'],
  [0x200b, ''],
  [0x200c, ''],
  [0x200d, ''],
  [0x2060, ''],
  [0xfeff, ''],
]);

const COMBINING_MARK = /\p{M}/u;

const encodable = (text: string) => [...text].every((part) => WIN_ANSI_CODE_POINTS.has(part.codePointAt(0) ?? 0));
const SPACE_LIKE = /[\s\p{Zs}\p{Cc}]/u;

function replaceOne(char: string, code: number): string {
  const replacement = REPLACEMENTS.get(code);
  if (replacement !== undefined) return replacement;
  if (WIN_ANSI_CODE_POINTS.has(code)) return char;
  if (SPACE_LIKE.test(char)) return ' ';
  if (COMBINING_MARK.test(char)) return '';
  // Compatibility forms first (ﬁ → fi), then drop trailing accents one by one (ễ → ê),
  // then every accent (ő → o).
  const parts = [...char.normalize('NFKD')];
  const whole = parts.join('').normalize('NFC');
  if (whole !== char && encodable(whole)) return whole;
  for (let keep = parts.length - 1; keep > 0 && COMBINING_MARK.test(parts[keep]); keep--) {
    const candidate = parts.slice(0, keep).join('').normalize('NFC');
    if (encodable(candidate)) return candidate;
  }
  const base = parts.filter((part) => !COMBINING_MARK.test(part)).join('');
  if (base !== '' && encodable(base)) return base;
  return '?';
}

// Printable ASCII and Latin-1 without the soft hyphen: the common case, returned as is.
const PLAIN = /^[\x20-\x7e\xa0-\xac\xae-\xff]*$/;

/** Text that Helvetica can always encode. Pure and deterministic. */
export function toWinAnsi(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = '';
  for (const char of text.normalize('NFC')) out += replaceOne(char, char.codePointAt(0) ?? 0);
  return out;
}
