/**
 * Starts the parallel `verify`'s worker from the TypeScript sources, for tests (Jest runs the
 * sources through @swc/jest; a worker thread is a fresh Node that knows no TypeScript): the
 * worker compiles `.ts` files with @swc/core as it requires them and resolves `@periscol/*` to
 * the sources, as jest.preset.js maps them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PartitionScanInput } from '../checks/parallel/history-partition.scan';

const ROOT = path.resolve(__dirname, '../../../..');
const WORKER_SOURCE = path.resolve(__dirname, '../checks/parallel/history-partition.worker.ts');

function sourcePaths(): Record<string, string> {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(ROOT, target)]));
}

const bootstrap = (paths: Record<string, string>, entry: string) => `
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const paths = ${JSON.stringify(paths)};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return resolve.call(this, paths[request] ?? request, ...rest); };
Module._extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } }, module: { type: 'commonjs' } });
  module._compile(code, filename);
};
require(${JSON.stringify(entry)});
`;

/** A `startWorker` for `verifyHistory`'s `parallel` option, running the worker's TypeScript source. */
export function startTypeScriptWorker(_script: string, input: PartitionScanInput): Worker {
  return new Worker(bootstrap(sourcePaths(), WORKER_SOURCE), { eval: true, workerData: input });
}
