// One "host" of two-hosts.e2e.spec.ts and three-hosts-under-load.e2e.spec.ts: the API as a
// real process, run from the TypeScript sources (swc compiles each .ts file as Node requires it,
// `@periscol/*` resolve to the packages' sources: ../support/ts-sources.cjs), so the test
// needs no build. Its clock is the real one shifted by PERISCOL_TEST_CLOCK_OFFSET_MS, the same
// for every host: time flows (the lease is renewed for real) and the demo catalog's dates stay
// open whatever the day the test runs.
const path = require('node:path');
const { root } = require('../support/ts-sources.cjs');
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
