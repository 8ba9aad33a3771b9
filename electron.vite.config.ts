import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { build, type Plugin } from 'vite';
import { BRIDGE_OUT_DIR, bridgeConfig } from './vite.bridge.config';

/**
 * `electron-vite dev` only: Vite's HMR client and React Refresh need inline scripts and a
 * websocket, which the production CSP forbids. Built apps keep the strict policy.
 */
function devServerCsp(): Plugin {
  return {
    name: 'keyhold-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(
        /(http-equiv="Content-Security-Policy"\s+content=")[^"]*"/,
        `$1default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: http://localhost:* http://127.0.0.1:*; img-src 'self' data:"`,
      ),
  };
}

/** The browser host's window.keyhold, built like the preload but as a page script of its own. */
function browserBridge(): Plugin {
  return {
    name: 'keyhold-browser-bridge',
    apply: 'build',
    closeBundle: async () => {
      await build(bridgeConfig(resolve(BRIDGE_OUT_DIR)));
    },
  };
}

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve('src/main/index.ts') } } },
  },
  preload: {
    // Sandboxed preloads cannot require node_modules: bundle everything into one CJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } },
    },
    plugins: [browserBridge()],
  },
  renderer: {
    root: resolve('src/renderer'),
    // Relative asset URLs: served from app://keyhold/ in Electron and under the browser
    // host's per-run token prefix.
    base: './',
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } },
    plugins: [react(), devServerCsp()],
  },
});
