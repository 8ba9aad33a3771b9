import type { Handlers } from '../../shared/contract';

/** The window's "I have rendered": the host's hook hears it (the smoke run waits for it). */
export function rendererReadyHandler(onRendererReady?: () => void): Pick<Handlers, 'rendererReady'> {
  return {
    rendererReady: async () => {
      onRendererReady?.();
      return { ok: true };
    },
  };
}
