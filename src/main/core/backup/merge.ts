// Restore as a merge into the store as it is: nothing is ever duplicated and nothing lost.
// - A connection is the same connection by id (unless their tokens differ), or by provider,
//   base URL and token.
// - A client is the same client by provider and remote id. Its secrets are compared field by
//   field: one this store lacks is added; one that differs is never overwritten: the backup's
//   client is added beside it as a copy marked `conflict_of` the client here (the user reveals
//   both and keeps the right one).
// - Metadata (and a connection's label and base URL): the newer `updated_at` wins; a client's only
//   from a record that holds one of its secrets (or when the client here has none).
// - A connection's token goes only to the origin it was entered for and is never overwritten: a
//   base URL on another origin is taken only with the backup's own token; a backup connection
//   whose token differs from the one here is added beside it.
// - Unknown create attempts are added by id; portable settings only where this store never set
//   them.
// So restoring the same file twice changes nothing the second time. `planRestore` only reads;
// `applyRestore` plans again and writes, inside the caller's transaction.
import { randomUUID } from 'node:crypto';
import {
  PORTABLE_SETTINGS,
  type BackupClient,
  type BackupConnection,
  type BackupDocument,
  type ClientChange,
  type ConnectionChange,
  type RestoreChanges,
} from '../../../shared/backup';
import { movesToAnotherOrigin, type Environment, type Provider, type Settings } from '../../../shared/domain';
import { clientSecretsKey } from '../clients/clients';
import { connectionSecretsKey, hintOf, keepsTokenOrigin, TOKEN_ACCOUNT } from '../connections/connections';
import type { Db } from '../store/database';
import type { Vault } from '../vault/vault';

/** How many conflicts a preview lists by name (the count is always exact). */
const CONFLICTS_LISTED = 50;

export interface MergeContext {
  db: Db;
  vault: Vault;
  /** The store's key is missing: none of its secrets can be read (a restore replaces them all). */
  keyMissing: boolean;
  /** Settings as they are, and which of them this store ever set. */
  settings: Settings;
  storedSettings: ReadonlySet<string>;
  /**
   * The recipient of the recovery key that opened the file, when the user chose to encrypt future
   * backups to it: adopted if none is set up here. Null: no recipient is adopted.
   */
  recipient: string | null;
}

interface Candidate {
  id: string;
  updatedAt: string;
  name: string;
  environment: Environment;
  archived: boolean;
  /** Secret field → value here (empty where unreadable). */
  secrets: Record<string, string>;
}

type ConnectionStep =
  | { kind: 'insert'; id: string; record: BackupConnection }
  | {
      kind: 'update';
      id: string;
      record: BackupConnection;
      metadata: boolean;
      /** What the connection's base URL becomes: the backup's only on the token's origin. */
      baseUrl: string;
      /** A token this store lacked. */
      token: string | null;
    };

type Row = { id: string; base_url: string; updated_at: string };

type ClientStep =
  | { kind: 'insert'; id: string; record: BackupClient; conflictOf: string | null }
  | { kind: 'update'; id: string; record: BackupClient; metadata: boolean; secrets: Record<string, string> };

export interface RestorePlan {
  connections: ConnectionStep[];
  clients: ClientStep[];
  /** Backup connection id → the id of that connection here. */
  connectionIds: Map<string, string>;
  attempts: BackupDocument['attempts'];
  settings: Partial<Settings>;
  changes: RestoreChanges;
}

const newer = (a: string, b: string) => Date.parse(a) > Date.parse(b);

/**
 * The connection here with the backup's id is the backup's connection when their tokens agree, or
 * when only one of them has one and taking it keeps it to its origin: the backup's base URL (if
 * newer) comes with that token, or it stays on the origin of the base URL here.
 */
function sameConnection(local: Row, localToken: string | null, record: BackupConnection): boolean {
  if (record.token === null || localToken === record.token) return true;
  if (localToken !== null) return false;
  return newer(record.updatedAt, local.updated_at) || !movesToAnotherOrigin(local.base_url, record.baseUrl);
}

export function planRestore(context: MergeContext, document: BackupDocument): RestorePlan {
  const { db, vault, keyMissing } = context;
  const readSecret = (service: string, account: string): string | null =>
    keyMissing ? null : vault.read(service, account);
  const changes: RestoreChanges = {
    connectionsAdded: 0,
    connectionsUpdated: 0,
    clientsAdded: 0,
    clientsUpdated: 0,
    clientChanges: [],
    secretsAdded: 0,
    conflicts: 0,
    conflictList: [],
    connectionChanges: [],
    attemptsAdded: 0,
    settingsApplied: 0,
    clientsUnchanged: 0,
  };

  // --- connections --------------------------------------------------------
  // A token goes only to the origin it was entered for (as when editing a connection) and is never
  // overwritten: a backup's connection whose token differs from the one here is added beside it.
  const connectionById = db.prepare('SELECT id, base_url, updated_at FROM connections WHERE id = ?');
  const connectionsAt = db.prepare(
    'SELECT id, base_url, updated_at FROM connections WHERE provider = ? AND base_url = ?',
  );
  const connectionIds = new Map<string, string>();
  const connections: ConnectionStep[] = [];
  const noteConnection = (record: BackupConnection, change: ConnectionChange['change']) => {
    if (changes.connectionChanges.length >= CONFLICTS_LISTED) return;
    const { label, provider, baseUrl } = record;
    changes.connectionChanges.push({ label, provider, baseUrl, change });
  };
  for (const record of document.connections) {
    const byId = connectionById.get(record.id) as Row | undefined;
    const idToken = byId ? readSecret(connectionSecretsKey(byId.id), TOKEN_ACCOUNT) : null;
    let local: Row | undefined;
    let token: string | null = null;
    if (byId && sameConnection(byId, idToken, record)) {
      local = byId;
      token = idToken;
    } else if (record.token !== null && !keyMissing) {
      local = (connectionsAt.all(record.provider, record.baseUrl) as Row[]).find(
        (row) => readSecret(connectionSecretsKey(row.id), TOKEN_ACCOUNT) === record.token,
      );
      token = record.token;
    }
    if (!local) {
      // The id is taken by a connection with another token: this one is added as a connection of its own.
      const id = byId ? randomUUID() : record.id;
      const label = byId ? `${record.label} (from backup)` : record.label;
      connections.push({ kind: 'insert', id, record: { ...record, id, label } });
      connectionIds.set(record.id, id);
      changes.connectionsAdded += 1;
      if (record.token !== null) changes.secretsAdded += 1;
      if (byId) noteConnection(record, 'beside');
      continue;
    }
    connectionIds.set(record.id, local.id);
    const metadata = newer(record.updatedAt, local.updated_at);
    const baseUrlKept =
      metadata && !keepsTokenOrigin(local.base_url, { baseUrl: record.baseUrl, token: record.token });
    const baseUrl = metadata && !baseUrlKept ? record.baseUrl : local.base_url;
    const tokenToPut = record.token !== null && token === null ? record.token : null;
    if (metadata || tokenToPut !== null) {
      connections.push({ kind: 'update', id: local.id, record, metadata, baseUrl, token: tokenToPut });
      if (metadata) changes.connectionsUpdated += 1;
      if (tokenToPut !== null) changes.secretsAdded += 1;
    }
    if (baseUrlKept) noteConnection(record, 'baseUrlKept');
    if (tokenToPut !== null) noteConnection(record, 'tokenAdded');
  }

  // --- clients ------------------------------------------------------------
  const sameRemote = db.prepare(
    `SELECT id, coalesce(updated_at, created_at) AS updated_at, name, environment, archived_at IS NOT NULL AS archived
     FROM clients WHERE provider = ? AND remote_id = ? ORDER BY conflict_of IS NOT NULL, rowid`,
  );
  const idTaken = db.prepare('SELECT 1 FROM clients WHERE id = ?').pluck();
  const accountsOf = db.prepare('SELECT account FROM secrets WHERE service = ?').pluck();
  /** Clients here by provider and remote id, and the ones this plan adds (so copies in one file pair up). */
  const known = new Map<string, Candidate[]>();
  const planned = new Set<string>();
  const candidatesFor = (provider: Provider, remoteId: string): Candidate[] => {
    const key = `${provider}\0${remoteId}`;
    let list = known.get(key);
    if (!list) {
      type Row = { id: string; updated_at: string; name: string; environment: Environment; archived: number };
      list = (sameRemote.all(provider, remoteId) as Row[]).map((row) => ({
        id: row.id,
        updatedAt: row.updated_at,
        name: row.name,
        environment: row.environment,
        archived: row.archived === 1,
        secrets: Object.fromEntries(
          keyMissing
            ? []
            : (accountsOf.all(clientSecretsKey(row.id)) as string[]).map((field) => [
                field,
                readSecret(clientSecretsKey(row.id), field) ?? '',
              ]),
        ),
      }));
      known.set(key, list);
    }
    return list;
  };
  const noteClientChange = (target: Candidate, record: BackupClient) => {
    const archived = record.archivedAt !== null;
    const change: ClientChange = {
      name: target.name,
      provider: record.provider,
      environment: target.environment,
      remoteId: record.remoteId,
      newName: record.name === target.name ? null : record.name,
      newEnvironment: record.environment === target.environment ? null : record.environment,
      archived: archived === target.archived ? null : archived,
    };
    Object.assign(target, {
      updatedAt: record.updatedAt,
      name: record.name,
      environment: record.environment,
      archived,
    });
    const changed = change.newName !== null || change.newEnvironment !== null || change.archived !== null;
    if (changed && changes.clientChanges.length < CONFLICTS_LISTED) changes.clientChanges.push(change);
  };
  const clients: ClientStep[] = [];
  for (const record of document.clients) {
    const candidates = candidatesFor(record.provider, record.remoteId);
    const agrees = (candidate: Candidate) =>
      Object.entries(record.secrets).every(
        ([field, value]) => candidate.secrets[field] === undefined || candidate.secrets[field] === value,
      );
    const target =
      candidates.find((candidate) => candidate.id === record.id && agrees(candidate)) ??
      candidates.find(agrees);
    if (target) {
      const secrets = Object.fromEntries(
        Object.entries(record.secrets).filter(([field]) => target.secrets[field] === undefined),
      );
      // Only a record that holds a secret of the client here may change what it is called, where
      // it is and whether it is archived: otherwise any file naming its remote id could.
      const proven =
        Object.entries(record.secrets).some(([field, value]) => target.secrets[field] === value) ||
        (Object.keys(target.secrets).length === 0 && Object.keys(record.secrets).length > 0);
      const metadata = proven && newer(record.updatedAt, target.updatedAt);
      const added = Object.keys(secrets).length;
      if (!metadata && added === 0) {
        changes.clientsUnchanged += 1;
        continue;
      }
      clients.push({ kind: 'update', id: target.id, record, metadata, secrets });
      Object.assign(target.secrets, secrets);
      if (metadata) noteClientChange(target, record);
      changes.secretsAdded += added;
      if (metadata) changes.clientsUpdated += 1;
      continue;
    }
    const id = idTaken.get(record.id) === undefined && !planned.has(record.id) ? record.id : randomUUID();
    planned.add(id);
    const conflictOf = candidates[0]?.id ?? null;
    clients.push({ kind: 'insert', id, record, conflictOf });
    candidates.push({
      id,
      updatedAt: record.updatedAt,
      name: record.name,
      environment: record.environment,
      archived: record.archivedAt !== null,
      secrets: { ...record.secrets },
    });
    changes.clientsAdded += 1;
    changes.secretsAdded += Object.keys(record.secrets).length;
    if (conflictOf !== null) {
      changes.conflicts += 1;
      if (changes.conflictList.length < CONFLICTS_LISTED) {
        const { name, provider, environment, remoteId } = record;
        changes.conflictList.push({ name, provider, environment, remoteId });
      }
    }
  }

  // --- attempts and settings ----------------------------------------------
  const attemptTaken = db.prepare('SELECT 1 FROM create_attempts WHERE id = ?').pluck();
  const attempts = document.attempts.filter((attempt) => attemptTaken.get(attempt.id) === undefined);
  changes.attemptsAdded = attempts.length;

  const settings: Partial<Settings> = {};
  for (const key of PORTABLE_SETTINGS) {
    const value = document.settings[key];
    if (value === undefined || context.storedSettings.has(key) || value === context.settings[key]) continue;
    Object.assign(settings, { [key]: value });
  }
  // The settings the file brings; the recipient, the user's own choice, is reported apart.
  changes.settingsApplied = Object.keys(settings).length;
  if (context.recipient !== null && context.settings.backupRecipient === null) {
    settings.backupRecipient = context.recipient;
  }

  return { connections, clients, connectionIds, attempts, settings, changes };
}

/**
 * Writes `plan` (made inside the same transaction). Every secret is sealed again by this store's
 * vault; settings are the caller's (they live in memory too).
 */
export function applyPlan(context: Pick<MergeContext, 'db' | 'vault'>, plan: RestorePlan): void {
  const { db, vault } = context;
  const insertConnection = db.prepare(
    `INSERT INTO connections (id, provider, label, base_url, token_hint, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateConnection = db.prepare(
    'UPDATE connections SET label = ?, base_url = ?, updated_at = ? WHERE id = ?',
  );
  const relabelClients = db.prepare('UPDATE clients SET connection_label = ? WHERE connection_id = ?');
  const setHint = db.prepare('UPDATE connections SET token_hint = ? WHERE id = ?');
  for (const step of plan.connections) {
    const { record } = step;
    if (step.kind === 'insert') {
      insertConnection.run(
        step.id,
        record.provider,
        record.label,
        record.baseUrl,
        record.token === null ? '' : hintOf(record.token),
        record.createdAt,
        record.updatedAt,
      );
      if (record.token !== null) vault.put(connectionSecretsKey(step.id), TOKEN_ACCOUNT, record.token);
      continue;
    }
    if (step.metadata) {
      updateConnection.run(record.label, step.baseUrl, record.updatedAt, step.id);
      relabelClients.run(record.label, step.id);
    }
    if (step.token !== null) {
      setHint.run(hintOf(step.token), step.id);
      vault.put(connectionSecretsKey(step.id), TOKEN_ACCOUNT, step.token);
    }
  }

  const insertClient = db.prepare(
    `INSERT INTO clients (id, provider, connection_id, connection_label, environment, name, remote_id, public_id,
       metadata, origin, remote_created_at, created_at, archived_at, updated_at, conflict_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateClient = db.prepare(
    `UPDATE clients SET connection_id = ?, connection_label = ?, environment = ?, name = ?, public_id = ?,
       metadata = ?, remote_created_at = ?, archived_at = ?, updated_at = ? WHERE id = ?`,
  );
  const connectionOf = (record: BackupClient) =>
    record.connectionId === null ? null : (plan.connectionIds.get(record.connectionId) ?? null);
  for (const step of plan.clients) {
    const { record } = step;
    if (step.kind === 'insert') {
      insertClient.run(
        step.id,
        record.provider,
        connectionOf(record),
        record.connectionLabel,
        record.environment,
        record.name,
        record.remoteId,
        record.publicId,
        JSON.stringify(record.metadata),
        record.origin,
        record.remoteCreatedAt,
        record.createdAt,
        record.archivedAt,
        record.updatedAt,
        step.conflictOf,
      );
    } else if (step.metadata) {
      updateClient.run(
        connectionOf(record),
        record.connectionLabel,
        record.environment,
        record.name,
        record.publicId,
        JSON.stringify(record.metadata),
        record.remoteCreatedAt,
        record.archivedAt,
        record.updatedAt,
        step.id,
      );
    }
    const secrets = step.kind === 'insert' ? record.secrets : step.secrets;
    for (const [field, value] of Object.entries(secrets)) vault.put(clientSecretsKey(step.id), field, value);
  }

  const insertAttempt = db.prepare(
    `INSERT INTO create_attempts (id, provider, connection_id, connection_label, environment, name, remote_id, state,
       error_code, error_message, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'unknown', ?, ?, ?, ?)`,
  );
  for (const attempt of plan.attempts) {
    insertAttempt.run(
      attempt.id,
      attempt.provider,
      attempt.connectionId === null ? null : (plan.connectionIds.get(attempt.connectionId) ?? null),
      attempt.connectionLabel,
      attempt.environment,
      attempt.name,
      attempt.remoteId,
      attempt.errorCode,
      attempt.errorMessage,
      attempt.startedAt,
      attempt.finishedAt,
    );
  }
}
