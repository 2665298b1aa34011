// Shared Jest settings for every project. Tests run through @swc/jest (fast on 2 cores);
// type checking is `npm run typecheck`, not the test transform.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  // "a/*" → "^a/(.*)$" with "$1" in the target, as TypeScript resolves it.
  const pattern = alias.replace(/[/]/g, '\\/').replace('*', '(.*)');
  moduleNameMapper[`^${pattern}$`] = path.join(root, target).replace('*', '$1');
}

const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** Jest config of one project folder. */
function project(dir, displayName, extra = {}) {
  return {
    displayName,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['@swc/jest', swc],
      // ESM-only packages (pdf-parse, pdfjs-dist) are down-levelled for Jest on Node 20.
      '^.+\\.[cm]?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!(pdf-parse|pdfjs-dist)/)'],
    moduleNameMapper,
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
    ...extra,
  };
}

module.exports = { project, swc };
