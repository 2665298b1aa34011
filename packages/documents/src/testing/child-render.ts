import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { SampleHashes } from './render-samples';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

// A fresh Node process that compiles our TypeScript on the fly with @swc/core (already in
// the workspace) and prints the sample hashes as JSON.
const CHILD_SCRIPT = `
const fs = require('node:fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(process.argv[1]).renderSampleHashes().then((hashes) => process.stdout.write(JSON.stringify(hashes)));
`;

/** Renders the samples in another process, with its own time zone (TZ) and clock. */
export function renderSampleHashesInChild(timeZone: string): Promise<SampleHashes> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD_SCRIPT, path.join(__dirname, 'render-samples.ts')],
      { cwd: REPO_ROOT, env: { ...process.env, TZ: timeZone }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as SampleHashes)),
    );
  });
}
