// The `keyhold` CLI as one CommonJS file, out/cli/keyhold.cjs, with zod/mini bundled in: it runs
// with the user's own Node, outside node_modules (the packaged app ships it beside app.asar), and
// it must start about as fast as `node -e 0` (README → `keyhold` CLI → Speed). Built by
// `npm run build` after electron-vite, which leaves out/cli alone.
import { chmodSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { version } from './package.json';

export default defineConfig({
  build: {
    ssr: resolve('src/cli/main.ts'),
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    sourcemap: false,
    rollupOptions: {
      output: { format: 'cjs', entryFileNames: 'keyhold.cjs', banner: '#!/usr/bin/env node' },
    },
  },
  // Everything but Node's own modules goes into the file.
  ssr: { noExternal: true },
  define: { __KEYHOLD_VERSION__: JSON.stringify(version) },
  plugins: [
    {
      name: 'keyhold-cli-executable',
      writeBundle: () => chmodSync(resolve('out/cli/keyhold.cjs'), 0o755),
    },
  ],
});
