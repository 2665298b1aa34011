/**
 * The packages Periscol publishes to npm: every `packages/*` whose package.json is not private,
 * with the entry points its `exports` map declares. Everything else in this tool starts here, so
 * a new package or a new subpath export is packed, installed and reported without a list to edit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The monorepo's root (this file runs from `tools/packaging/src` or `tools/packaging/dist`). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly license?: string;
  readonly repository?: { readonly type: string; readonly url: string; readonly directory?: string };
  readonly engines?: Readonly<Record<string, string>>;
  readonly main?: string;
  readonly types?: string;
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
}

export interface EntryPoint {
  /** `.` or `./sqlite`. */
  readonly subpath: string;
  /** What a consumer writes: `@periscol/event-store/sqlite`. */
  readonly specifier: string;
  /** Absolute paths of its declaration file and its JavaScript. */
  readonly types: string;
  readonly js: string;
}

export interface PublishablePackage {
  readonly name: string;
  /** `event-store` for `@periscol/event-store`: the folder name and the API report's name. */
  readonly unscopedName: string;
  readonly dir: string;
  readonly manifest: PackageManifest;
  readonly entryPoints: readonly EntryPoint[];
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

export function entryPointsOf(dir: string, manifest: PackageManifest): EntryPoint[] {
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    if (typeof target === 'string') return []; // `./package.json`
    const { types, default: js } = target;
    if (!types || !js) throw new Error(`${manifest.name}: export "${subpath}" needs a "types" and a "default" condition`);
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    return [{ subpath, specifier, types: path.join(dir, types), js: path.join(dir, js) }];
  });
}

export function publishablePackages(root = REPO_ROOT): PublishablePackage[] {
  const packagesDir = path.join(root, 'packages');
  return fs
    .readdirSync(packagesDir)
    .filter((name) => fs.existsSync(path.join(packagesDir, name, 'package.json')))
    .sort()
    .flatMap((folder) => {
      const dir = path.join(packagesDir, folder);
      const manifest = readManifest(dir);
      if (manifest.private) return [];
      return [{ name: manifest.name, unscopedName: manifest.name.replace(/^@[^/]+\//, ''), dir, manifest, entryPoints: entryPointsOf(dir, manifest) }];
    });
}
