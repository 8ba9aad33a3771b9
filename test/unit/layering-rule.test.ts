// The ESLint rule that keeps each layer to its imports (eslint-rules/layering.mjs), judged by
// where an import resolves to.
import { resolve } from 'node:path';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { layering } from '../../eslint-rules/layering.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const at = (file: string) => resolve(process.cwd(), file);

const core = [{ forbidden: ['electron', 'src/main', 'src/renderer'], allowed: ['src/main/core'] }];
const host = [
  {
    doors: [
      {
        folder: 'src/main/core',
        files: ['index', 'node-ports'],
        except: ['./core/backup/worker?nodeWorker'],
      },
    ],
  },
];

tester.run('keyhold/layering', layering, {
  valid: [
    {
      filename: at('src/main/core/vault/vault.ts'),
      code: "import { x } from '../store/database';",
      options: core,
    },
    {
      filename: at('src/main/core/vault/vault.ts'),
      code: "import { x } from '../../../shared/domain';",
      options: core,
    },
    { filename: at('src/main/index.ts'), code: "import { createCore } from './core';", options: host },
    { filename: at('src/main/index.ts'), code: "import { createCore } from './core/index';", options: host },
    { filename: at('bench/x.ts'), code: "import { K } from '../src/main/core/node-ports';", options: host },
    {
      filename: at('src/main/backup-ports.ts'),
      code: "import w from './core/backup/worker?nodeWorker';",
      options: host,
    },
    { filename: at('src/main/index.ts'), code: "import { z } from 'zod';", options: host },
  ],
  invalid: [
    {
      filename: at('src/main/core/clipboard/clipboard.ts'),
      code: "import { clipboard } from 'electron';",
      options: core,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('src/main/core/clipboard/clipboard.ts'),
      code: "export * from '../../static-files';",
      options: core,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('src/main/core/index.ts'),
      code: "const m = import('../renderer/src/lib/localList');",
      options: core,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: at('test/support/core.ts'),
      code: "import { dispatch } from '../../src/main/core/dispatch';",
      options: host,
      errors: [{ messageId: 'door' }],
    },
    {
      filename: at('src/browser-host/keyring.ts'),
      code: "export { K } from '../main/core/vault/keyring-safe-storage';",
      options: host,
      errors: [{ messageId: 'door' }],
    },
    {
      filename: at('src/main/backup-ports.ts'),
      code: "import w from './core/backup/run-in-worker?nodeWorker';",
      options: host,
      errors: [{ messageId: 'door' }],
    },
  ],
});
