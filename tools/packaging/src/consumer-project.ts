/**
 * A project outside the monorepo that depends on packed tarballs, as a new user's would: its own
 * package.json, `npm install` with the dependencies from the registry (npm's cache first).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runOrThrow, userEnvironment, type CommandResult } from './commands';

export interface ConsumerProject {
  readonly dir: string;
  readonly install: CommandResult;
}

export interface ConsumerOptions {
  readonly dir: string;
  readonly type: 'module' | 'commonjs';
  /** Name → tarball path or version. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  /** Extra variables for `npm install` (the better-sqlite3 local prebuild). */
  readonly installEnv?: Readonly<Record<string, string>>;
  /**
   * npm's layout: `hoisted` (its default) or `linked`, where each package sees only what it
   * declares (as with pnpm), so a dependency missing from a package.json fails at run time
   * even when another package brings it.
   */
  readonly installStrategy: 'hoisted' | 'linked';
}

/** Folders above `dir` holding a node_modules, where Node would find what a project lacks. */
export function ancestorNodeModules(dir: string): string[] {
  const found: string[] = [];
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    if (fs.existsSync(path.join(parent, 'node_modules'))) found.push(path.join(parent, 'node_modules'));
    if (path.dirname(parent) === parent) return found;
  }
}

function specOf(value: string): string {
  return value.endsWith('.tgz') ? `file:${value}` : value;
}

export function createConsumerProject(options: ConsumerOptions): ConsumerProject {
  fs.mkdirSync(options.dir, { recursive: true });
  const manifest = {
    name: path.basename(options.dir),
    version: '1.0.0',
    private: true,
    type: options.type,
    dependencies: Object.fromEntries(Object.entries(options.dependencies).map(([name, value]) => [name, specOf(value)])),
    devDependencies: options.devDependencies ?? {},
  };
  fs.writeFileSync(path.join(options.dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const install = runOrThrow('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `--install-strategy=${options.installStrategy}`], {
    cwd: options.dir,
    env: userEnvironment(options.installEnv),
    timeoutMs: 480_000,
  });
  return { dir: options.dir, install };
}

/** A strict TypeScript configuration for Node's own module resolution (`nodenext`), library files checked too. */
export function writeStrictTsconfig(dir: string, include: readonly string[]): string {
  const file = path.join(dir, 'tsconfig.json');
  const config = {
    compilerOptions: {
      target: 'es2022',
      lib: ['es2022'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      // Our declaration files are checked like the user's code: a type that names a package the
      // consumer does not have fails here.
      skipLibCheck: false,
      types: ['node'],
      rootDir: '.',
      outDir: 'build',
    },
    include,
  };
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}
