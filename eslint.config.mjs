// Lint is here for one job above all: module boundaries. The domain stays pure (zod, fp-ts and
// the date library only); the application layer has no framework; no package or tool imports an app.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/var/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              allowedExternalImports: ['zod', 'fp-ts', 'fp-ts/*', 'date-fns', 'date-fns/*', '@date-fns/tz', 'fast-check'],
            },
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: ['type:store'] },
            { sourceTag: 'type:documents', onlyDependOnLibsWithTags: ['type:documents'] },
            // The application layer: no framework (NestJS belongs to the app), no app.
            {
              sourceTag: 'type:application',
              onlyDependOnLibsWithTags: ['type:domain', 'type:store', 'type:documents', 'type:application'],
              bannedExternalImports: ['@nestjs/*', 'express', 'pino'],
            },
            { sourceTag: 'type:audit', onlyDependOnLibsWithTags: ['type:domain', 'type:store', 'type:documents', 'type:application', 'type:audit'], bannedExternalImports: ['@nestjs/*'] },
            // Deployables build on the libraries, never on each other.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:store', 'type:documents', 'type:application', 'type:audit'] },
            // Tools (benches, CI) use the libraries; a tool never imports an app (it may start one as a process).
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:store', 'type:documents', 'type:application', 'type:audit'] },
          ],
        },
      ],
    },
  },
  // README examples are written as a user outside the monorepo writes them: they import the
  // packages by name, the domain beside the store (the packaging test compiles them that way).
  { files: ['packages/*/examples/**/*.ts'], rules: { '@nx/enforce-module-boundaries': 'off' } },
];
