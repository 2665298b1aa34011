/**
 * The public API of every publishable package, one report per entry point of its `exports`
 * (`packages/<pkg>/api/<pkg>.api.md`, `<pkg>.<subpath>.api.md`), written by API Extractor from
 * the built declaration files. The reports are checked in, so a change of a public signature
 * shows in review.
 *
 *   npm run api:report          builds the packages, rewrites the reports
 *   npm run api:report -- --check   fails (exit 1) when a report differs from the built API
 *   npm run api:report -- @periscol/event-store   only the packages named
 *
 * The configuration is made here from each package's `exports` rather than kept in one file per
 * package and entry point: a new subpath gets its report without anything else to edit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage, type IConfigFile } from '@microsoft/api-extractor';
import { publishablePackages, type EntryPoint, type PublishablePackage } from './publishable-packages';

export interface ApiReportOutcome {
  readonly packageName: string;
  readonly specifier: string;
  /** Path of the checked-in report. */
  readonly reportFile: string;
  /** The built API differs from the checked-in report (in write mode: the report was rewritten). */
  readonly changed: boolean;
  readonly errors: readonly string[];
}

/** `event-store` for the root entry, `event-store.sqlite` for `./sqlite`. */
export function apiReportName(pkg: PublishablePackage, entry: EntryPoint): string {
  return entry.subpath === '.' ? pkg.unscopedName : `${pkg.unscopedName}.${entry.subpath.slice(2).replace(/\//g, '.')}`;
}

function extractorConfig(pkg: PublishablePackage, entry: EntryPoint, tempFolder: string): IConfigFile {
  return {
    projectFolder: pkg.dir,
    mainEntryPointFilePath: entry.types,
    compiler: {
      // The declaration files are analysed as a consumer's compiler sees them.
      overrideTsconfig: {
        compilerOptions: { target: 'es2022', lib: ['es2022'], module: 'commonjs', moduleResolution: 'bundler', strict: true, skipLibCheck: true, types: ['node'] },
        files: [entry.types],
      },
    },
    apiReport: { enabled: true, reportFileName: apiReportName(pkg, entry), reportFolder: path.join(pkg.dir, 'api'), reportTempFolder: tempFolder },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
        // Release tags (@public, @beta) are not used: every export of an entry point is public.
        'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
        'ae-undocumented': { logLevel: ExtractorLogLevel.None },
        // A subpath entry names the root entry's types (`EventStore`, `StoredEvent`) through
        // relative imports: the root exports them, they are not forgotten.
        ...(entry.subpath === '.' ? {} : { 'ae-forgotten-export': { logLevel: ExtractorLogLevel.None } }),
      },
      // The comments are prose for humans, not TSDoc: their syntax is not checked.
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
}

export function runApiReport(pkg: PublishablePackage, entry: EntryPoint, options: { readonly check: boolean }): ApiReportOutcome {
  if (!fs.existsSync(entry.types)) throw new Error(`${entry.specifier}: ${path.relative(pkg.dir, entry.types)} is missing (build the package first)`);
  if (!options.check) fs.mkdirSync(path.join(pkg.dir, 'api'), { recursive: true });
  const tempFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-api-report-'));
  const errors: string[] = [];
  try {
    const config = ExtractorConfig.prepare({
      configObject: extractorConfig(pkg, entry, tempFolder),
      configObjectFullPath: path.join(pkg.dir, 'api-extractor.json'),
      packageJsonFullPath: path.join(pkg.dir, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: !options.check,
      messageCallback: (message: ExtractorMessage) => {
        // Warnings are written into the report itself (reviewed with it); the report's own
        // "API changed" notice is what `changed` says; errors are collected.
        if (message.logLevel === ExtractorLogLevel.Error && message.messageId !== 'console-api-report-changed') errors.push(message.formatMessageWithLocation(pkg.dir));
        message.handled = true;
      },
    });
    return { packageName: pkg.name, specifier: entry.specifier, reportFile: config.reportFilePath, changed: result.apiReportChanged, errors };
  } finally {
    fs.rmSync(tempFolder, { recursive: true, force: true });
  }
}

/** Every publishable package's reports, or those of the packages named. */
export function runApiReports(options: { readonly check: boolean; readonly packages?: readonly string[] }): ApiReportOutcome[] {
  const only = options.packages && options.packages.length > 0 ? new Set(options.packages) : undefined;
  return publishablePackages()
    .filter((pkg) => !only || only.has(pkg.name))
    .flatMap((pkg) => pkg.entryPoints.map((entry) => runApiReport(pkg, entry, options)));
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const outcomes = runApiReports({ check, packages: argv.filter((arg) => !arg.startsWith('--')) });
  let failed = false;
  for (const outcome of outcomes) {
    const where = path.relative(process.cwd(), outcome.reportFile);
    for (const error of outcome.errors) console.error(`${outcome.specifier}: ${error}`);
    if (outcome.errors.length > 0) failed = true;
    if (outcome.changed && check) {
      failed = true;
      console.error(`${outcome.specifier}: the public API differs from ${where}: run "npm run api:report" and review the diff`);
    } else {
      console.log(`${outcome.specifier}: ${outcome.changed ? 'updated' : 'unchanged'} ${where}`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
