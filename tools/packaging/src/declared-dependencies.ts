/**
 * Every package a built package loads (`require` in its JavaScript) or names in its types
 * (`from '…'`, `import('…')` in its declaration files) must be declared in its package.json:
 * inside the monorepo the root's dependencies hide a missing one, an installed tarball does not.
 * This reads all of `dist/`, including code paths no example runs (a lazy `import()`).
 */
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import type { PackageManifest } from './publishable-packages';

const BUILTINS = new Set(builtinModules);

/** `fp-ts` for `fp-ts/Either`, `@periscol/event-store` for `@periscol/event-store/sqlite`; undefined for relative paths and Node's modules. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return BUILTINS.has(name) ? undefined : name;
}

/** The DefinitelyTyped package of a name: `@types/better-sqlite3`, `@types/scope__name`. */
export function typesPackageOf(name: string): string {
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

const RUNTIME_IMPORTS = [/\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];
const TYPE_IMPORTS = [/\bfrom\s+["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /^import\s+["']([^"']+)["']/gm];

function specifiersIn(text: string, patterns: readonly RegExp[]): string[] {
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

export interface ImportedPackages {
  /** Package name → the files (relative to the package) that load it. */
  readonly runtime: ReadonlyMap<string, readonly string[]>;
  readonly types: ReadonlyMap<string, readonly string[]>;
}

export function importedPackages(packageDir: string): ImportedPackages {
  const runtime = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, name: string | undefined, file: string) => {
    if (name === undefined) return;
    const files = map.get(name) ?? [];
    if (!files.includes(file)) files.push(file);
    map.set(name, files);
  };
  for (const file of filesUnder(path.join(packageDir, 'dist'))) {
    const relative = path.relative(packageDir, file);
    if (file.endsWith('.d.ts')) {
      for (const specifier of specifiersIn(fs.readFileSync(file, 'utf8'), TYPE_IMPORTS)) note(types, packageNameOf(specifier), relative);
    } else if (file.endsWith('.js')) {
      for (const specifier of specifiersIn(fs.readFileSync(file, 'utf8'), RUNTIME_IMPORTS)) note(runtime, packageNameOf(specifier), relative);
    }
  }
  return { runtime, types };
}

/** One line per package loaded or named but not declared, saying where. */
export function undeclaredImports(packageDir: string, manifest: PackageManifest): string[] {
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const { runtime, types } = importedPackages(packageDir);
  const problems: string[] = [];
  for (const [name, files] of runtime) {
    if (name !== manifest.name && !declared.has(name)) problems.push(`${name} is required by ${files[0]} but is not a dependency or peer dependency`);
  }
  for (const [name, files] of types) {
    if (name !== manifest.name && !declared.has(name) && !declared.has(typesPackageOf(name))) {
      problems.push(`${name} is named by the types of ${files[0]} but neither it nor ${typesPackageOf(name)} is a dependency or peer dependency`);
    }
  }
  return problems;
}
