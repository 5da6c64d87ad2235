import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'bin/**', 'eslint.config.js', '.dependency-cruiser.cjs', 'data/**', 'examples/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Domains reach the database only through the backend-neutral repositories (src/store/repositories.ts, repos/).
  {
    files: ['src/services/**', 'src/engine/**', 'src/resources/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3', 'pg'].map((name) => ({ name, message: 'Use the repositories of deps.store (src/store/repositories.ts).' })),
          patterns: [{ regex: '(^|/)store/(sqlite|postgres)(/|$)', message: 'Import the backend-neutral repositories (src/store/types.ts, repositories.ts, repos/), never a backend.' }],
        },
      ],
    },
  },
  // The web console runs in the browser: console/tsconfig.json gives it the DOM's types and globals
  // (and no Node types); it may use the server's pure modules, never Node's.
  {
    files: ['console/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'The console runs in the browser; Node modules are not there.' }] }] },
  },
  // Plain JavaScript that runs before anything is compiled (scripts/build.mjs): no type information.
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
