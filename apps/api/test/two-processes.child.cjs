// An API process for two-processes.e2e.spec.ts, run from the TypeScript sources: swc compiles
// each .ts file as Node requires it (same options as the Jest preset), `@periscol/*` resolve to
// the packages' sources, and the clock is a ManualClock set from PERISCOL_TEST_CLOCK so this
// process and the test agree on deadlines. Prints the banner (with its URL) on stdout.
const path = require('node:path');
const { root } = require('./support/ts-sources.cjs');
const { start } = require(path.join(root, 'apps/api/src/bootstrap.ts'));
const { ManualClock } = require(path.join(root, 'apps/api/src/platform/clock/clock.ts'));
const pino = require('pino');

start({
  env: process.env,
  argv: ['--demo'],
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  overrides: { clock: new ManualClock(process.env.PERISCOL_TEST_CLOCK), logger: pino({ level: 'silent' }), portalDir: null },
}).then(
  (result) => {
    if (!result.ok) process.exit(result.exitCode);
  },
  (error) => {
    process.stderr.write(`child failed to start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
