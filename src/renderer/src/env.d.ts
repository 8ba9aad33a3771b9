import type { KeyholdApi } from '../../shared/contract';

declare global {
  interface Window {
    /** The preload bridge (Electron) or the browser host's WebSocket bridge: one async function per method. */
    keyhold: KeyholdApi;
  }
}

export {};
