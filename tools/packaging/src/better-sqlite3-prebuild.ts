/**
 * Installing better-sqlite3 outside the workspace compiles SQLite from source (about 100 s on
 * two cores): its prebuilt binaries are downloaded from outside npm's registry, which is the
 * only network here. Its installer, prebuild-install, first looks for a *local prebuild*: a
 * tarball named as the download would be, in the folder `npm_config_better_sqlite3_local_prebuilds`
 * names. This makes that tarball from the addon the workspace compiled (same version, same Node
 * ABI), so a temp project's `npm install` runs the package's own install script and takes the
 * binary from there. If the versions or the Node differ, the name does not match and the install
 * compiles as usual: slower, equally correct.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runOrThrow } from './commands';

export interface LocalPrebuild {
  readonly version: string;
  /** Variables to give `npm install`. */
  readonly env: Readonly<Record<string, string>>;
}

export function localBetterSqlitePrebuild(workspaceRoot: string, outDir: string): LocalPrebuild {
  const packageDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [workspaceRoot] }));
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const addon = path.join('build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(path.join(packageDir, addon))) throw new Error(`no compiled ${addon} in ${packageDir}: run npm ci first`);
  fs.mkdirSync(outDir, { recursive: true });
  const tarball = path.join(outDir, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  runOrThrow('tar', ['-czf', tarball, '-C', packageDir, addon], { cwd: outDir });
  return { version, env: { npm_config_better_sqlite3_local_prebuilds: outDir } };
}
