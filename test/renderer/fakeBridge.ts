// A fake window.keyhold: one vi.fn per contract method, each resolving with a Result.
import { vi, type Mock } from 'vitest';
import { METHODS, type Method } from '../../src/shared/channels';
import type {
  ClientDetail,
  ClientSummary,
  Connection,
  ListIndexChunk,
  Settings,
} from '../../src/shared/domain';
import { ENVIRONMENTS } from '../../src/shared/domain';
import type { BackupStatus } from '../../src/shared/backup';
import type { KeyholdErrorData, Result } from '../../src/shared/errors';

export type FakeBridge = Record<Method, Mock<(input?: unknown) => Promise<Result<unknown>>>>;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: KeyholdErrorData): Result<never> => ({ ok: false, error });

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const settings: Settings = {
  clipboardClearSeconds: 30,
  allowWeakStorage: false,
  theme: 'system',
  lastConnectionId: null,
  createWaitMinutes: 10,
  backupFolder: null,
  backupKeep: 30,
  backupRecipient: null,
};

/** Backups not set up, as in a fresh store. */
export const backupStatus: BackupStatus = {
  recipient: null,
  folder: null,
  keep: 30,
  picker: false,
  lastBackupAt: null,
  lastFile: null,
  failure: null,
  pending: false,
  health: 'off',
  message: 'Backups are off: set up a recovery key in Settings → Backups.',
};

export function connection(over: Partial<Connection> = {}): Connection {
  return {
    id: 'conn-1',
    provider: 'weir',
    label: 'Weir prod',
    baseUrl: 'https://api.weir.ai',
    tokenHint: 'abcd',
    clientCount: 0,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

export function summary(i: number, over: Partial<ClientSummary> = {}): ClientSummary {
  return {
    id: `c${i}`,
    provider: 'weir',
    environment: 'production',
    name: `Client ${i}`,
    connectionId: 'conn-1',
    connectionLabel: 'Weir prod',
    remoteId: `cli_${i}`,
    publicId: `pub_${i}`,
    origin: 'created',
    createdAt: '2025-01-01T00:00:00.000Z',
    archived: false,
    ...over,
  };
}

export function detail(over: Partial<ClientDetail> = {}): ClientDetail {
  return {
    ...summary(1),
    publicFields: [{ field: 'clientId', label: 'Client ID', envName: 'CLIENT_ID', value: 'pub_1' }],
    secretFields: [{ field: 'secretKey', label: 'Secret key', envName: 'SECRET_KEY' }],
    metadata: {},
    remoteCreatedAt: '2025-01-01T00:00:00.000Z',
    archivedAt: null,
    conflictOf: null,
    ...over,
  };
}

export const counts = { production: 0, staging: 0, development: 0 };

/** Installs a fake bridge with harmless defaults; override per test with mockResolvedValue. */
export function installBridge(): FakeBridge {
  const bridge = Object.fromEntries(METHODS.map((m) => [m, vi.fn()])) as unknown as FakeBridge;
  bridge.rendererReady.mockResolvedValue(ok({ ok: true }));
  bridge.getVaultStatus.mockResolvedValue(ok({ backend: 'test', protection: 'os', message: null }));
  bridge.getSettings.mockResolvedValue(ok(settings));
  bridge.updateSettings.mockImplementation(async (patch) => ok({ ...settings, ...(patch as object) }));
  bridge.listConnections.mockResolvedValue(ok([connection()]));
  bridge.listClients.mockResolvedValue(ok({ total: 0, offset: 0, items: [], counts }));
  bridge.listAttempts.mockResolvedValue(ok([]));
  bridge.getClient.mockResolvedValue(ok(detail()));
  bridge.getBackupStatus.mockResolvedValue(ok(backupStatus));
  // A long poll with nothing new: answers only when a test says so.
  bridge.waitCliApprovals.mockImplementation(() => new Promise(() => {}));
  bridge.listActivity.mockResolvedValue(ok({ items: [], nextBefore: null }));
  (globalThis as { keyhold?: unknown }).keyhold = bridge;
  return bridge;
}

/**
 * `clients` as the core's getListIndex would send them, in chunks of `chunk`: slots in array
 * order, created order = array order, name order by folded name (ties by slot).
 */
export function indexChunks(
  clients: readonly ClientSummary[],
  options: { version?: number; chunk?: number } = {},
): ListIndexChunk[] {
  const { version = 1, chunk = 10_000 } = options;
  const connectionIds = [...new Set(clients.flatMap((c) => (c.connectionId ? [c.connectionId] : [])))];
  const orders: NonNullable<ListIndexChunk['orders']> = {};
  for (const environment of ENVIRONMENTS) {
    for (const archived of [false, true]) {
      const slots = clients
        .map((c, slot) => ({ c, slot }))
        .filter(({ c }) => c.environment === environment && c.archived === archived);
      const byName = [...slots].sort(
        (a, b) => a.c.name.toLowerCase().localeCompare(b.c.name.toLowerCase()) || a.slot - b.slot,
      );
      orders[`${environment}:${archived ? 1 : 0}`] = {
        byCreated: slots.map((s) => s.slot),
        byName: byName.map((s) => s.slot),
      };
    }
  }
  const chunks: ListIndexChunk[] = [];
  for (let offset = 0; offset === 0 || offset < clients.length; offset += chunk) {
    const part = clients.slice(offset, offset + chunk);
    chunks.push({
      version,
      size: clients.length,
      offset,
      rows: {
        id: part.map((c) => c.id),
        provider: part.map((c) => c.provider),
        environment: part.map((c) => c.environment),
        name: part.map((c) => c.name),
        connection: part.map((c) => (c.connectionId ? connectionIds.indexOf(c.connectionId) : -1)),
        connectionLabel: part.map((c) => c.connectionLabel),
        remoteId: part.map((c) => c.remoteId),
        publicId: part.map((c) => c.publicId),
        origin: part.map((c) => c.origin),
        createdAt: part.map((c) => c.createdAt),
        archived: part.map((c) => c.archived),
      },
      connectionIds,
      orders: offset === 0 ? orders : null,
    });
  }
  return chunks;
}

/** Makes `bridge.getListIndex` answer from `chunks` by offset. */
export function serveIndex(bridge: FakeBridge, chunks: ListIndexChunk[]): void {
  bridge.getListIndex.mockImplementation(async (input) => {
    const { offset } = input as { offset: number };
    return ok(chunks.find((c) => c.offset === offset) ?? null);
  });
}
