// What the core is (Core) and what it is built from (CoreOptions): the hosts' side of createCore.
import type { Handlers } from '../../shared/contract';
import type { Attempt } from '../../shared/domain';
import type { Result } from '../../shared/errors';
import type { ClipboardPort, Clock, Fetch, SafeStorage } from './ports';
import type { FilePicker, StartBackupWorker } from './backup';
import type { FaultPoint } from './create';
import type { CliAccess } from './cli-access';

export interface CoreOptions {
  /** Folder for keyhold.db (and logs). Created if missing. */
  dataDir: string;
  safeStorage: SafeStorage;
  clipboard: ClipboardPort;
  fetch?: Fetch;
  clock?: Clock;
  /** Also echo log lines (already redacted) to stderr; they always go to <dataDir>/logs. */
  logToStderr?: boolean;
  /**
   * Longest wait for a provider's answer once a create was sent; default: the
   * createWaitMinutes setting (10 minutes). Tests shorten it.
   */
  providerTimeoutMs?: number;
  /** Longest wait to connect to a provider (nothing sent yet); default 10 s. */
  connectTimeoutMs?: number;
  /** How long a store write waits for another program's lock (default 5 s). Tests shorten it. */
  busyTimeoutMs?: number;
  /** Called each time the window says it has rendered (rendererReady); the smoke run waits for it. */
  onRendererReady?: () => void;
  /** Starts the backup worker thread (the desktop bundle's own); default: its source through tsx. */
  startBackupWorker?: StartBackupWorker;
  /** Folder and file pickers for backups (the desktop app); without them paths are typed. */
  filePicker?: FilePicker;
  /** How long a `keyhold` CLI request waits for the user's answer (default 60 s). Tests shorten it. */
  cliApprovalTimeoutMs?: number;
  /** A CLI request waits for the user's answer: the desktop app brings its window to the front. */
  onCliApproval?: () => void;
  /** Test hook: called at named points of the create flow (crash-safety tests kill there). */
  faultPoint?: (point: FaultPoint) => void;
}

export interface Core {
  handlers: Handlers;
  /** Parses `payload` for `method`, runs the handler, returns data (never throws). */
  dispatch(method: string, payload: unknown): Promise<Result<unknown>>;
  /** Creates still waiting for the provider's answer (quitting now would abandon them). */
  waitingCreates(): Attempt[];
  /** Stops waiting for every answer: those attempts are journalled as unknown. Returns how many. */
  abandonWaitingCreates(): number;
  /** Resolves once every create under way has ended (stored, held or failed). */
  createsSettled(): Promise<void>;
  /** The `keyhold` CLI's socket (started by the app once it is up) and its terminal grants. */
  cli: Pick<CliAccess, 'listen' | 'endGrants'>;
  /**
   * Waits for the creates in flight, clears the clipboard if it still holds a secret we put
   * there, closes the store.
   */
  shutdown(): Promise<void>;
}
