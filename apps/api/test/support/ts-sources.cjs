// Lets a child process of the tests run the API from its TypeScript sources: swc compiles each
// .ts file as Node requires it (same options as the Jest preset) and `@periscol/*` resolve to the
// packages' sources, so the tests need no build. Exports the repository's root.
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
// '.ts' first: `./demo-municipality` must find the .ts module before the .json data beside it.
const others = { ...require.extensions };
for (const extension of Object.keys(others)) delete require.extensions[extension];
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swc, filename, sourceMaps: false });
  module._compile(code, filename);
};
Object.assign(require.extensions, others);

require('reflect-metadata');

module.exports = { root };
