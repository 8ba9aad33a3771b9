// The browser host's `window.keyhold` (src/browser-host/bridge/index.ts) as one classic script,
// out/browser-bridge/bridge.js: it must define window.keyhold before the app's module script
// runs. Built by `electron-vite build` after the preload (electron.vite.config.ts), or alone with
// `vite build --config vite.bridge.config.ts`.
import { resolve } from 'node:path';
import { defineConfig, type InlineConfig } from 'vite';

export const BRIDGE_OUT_DIR = 'out/browser-bridge';

export function bridgeConfig(outDir: string): InlineConfig {
  return {
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      // Small, and readable where it is served.
      minify: false,
      rollupOptions: {
        input: resolve('src/browser-host/bridge/index.ts'),
        output: { format: 'iife', entryFileNames: 'bridge.js' },
      },
    },
  };
}

export default defineConfig(bridgeConfig(BRIDGE_OUT_DIR));
