import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import keyhold from './eslint-rules/layering.mjs';

const PROCESSES = ['src/main', 'src/renderer', 'src/preload', 'src/browser-host', 'src/cli'];

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
  // The layering (README, How it is built), enforced by where each import resolves to.
  { plugins: { keyhold } },
  {
    // The core runs in any Node host: nothing of Electron nor of the processes built around it.
    files: ['src/main/core/**/*.ts'],
    rules: {
      'keyhold/layering': ['error', { forbidden: ['electron', ...PROCESSES], allowed: ['src/main/core'] }],
    },
  },
  {
    // The contract and the rules both sides share: nothing of either side.
    files: ['src/shared/**/*.ts'],
    rules: { 'keyhold/layering': ['error', { forbidden: ['electron', ...PROCESSES] }] },
  },
  {
    // The core's hosts reach it through its two doors only. The backup worker is the exception:
    // electron-vite bundles it as a worker of its own from its path (`?nodeWorker`).
    // Tests under test/unit, test/integration and test/providers import the module they test
    // directly: a unit test of the list SQL or the envelope has no door to go through.
    files: [
      'src/main/*.ts',
      'src/browser-host/**/*.ts',
      'test/support/**/*.ts',
      'test/e2e*/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'keyhold/layering': [
        'error',
        {
          doors: [
            {
              folder: 'src/main/core',
              files: ['index', 'node-ports'],
              except: ['./core/backup/worker?nodeWorker'],
            },
          ],
        },
      ],
    },
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
  // The preload and the browser host's bridge, both window.keyhold: src/shared only, without zod.
  {
    files: ['src/preload/**/*.ts', 'src/browser-host/bridge/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**', 'zod'] }] },
  },
  {
    files: ['src/browser-host/bridge/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'keyhold/layering': ['error', { forbidden: ['electron', 'src/main', 'src/renderer', 'src/preload'] }],
    },
  },
);
