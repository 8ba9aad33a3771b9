// The core's one door. The Electron composition root (src/main/index.ts), its adapters and the
// browser host build the application with createCore and talk to it through `dispatch`, which
// parses every payload against the contract. Re-exports only: each name lives in its own module.
export type { Core, CoreOptions } from './core';
export { createCore } from './create-core';
export type { Dispatch } from './dispatch';
export type { ClipboardHints, ClipboardPort, Clock, Decrypted, Fetch, Logger, SafeStorage } from './ports';
export type { FaultPoint } from './create';
export {
  quitQuestion,
  waitForCreatesBeforeQuit,
  type AskToQuit,
  type QuitChoice,
} from './create/waiting-creates';
export type { FilePicker, StartBackupWorker } from './backup';
export type { CliAccess, CliListening } from './cli-access';
// The Node implementations of the keyring and clipboard ports have a door of their own:
// node-ports.ts.
