// One "host" of two-hosts.e2e.spec.ts and three-hosts-under-load.e2e.spec.ts: the API as a
// real process, run from the TypeScript sources (swc compiles each .ts file as Node requires it,
// `@periscol/*` resolve to the packages' sources, as in ../two-processes.child.cjs), so the test
// needs no build. Its clock is the real one shifted by PERISCOL_TEST_CLOCK_OFFSET_MS, the same
// for every host: time flows (the lease is renewed for real) and the demo catalog's dates stay
// open whatever the day the test runs.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const { swc } = require(path.join(root, 'jest.preset.js'));
const { paths } = require(path.join(root, 'tsconfig.base.json')).compilerOptions;

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = paths[request];
  return resolve.call(this, alias ? path.join(root, alias[0]) : request, ...rest);
};
const others = { ...require.extensions };
for (const extension of Object.keys(others)) delete require.extensions[extension];
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swc, filename, sourceMaps: false });
  module._compile(code, filename);
};
Object.assign(require.extensions, others);

require('reflect-metadata');
const { start } = require(path.join(root, 'apps/api/src/bootstrap.ts'));
const pino = require('pino');

let offsetMs = Number(process.env.PERISCOL_TEST_CLOCK_OFFSET_MS ?? 0);
const shiftedClock = { now: () => new Date(Date.now() + offsetMs) };

// Spawned with an IPC channel (three-hosts-under-load.e2e.spec.ts), the test may move every
// host's clock forward together, e.g. past a crashed holder's lease: `{ advanceClockMs }`,
// answered `{ clockOffsetMs }` once done. The channel does not keep the process alive.
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (!message || typeof message.advanceClockMs !== 'number') return;
    offsetMs += message.advanceClockMs;
    process.send({ clockOffsetMs: offsetMs });
  });
  if (process.channel) process.channel.unref();
}

start({
  env: process.env,
  argv: ['--demo'],
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  overrides: { clock: shiftedClock, logger: pino({ level: 'silent' }), portalDir: null },
}).then(
  (result) => {
    if (!result.ok) process.exit(result.exitCode);
  },
  (error) => {
    process.stderr.write(`host failed to start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
