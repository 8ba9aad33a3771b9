// The whole renderer-facing surface: `window.keyhold`, one function per contract method,
// each forwarding exactly one argument over its own channel. No ipcRenderer, no
// process, no generic "invoke any channel" escape hatch. Imports only src/shared, and
// from the contract only types, so zod stays out of this bundle.
import { contextBridge, ipcRenderer } from 'electron';
import { channelOf, METHODS } from '../shared/channels';
import type { KeyholdApi } from '../shared/contract';

const api = Object.fromEntries(
  METHODS.map((method) => {
    const channel = channelOf(method);
    return [method, (input?: unknown) => ipcRenderer.invoke(channel, input)];
  }),
) as KeyholdApi;

contextBridge.exposeInMainWorld('keyhold', api);
