// The bridge's main side: one ipcMain handler per contract method, each refusing callers
// that are not Keyhold's own top-level page, and otherwise handing the untouched payload
// to core.dispatch (which parses it against the contract).
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { channelOf, METHODS } from '../shared/channels';
import type { Result } from '../shared/errors';
import type { Logger, Dispatch } from './core';
import { errorCode } from './logger';
import { isTrustedUrl } from './origins';

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'This request did not come from the Keyhold window.' },
};

/**
 * True only for the main frame of a page on a trusted origin. senderFrame is null when
 * the frame navigated or was destroyed after sending; subframes are refused even when
 * same-origin, because only the top-level page is ours by construction.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, origins: readonly string[]): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isTrustedUrl(frame.url, origins);
  } catch {
    // A disposed WebFrameMain throws on every property: fail closed.
    return false;
  }
}

/** Registers every method's handler; returns a function that removes them. */
export function registerIpc(dispatch: Dispatch, origins: readonly string[], logger?: Logger): () => void {
  for (const method of METHODS) {
    ipcMain.handle(channelOf(method), async (event, payload: unknown) => {
      if (!isTrustedSender(event, origins)) return FORBIDDEN;
      try {
        return await dispatch(method, payload);
      } catch (error) {
        // dispatch promises never to throw; if it does, the renderer still gets a Result
        // (a rejected invoke would carry the error's message across the bridge).
        logger?.error('dispatch threw', { method, code: errorCode(error) });
        return { ok: false, error: { code: 'internal', message: 'Keyhold hit an unexpected error.' } };
      }
    });
  }
  return () => {
    for (const method of METHODS) ipcMain.removeHandler(channelOf(method));
  };
}
