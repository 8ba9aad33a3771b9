import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layering of DESIGN.md, enforced.
  {
    files: ['src/main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/preload/**', 'electron', 'node:*'] }],
    },
  },
  // The keyhold CLI is one small bundle that must start about as fast as `node -e 0`: no full zod
  // (zod/mini instead), nothing of the app's own processes, and of src/shared only the zod-free
  // cli-protocol, cli-references and cli-endpoint, which import nothing else of it.
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'The CLI uses zod/mini: full zod costs ~30–40 ms at start.' },
            'electron',
          ],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/browser-host/**'],
              message: 'The CLI talks to Keyhold only over its socket.',
            },
            {
              regex: 'shared/(?!cli-(protocol|references|endpoint|visible-text)$)',
              message: 'Only the zod-free shared/cli-* modules go into the CLI bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/cli-protocol.ts', 'src/shared/cli-references.ts', 'src/shared/cli-endpoint.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Part of the CLI bundle: zod/mini only.' }],
          patterns: [
            { regex: '^\\.', message: 'Part of the CLI bundle: it imports nothing else of src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**', 'zod'] }] },
  },
);
