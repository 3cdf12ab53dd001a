// @ts-check
import eslint from '@eslint/js';
import eslintConfigPrettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'web/src/api/schema.d.ts', 'src/metadata.ts', '.build/**', '.data/**', 'node_modules/**', 'eslint.config.mjs', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  eslintConfigPrettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // The console's feature folders: a screen imports the shell (app/), the API client (api/), its
    // own folder, and of another feature only its data module (api) or what it lends to other
    // pages (parts): never another feature's page. The route tables (routes.tsx) map URLs to
    // pages and are left out.
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: [
      'web/src/app/**',
      'web/src/api/**',
      'web/src/test-kit/**',
      'web/src/*/routes.tsx',
      'web/src/**/*.test.tsx',
      'web/src/**/*.spec.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!app/|api/)[^/]+/(?!(api|parts)$)',
              message:
                "Import another feature's data module (../<feature>/api) or what it lends to pages (../<feature>/parts), never its pages.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(api|fileClient)$/] TSAsExpression > TSNeverKeyword",
          message: 'The typed client is typed from openapi.json: fix the schema, not the call.',
        },
      ],
    },
  },
);
