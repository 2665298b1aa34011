/**
 * The back office's browser modules under Node (Jest down-levels them): what each role may do,
 * the token's claims, formats and the CSV; and a static check that every module parses and
 * imports only names that exist (a mistake there only shows in the browser otherwise).
 */
import { parseSync } from '@swc/core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const JS = join(__dirname, '..', '..', 'public', 'js');
const load = <T extends object>(file: string): T => jest.requireActual<T>(join(JS, file));

interface Roles {
  can(role: string | undefined, ability: string): boolean;
  isBackOfficeRole(role: unknown): boolean;
}
interface Session {
  sessionFromToken(token: string, options?: { demo?: boolean }): { role: string; userId: string; label?: string; demo: boolean } | null;
}
interface Format {
  formatEuros(cents: number): string;
  toCsv(rows: unknown[][]): string;
  todayIn(timeZone: string, now?: Date): string;
  formatDate(date: string): string;
}

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('roles', () => {
  const { can, isBackOfficeRole } = load<Roles>('roles.js');
  it('gives each role its screens and actions, and nothing to a parent or an unknown role', () => {
    expect(['agent', 'regisseur', 'admin', 'auditor'].map((role) => ['families.read', 'families.enrol', 'closures.read', 'closures.close', 'attendance.read'].filter((a) => can(role, a)))).toEqual([
      ['families.read', 'families.enrol', 'attendance.read'],
      ['families.read'],
      ['families.read', 'families.enrol', 'closures.read', 'closures.close', 'attendance.read'],
      ['families.read', 'closures.read'],
    ]);
    expect(can('parent', 'families.read')).toBe(false);
    expect(can(undefined, 'families.read')).toBe(false);
    expect(can('admin', 'unknown.ability')).toBe(false);
    expect([isBackOfficeRole('auditor'), isBackOfficeRole('parent'), isBackOfficeRole('toString')]).toEqual([true, false, false]);
  });
});

describe('session', () => {
  const { sessionFromToken } = load<Session>('session.js');
  it('reads the role and the subject from the token, and refuses a token without a back-office role', () => {
    expect(sessionFromToken(jwt({ sub: 'agent-42', role: 'agent', name: 'Mme Roux' }))).toMatchObject({ role: 'agent', userId: 'agent-42', label: 'Mme Roux', demo: false });
    expect(sessionFromToken(jwt({ sub: 'p', role: 'parent', familyId: 'f' }))).toBeNull();
    expect(sessionFromToken(jwt({ role: 'admin' }))).toBeNull();
    expect(sessionFromToken('not-a-jwt')).toBeNull();
    expect(sessionFromToken('a.%%%.b')).toBeNull();
  });
});

describe('formats', () => {
  const { formatEuros, toCsv, todayIn, formatDate } = load<Format>('format.js');
  it('writes euros, dates and the day in the town', () => {
    expect(formatEuros(350)).toBe('3,50\u00a0€');
    expect(formatEuros(123456)).toBe('1\u00a0234,56\u00a0€');
    expect(formatDate('2026-12-10')).toBe('jeudi 10 décembre 2026');
    expect(todayIn('Europe/Paris', new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
  });
  it('writes CSV as French spreadsheets read it: BOM, « ; », CRLF, quotes where needed', () => {
    expect(toCsv([['École', 'Nom'], ['Jules-Ferry', 'O"Neil; Jr'], [null, 3]])).toBe('\ufeffÉcole;Nom\r\nJules-Ferry;"O""Neil; Jr"\r\n;3\r\n');
  });
});

describe('public/js modules', () => {
  type Node = { type: string; [key: string]: unknown };
  const files = (readdirSync(JS, { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => join(JS, f));
  const body = (file: string) => parseSync(readFileSync(file, 'utf8'), { syntax: 'ecmascript', target: 'es2022' }).body as unknown as Node[];
  const exportsOf = (file: string) =>
    new Set(
      body(file).flatMap((item) => {
        if (item.type !== 'ExportDeclaration') return [];
        const declaration = item.declaration as { identifier?: { value: string }; declarations?: { id: { value: string } }[] };
        return [...(declaration.identifier ? [declaration.identifier.value] : []), ...(declaration.declarations ?? []).map((d) => d.id.value)];
      }),
    );

  it('parse, import files that exist and names they export, and load nothing from another origin', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    const problems: string[] = [];
    for (const file of files) {
      for (const item of body(file)) {
        if (item.type !== 'ImportDeclaration') continue;
        const source = (item.source as { value: string }).value;
        if (!source.startsWith('.')) {
          problems.push(`${file}: imports ${source}`);
          continue;
        }
        const target = resolve(dirname(file), source);
        if (!existsSync(target)) {
          problems.push(`${file}: ${source} does not exist`);
          continue;
        }
        const exported = exportsOf(target);
        for (const specifier of item.specifiers as { type: string; imported?: { value: string } | null; local: { value: string } }[]) {
          const name = specifier.imported?.value ?? specifier.local.value;
          if (specifier.type === 'ImportSpecifier' && !exported.has(name)) problems.push(`${file}: ${name} is not exported by ${source}`);
        }
      }
    }
    const html = readFileSync(join(JS, '..', 'index.html'), 'utf8');
    if (/(src|href)="(https?:)?\/\//.test(html)) problems.push('index.html loads something from another origin');
    expect(problems).toEqual([]);
  });
});
