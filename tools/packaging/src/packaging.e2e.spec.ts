/**
 * The publishable packages as a new user meets them: built, packed with `npm pack`, installed
 * from the tarballs into projects outside the monorepo (in the OS temp folder, dependencies from
 * the registry), then used — the README examples compiled with `tsc --strict` and run, plain
 * CommonJS and ESM consumers, `npx periscol-audit` on a data folder the API wrote — and published
 * with `npm publish --dry-run`. A dependency missing from a package.json fails here, where the
 * monorepo's root dependencies would hide it.
 *
 * PERISCOL_KEEP_PACKAGING_DIR=1 keeps the temp folder (its path is printed) to look into.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiJourney, type ApiJourney } from './api-data-folder';
import { runApiReports } from './api-report';
import { localBetterSqlitePrebuild, type LocalPrebuild } from './better-sqlite3-prebuild';
import { run, runOrThrow, userEnvironment } from './commands';
import { ancestorNodeModules, createConsumerProject, writeStrictTsconfig } from './consumer-project';
import { undeclaredImports } from './declared-dependencies';
import { publishablePackages, readManifest, REPO_ROOT, type PackageManifest } from './publishable-packages';
import { exampleFiles } from './readme-examples';

const packages = publishablePackages();
const rootManifest = readManifest(REPO_ROOT) as PackageManifest & { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const nx = path.join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');

/** What each README example must print (and the arguments it takes), by package and file. */
const EXAMPLE_OUTPUT: Record<string, { readonly args?: (journey: ApiJourney) => string[]; readonly prints: readonly RegExp[] }> = {
  'reservation-domain/examples/family-journey.ts': { prints: [/paid 960 cents, credit 320 cents/, /replayed from the events: credit 320 cents/] },
  'event-store/examples/sqlite-family-store.ts': { prints: [/first: ReservationRequested@2/, /retry deduplicated: true/, /hash chains intact: true/] },
  'documents/examples/payment-ticket.ts': { prints: [/starts with %PDF-/, /byte-identical: true/] },
  'application/examples/family-commands.ts': { prints: [/order o1 of fam-1: 210 cents due/] },
  'audit/examples/verify-data-folder.ts': { args: (journey) => [journey.dataDir, journey.municipalityFile], prints: [/events checked: clean/] },
};

interface PackedTarball {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

let work: string;
let tarballs: Map<string, PackedTarball>;
let consumer: string;
let prebuild: LocalPrebuild;

function tarballPath(name: string): string {
  const packed = tarballs.get(name);
  if (!packed) throw new Error(`${name} was not packed`);
  return path.join(work, 'tarballs', packed.filename);
}

function node(args: readonly string[], cwd: string, env?: Record<string, string>) {
  return run(process.execPath, args, { cwd, env: userEnvironment(env) });
}

/** `^a.b.c` admits `version` (pre-1.0: the same minor). */
function caretAdmits(range: string, version: string): boolean {
  const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  const exact = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!floor || !exact) return false;
  const [a, b] = [floor.slice(1).map(Number), exact.slice(1).map(Number)];
  const sameLine = a[0] === b[0] && (a[0] > 0 || a[1] === b[1]);
  const notBelow = b[0] * 1e12 + b[1] * 1e6 + b[2] >= a[0] * 1e12 + a[1] * 1e6 + a[2];
  return sameLine && notBelow;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-packaging-'));
  if (process.env.PERISCOL_KEEP_PACKAGING_DIR) console.log(`packaging test folder: ${work}`);
  const above = ancestorNodeModules(work);
  if (above.length > 0) throw new Error(`${above.join(', ')} would hand the temp projects what their package.json files lack: remove it or set TMPDIR elsewhere`);

  // A clean build: stale files left in dist/ by an earlier build would be packed.
  for (const pkg of packages) fs.rmSync(path.join(pkg.dir, 'dist'), { recursive: true, force: true });
  const projects = [...packages.map((pkg) => pkg.name), '@periscol/api'].join(',');
  runOrThrow(process.execPath, [nx, 'run-many', '-t', 'build', `--projects=${projects}`, '--output-style=static'], { cwd: REPO_ROOT, timeoutMs: 480_000 });

  fs.mkdirSync(path.join(work, 'tarballs'));
  const packed = runOrThrow('npm', ['pack', ...packages.map((pkg) => pkg.dir), '--json', '--pack-destination', path.join(work, 'tarballs')], { cwd: REPO_ROOT });
  tarballs = new Map((JSON.parse(packed.stdout) as PackedTarball[]).map((tarball) => [tarball.name, tarball]));

  // One project holds every package, as an auditor's or an embedder's would, in npm's linked
  // layout: each package sees only what its package.json declares. It pins the better-sqlite3
  // it embeds (the SQLite store's optional peer) to the workspace's version, whose compiled
  // addon it reuses, and has the PostgreSQL store's peer (pg) and the testing kit's (fast-check).
  prebuild = localBetterSqlitePrebuild(REPO_ROOT, path.join(work, 'prebuilds'));
  consumer = createConsumerProject({
    dir: path.join(work, 'consumer'),
    type: 'module',
    installStrategy: 'linked',
    dependencies: {
      ...Object.fromEntries(packages.map((pkg) => [pkg.name, tarballPath(pkg.name)])),
      'better-sqlite3': prebuild.version,
      pg: rootManifest.dependencies.pg,
      'fast-check': rootManifest.devDependencies['fast-check'],
    },
    devDependencies: { '@types/node': rootManifest.devDependencies['@types/node'] },
    installEnv: prebuild.env,
  }).dir;
}, 900_000);

afterAll(() => {
  if (work && !process.env.PERISCOL_KEEP_PACKAGING_DIR) fs.rmSync(work, { recursive: true, force: true });
});

describe('the publishable packages, packed and installed outside the monorepo', () => {
  test('every package.json says what npm and a user need, like the others and the root', () => {
    expect(packages.map((pkg) => pkg.name).sort()).toEqual(['@periscol/application', '@periscol/audit', '@periscol/documents', '@periscol/event-store', '@periscol/reservation-domain']);
    const versions = new Map(packages.map((pkg) => [pkg.name, pkg.manifest.version]));
    const rootPins: Record<string, string> = { ...(rootManifest.dependencies ?? {}), ...rootManifest.devDependencies };
    const license = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(rootManifest.version).toBe(packages[0].manifest.version);
    for (const { name, dir, manifest } of packages) {
      const where = `${name}: `;
      expect(where + manifest.version).toBe(where + packages[0].manifest.version); // one version for all (docs/versioning.md)
      expect(where + manifest.license).toBe(where + rootManifest.license);
      expect(where + fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toBe(where + license);
      expect(where + manifest.engines?.node).toBe(where + rootManifest.engines?.node);
      expect(manifest.repository).toEqual({ ...packages[0].manifest.repository, directory: path.relative(REPO_ROOT, dir) });
      expect(manifest.description?.length).toBeGreaterThan(20);
      expect(manifest.keywords?.length).toBeGreaterThan(0);
      expect(manifest.files).toContain('dist');
      expect(fs.existsSync(path.join(dir, 'CHANGELOG.md'))).toBe(true);
      for (const [dependency, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
        const expected = versions.get(dependency) ?? rootPins[dependency];
        // Internal ranges follow the one version; others admit the root's pin, so the workspace
        // installs what it did before.
        expect(`${where}${dependency} ${range} admits ${expected}: ${expected !== undefined && caretAdmits(range, expected)}`).toBe(`${where}${dependency} ${range} admits ${expected}: true`);
      }
    }
  });

  test('every package a built package loads or names in its types is declared in its package.json', () => {
    for (const pkg of packages) expect({ [pkg.name]: undeclaredImports(pkg.dir, pkg.manifest) }).toEqual({ [pkg.name]: [] });
  });

  test('a tarball holds the build, README, CHANGELOG and LICENSE: every entry point, no test code', () => {
    for (const pkg of packages) {
      const files = (tarballs.get(pkg.name)?.files ?? []).map((file) => file.path);
      const unexpected = files.filter((file) => !/^(dist\/.+\.(js|d\.ts|js\.map|json)|examples\/towns\/[a-z0-9-]+\.json|municipality-file\.schema\.json|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(file) || /\.spec\.|\.fixture\./.test(file));
      expect({ [pkg.name]: unexpected }).toEqual({ [pkg.name]: [] });
      const needed = [...pkg.entryPoints.flatMap((entry) => [entry.js, entry.types]), ...Object.values(pkg.manifest.bin ?? {}).map((bin) => path.join(pkg.dir, bin))];
      for (const file of needed) expect(files).toContain(path.relative(pkg.dir, file));
      for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) expect(files).toContain(file);
    }
  });

  test('publint finds nothing to fix, warnings and suggestions included', () => {
    for (const pkg of packages) {
      const result = run(path.join(REPO_ROOT, 'node_modules/.bin/publint'), ['run', pkg.dir, '--strict', '--level', 'suggestion'], { cwd: REPO_ROOT });
      expect({ [pkg.name]: result.code, output: result.stdout + result.stderr }).toEqual({ [pkg.name]: 0, output: expect.not.stringMatching(/Suggestions?:|Warnings?:|Errors?:/) });
    }
  });

  test('npm publish --dry-run of each tarball succeeds without a warning', () => {
    for (const pkg of packages) {
      const result = run('npm', ['publish', tarballPath(pkg.name), '--dry-run'], { cwd: work });
      expect({ [pkg.name]: result.code }).toEqual({ [pkg.name]: 0 });
      // Only the reminder that a real publish needs a login may be said.
      const warnings = result.stderr.split('\n').filter((line) => /npm (warn|error)/i.test(line) && !/requires you to be logged in/.test(line));
      expect({ [pkg.name]: warnings }).toEqual({ [pkg.name]: [] });
    }
  });

  test('the README examples compile with tsc --strict against the installed packages, and run', () => {
    const examples = packages.flatMap((pkg) => exampleFiles(pkg.dir).map((file) => ({ name: `${pkg.unscopedName}/${file}`, source: path.join(pkg.dir, file) })));
    expect(examples.map((example) => example.name).sort()).toEqual(Object.keys(EXAMPLE_OUTPUT).sort());
    for (const { name, source } of examples) {
      const target = path.join(consumer, 'examples', name.split('/')[0], path.basename(source));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(source, target);
    }
    writeStrictTsconfig(consumer, ['examples/**/*.ts']);
    const compiled = node([tsc, '-p', 'tsconfig.json'], consumer);
    expect(compiled.stdout + compiled.stderr).toBe('');
    // The audit example needs the API's data folder: it runs in the audit test below.
    for (const { name, source } of examples.filter((example) => !EXAMPLE_OUTPUT[example.name].args)) {
      const ran = node([path.join('build', 'examples', name.split('/')[0], path.basename(source).replace(/\.ts$/, '.js'))], consumer);
      expect({ name, code: ran.code, stderr: ran.stderr }).toEqual({ name, code: 0, stderr: '' });
      for (const line of EXAMPLE_OUTPUT[name].prints) expect(ran.stdout).toMatch(line);
    }
  });

  test('require and import give the same named exports for every entry point (cjs-module-lexer sees them all)', () => {
    const specifiers = packages.flatMap((pkg) => pkg.entryPoints.map((entry) => entry.specifier));
    fs.writeFileSync(
      path.join(consumer, 'exports.cjs'),
      `const names = {};\nfor (const specifier of ${JSON.stringify(specifiers)}) names[specifier] = Object.keys(require(specifier)).filter((name) => name !== '__esModule').sort();\nconsole.log(JSON.stringify(names));\n`,
    );
    fs.writeFileSync(
      path.join(consumer, 'exports.mjs'),
      `const names = {};\nfor (const specifier of ${JSON.stringify(specifiers)}) names[specifier] = Object.keys(await import(specifier)).filter((name) => name !== 'default' && name !== '__esModule').sort();\nconsole.log(JSON.stringify(names));\n`,
    );
    const required = node(['exports.cjs'], consumer);
    const imported = node(['exports.mjs'], consumer);
    expect(required.stderr + imported.stderr).toBe('');
    const cjs = JSON.parse(required.stdout) as Record<string, string[]>;
    const esm = JSON.parse(imported.stdout) as Record<string, string[]>;
    expect(esm).toEqual(cjs);
    expect(cjs['@periscol/reservation-domain']).toEqual(expect.arrayContaining(['createFamilyDecider', 'evolveFamily', 'foldFamily', 'demoCatalog']));
    expect(cjs['@periscol/event-store/sqlite']).toEqual(['SqliteEventStore']);
    expect(cjs['@periscol/audit']).toEqual(expect.arrayContaining(['verifyPeriscol', 'runCli']));
  });

  test('the root of @periscol/event-store loads neither optional peer; an SQLite embedder installs only better-sqlite3', () => {
    const loaded = node(['-e', `require('@periscol/event-store'); console.log(JSON.stringify(Object.keys(require.cache).filter((file) => /node_modules[\\\\/](better-sqlite3|pg|@eventstore)[\\\\/]/.test(file))))`], consumer);
    expect(loaded.stderr).toBe('');
    expect(JSON.parse(loaded.stdout)).toEqual([]);

    // npm's default, hoisted layout this time.
    const embedder = createConsumerProject({
      dir: path.join(work, 'sqlite-embedder'),
      type: 'commonjs',
      installStrategy: 'hoisted',
      dependencies: { '@periscol/event-store': tarballPath('@periscol/event-store'), 'better-sqlite3': prebuild.version },
      devDependencies: { '@types/node': rootManifest.devDependencies['@types/node'] },
      installEnv: prebuild.env,
    }).dir;
    expect(fs.existsSync(path.join(embedder, 'node_modules/@eventstore/db-client'))).toBe(false);
    fs.writeFileSync(
      path.join(embedder, 'embed.ts'),
      [
        `import * as fs from 'node:fs';`,
        `import * as os from 'node:os';`,
        `import * as path from 'node:path';`,
        `import { verifyStore, type EventStore } from '@periscol/event-store';`,
        `import { SqliteEventStore } from '@periscol/event-store/sqlite';`,
        `async function main(): Promise<void> {`,
        `  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-embed-'));`,
        `  const store: EventStore = new SqliteEventStore(path.join(dir, 'events.sqlite'));`,
        `  await store.appendToStream('s-1', [{ type: 'Happened', data: { n: 1 }, metadata: { eventId: '6f1a3c5e-8d2b-4f7a-9c3e-1b2d3e4f5a6b', schemaVersion: 1 } }], { expectedRevision: 'no_stream' });`,
        `  console.log('verified', (await verifyStore(store)).ok);`,
        `  await store.close();`,
        `  fs.rmSync(dir, { recursive: true, force: true });`,
        `  try { require('@periscol/event-store/eventstoredb'); } catch (error) { console.log('eventstoredb:', (error as { code?: string }).code); }`,
        `}`,
        `void main();`,
        '',
      ].join('\n'),
    );
    writeStrictTsconfig(embedder, ['embed.ts']);
    const compiled = node([tsc, '-p', 'tsconfig.json'], embedder);
    expect(compiled.stdout + compiled.stderr).toBe('');
    const ran = node(['build/embed.js'], embedder);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('verified true\neventstoredb: MODULE_NOT_FOUND\n');
  });

  test('npx periscol-audit, from the installed tarball, verifies a data folder the API wrote (exit 0), regenerates the e-mailed ticket byte for byte, exports it', async () => {
    const journey = await apiJourney(REPO_ROOT, path.join(work, 'api'));
    const env = { PERISCOL_DATA_DIR: journey.dataDir, PERISCOL_MUNICIPALITY_FILE: journey.municipalityFile };
    const npx = (args: readonly string[]) => run('npx', ['--no', 'periscol-audit', ...args], { cwd: consumer, env: userEnvironment(env) });

    const verify = npx(['verify', '--json', '--quiet']);
    const report = JSON.parse(verify.stdout) as { ok: boolean; checks: { id: string; ok: boolean; skipped?: boolean }[]; documentNumbers: Record<string, number> };
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verify.code).toBe(0);
    expect(report.ok).toBe(true);
    // The API's read and operations databases were found and compared; only the snapshot check
    // may have nothing to compare (a snapshot is stored every 25 events of a family).
    expect(report.checks.filter((check) => check.skipped).map((check) => check.id)).toEqual(expect.not.arrayContaining(['projections', 'payments']));
    const year = path.basename(journey.ticketEmail).slice(2, 6);
    expect(report.documentNumbers).toEqual({ [`R-${year}`]: 1, [`A-${year}`]: 1 });

    // The ticket regenerated from the history is the PDF the parent received, byte for byte.
    const ticket = path.join(work, 'ticket.pdf');
    const document = npx(['document', `R-${year}-000001`, '--out', ticket, '--compare', journey.ticketEmail]);
    expect({ code: document.code, stderr: document.stderr }).toEqual({ code: 0, stderr: '' });
    expect(document.stdout).toContain(`identical to ${journey.ticketEmail}`);
    expect(fs.readFileSync(ticket).subarray(0, 5).toString()).toBe('%PDF-');

    const exported = npx(['export', '--out', path.join(work, 'export'), '--format', 'csv', '--quiet']);
    expect(exported.code).toBe(0);
    expect(fs.readdirSync(path.join(work, 'export')).sort()).toEqual(['events.csv', 'ledger-summary.csv', 'ledger.csv']);

    expect(npx(['verify', '--db', path.join(work, 'no-such-store.sqlite')]).code).toBe(2);

    const example = EXAMPLE_OUTPUT['audit/examples/verify-data-folder.ts'];
    const ran = node([path.join('build', 'examples', 'audit', 'verify-data-folder.js'), ...(example.args?.(journey) ?? [])], consumer);
    expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
    for (const line of example.prints) expect(ran.stdout).toMatch(line);
  });

  test('the checked-in API reports match the built packages (npm run api:report rewrites them)', () => {
    const differing = runApiReports({ check: true }).filter((outcome) => outcome.changed || outcome.errors.length > 0);
    expect(differing.map((outcome) => `${outcome.specifier}: ${outcome.errors.join('; ') || `differs from ${path.relative(REPO_ROOT, outcome.reportFile)}`}`)).toEqual([]);
  });
});
