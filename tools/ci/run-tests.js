#!/usr/bin/env node
// Runs the whole Jest suite once and ends with the plain line CI reads: "N passed, N failed".
// Jest's own summary is kept above it for humans.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-jest-')), 'report.json');
const jest = require.resolve('jest/bin/jest');
// --forceExit: a test failing in its setup may leave a server running; the run must still end
// (Jest names the suites that left handles open).
const run = spawnSync(process.execPath, [jest, '--ci', '--forceExit', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: path.resolve(__dirname, '../..'),
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(report)) {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + result.numRuntimeErrorTestSuites;
  skipped = result.numPendingTests + result.numTodoTests;
} else {
  failed = 1;
}
const code = run.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code);
