// The backup document (src/shared/backup.ts): written from the store as text, one record a line,
// so `age -d` prints something a person can read and grep; read back and checked whole before a
// restore writes anything.
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupDocumentSchema,
  type BackupAttempt,
  type BackupClient,
  type BackupConnection,
  type BackupCounts,
  type BackupDocument,
} from '../../../shared/backup';
import type { Environment, Provider } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { PROVIDER_INFO } from '../../../shared/providers';
import { clientSecretsKey } from '../clients/clients';
import { connectionSecretsKey, TOKEN_ACCOUNT } from '../connections/connections';
import type { Db } from '../store/database';
import { associatedData, open } from '../vault/envelope';

export interface DocumentHeader {
  createdAt: string;
  createdBy: string;
  settings: BackupDocument['settings'];
}

/** Clients read (and their secrets opened) per step: a few milliseconds of work. */
const BATCH = 1000;

interface SecretRow {
  service: string;
  account: string;
  nonce: Buffer;
  ciphertext: Buffer;
}

interface ClientRow {
  rowid: number;
  id: string;
  provider: Provider;
  environment: Environment;
  name: string;
  remote_id: string;
  public_id: string;
  connection_id: string | null;
  connection_label: string;
  origin: 'created' | 'imported';
  metadata: string;
  remote_created_at: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

/**
 * The store in `db` as the backup document's text, in chunks, from one read snapshot (a create
 * committing meanwhile is in the next backup), counting into `counts`. Every secret is opened
 * with `dataKey`; one that does not open is left out and named in `unreadable` (one damaged row
 * must not stop every backup: the earlier ones, which hold it, stay).
 */
export async function* documentText(
  db: Db,
  dataKey: Buffer,
  header: DocumentHeader,
  counts: BackupCounts,
  unreadable: string[],
): AsyncGenerator<string> {
  const opened = (row: SecretRow, what: string): string | null => {
    try {
      return open(dataKey, associatedData(row.service, row.account), row);
    } catch {
      unreadable.push(what);
      return null;
    }
  };
  const secretsOf = db.prepare(
    'SELECT s.service, s.account, s.nonce, s.ciphertext FROM json_each(?) j JOIN secrets s ON s.service = j.value',
  );
  db.exec('BEGIN'); // one snapshot for every read below (WAL: writers go on meanwhile)
  try {
    yield (
      `{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},` +
      `"createdAt":${JSON.stringify(header.createdAt)},"createdBy":${JSON.stringify(header.createdBy)},\n` +
      `"settings":${JSON.stringify(header.settings)},\n"connections":[`
    );

    const connections = db
      .prepare('SELECT id, provider, label, base_url, created_at, updated_at FROM connections ORDER BY rowid')
      .all() as {
      id: string;
      provider: Provider;
      label: string;
      base_url: string;
      created_at: string;
      updated_at: string;
    }[];
    const labels = new Map(connections.map((c) => [connectionSecretsKey(c.id), c.label]));
    const tokens = new Map<string, string>();
    for (const row of secretsOf.all(JSON.stringify([...labels.keys()])) as SecretRow[]) {
      if (row.account !== TOKEN_ACCOUNT) continue;
      const token = opened(row, `the token of the connection ${labels.get(row.service)}`);
      if (token !== null) tokens.set(row.service, token);
    }
    counts.connections = connections.length;
    counts.secrets += tokens.size;
    yield connections
      .map((row, index) => {
        const record: BackupConnection = {
          id: row.id,
          provider: row.provider,
          label: row.label,
          baseUrl: row.base_url,
          token: tokens.get(connectionSecretsKey(row.id)) ?? null,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        };
        return `${index ? ',' : ''}\n${JSON.stringify(record)}`;
      })
      .join('');

    yield '\n],\n"clients":[';
    const page = db.prepare(
      `SELECT rowid, id, provider, environment, name, remote_id, public_id, connection_id, connection_label,
         origin, metadata, remote_created_at, created_at, coalesce(updated_at, created_at) AS updated_at,
         archived_at
       FROM clients WHERE rowid > ? ORDER BY rowid LIMIT ${BATCH}`,
    );
    let first = true;
    for (let after = 0; ;) {
      const rows = page.all(after) as ClientRow[];
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.rowid;
      const secrets = new Map<string, Record<string, string>>();
      const byService = new Map(rows.map((c) => [clientSecretsKey(c.id), c]));
      for (const row of secretsOf.all(JSON.stringify([...byService.keys()])) as SecretRow[]) {
        const client = byService.get(row.service)!;
        const value = opened(row, `${client.name} (${client.environment}) ${row.account}`);
        if (value === null) continue;
        const fields = secrets.get(row.service) ?? {};
        fields[row.account] = value;
        secrets.set(row.service, fields);
        counts.secrets += 1;
      }
      counts.clients += rows.length;
      let text = '';
      for (const row of rows) {
        const record: BackupClient = {
          id: row.id,
          provider: row.provider,
          environment: row.environment,
          name: row.name,
          remoteId: row.remote_id,
          publicId: row.public_id,
          connectionId: row.connection_id,
          connectionLabel: row.connection_label,
          origin: row.origin,
          metadata: JSON.parse(row.metadata) as BackupClient['metadata'],
          remoteCreatedAt: row.remote_created_at,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
          archivedAt: row.archived_at,
          secrets: secrets.get(clientSecretsKey(row.id)) ?? {},
        };
        text += `${first ? '' : ','}\n${JSON.stringify(record)}`;
        first = false;
      }
      yield text;
    }

    yield '\n],\n"attempts":[';
    const attempts = db
      .prepare(
        `SELECT id, provider, connection_id, connection_label, environment, name, remote_id, error_code,
           error_message, started_at, finished_at
         FROM create_attempts WHERE state = 'unknown' ORDER BY started_at, rowid`,
      )
      .all() as Record<string, string | null>[];
    counts.attempts = attempts.length;
    yield attempts
      .map((row, index) => {
        const record = {
          id: row['id'],
          provider: row['provider'],
          connectionId: row['connection_id'],
          connectionLabel: row['connection_label'],
          environment: row['environment'],
          name: row['name'],
          remoteId: row['remote_id'],
          errorCode: row['error_code'],
          errorMessage: row['error_message'],
          startedAt: row['started_at'],
          finishedAt: row['finished_at'],
        } as BackupAttempt;
        return `${index ? ',' : ''}\n${JSON.stringify(record)}`;
      })
      .join('');
    yield '\n]}\n';
  } finally {
    db.exec('COMMIT');
  }
}

const unreadable = (why: string) =>
  new KeyholdError({
    code: 'validation',
    field: 'file',
    message: `This file opened, but Keyhold cannot read it as a backup (${why}). Nothing was changed.`,
  });

/** The document in `text`, checked whole: shape, bounds, unique ids, each provider's secret fields. */
export function parseDocument(text: string): BackupDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable('it is not JSON');
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (head?.format !== BACKUP_FORMAT) throw unreadable(`its "format" is not "${BACKUP_FORMAT}"`);
  if (head.version !== BACKUP_VERSION) {
    throw unreadable(
      typeof head.version === 'number' && head.version > BACKUP_VERSION
        ? `it is format version ${head.version}, written by a newer Keyhold: update Keyhold first`
        : `its format version is not ${BACKUP_VERSION}`,
    );
  }
  let parsed: ReturnType<typeof backupDocumentSchema.safeParse>;
  try {
    parsed = backupDocumentSchema.safeParse(json);
  } catch {
    throw unreadable('it is nested too deeply'); // z.json() recurses
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw unreadable(`${issue.path.join('.') || 'the document'}: ${issue.message.slice(0, 200)}`);
  }
  const document = parsed.data;
  for (const [what, records] of [
    ['connection', document.connections],
    ['client', document.clients],
    ['attempt', document.attempts],
  ] as const) {
    const ids = new Set<string>();
    for (const { id } of records) {
      if (ids.has(id)) throw unreadable(`the ${what} id ${id} appears twice`);
      ids.add(id);
    }
  }
  refuseFutureTimes(document);
  for (const client of document.clients) {
    const fields = new Set(PROVIDER_INFO[client.provider].secretFields.map((field) => field.field));
    const unknown = Object.keys(client.secrets).find((field) => !fields.has(field));
    if (unknown)
      throw unreadable(`client ${client.id} has a secret "${unknown}" its provider does not issue`);
  }
  return document;
}

/** How far ahead of this computer's clock a backup's time may be (another computer's clock). */
const CLOCK_SKEW_MS = 24 * 3600_000;

/** A time far in the future would win every later merge ("the newer wins"): refused. */
function refuseFutureTimes(document: BackupDocument): void {
  const limit = Date.now() + CLOCK_SKEW_MS;
  const times: [string, string | null][] = [
    ['createdAt', document.createdAt],
    ...document.connections.flatMap((c, i): [string, string][] => [
      [`connections.${i}.createdAt`, c.createdAt],
      [`connections.${i}.updatedAt`, c.updatedAt],
    ]),
    ...document.clients.flatMap((c, i): [string, string | null][] => [
      [`clients.${i}.createdAt`, c.createdAt],
      [`clients.${i}.updatedAt`, c.updatedAt],
      [`clients.${i}.archivedAt`, c.archivedAt],
    ]),
    ...document.attempts.flatMap((a, i): [string, string | null][] => [
      [`attempts.${i}.startedAt`, a.startedAt],
      [`attempts.${i}.finishedAt`, a.finishedAt],
    ]),
  ];
  const future = times.find(([, value]) => value !== null && Date.parse(value) > limit);
  if (future) {
    throw unreadable(
      `${future[0]}: ${future[1]} is in the future; it was made on a computer whose clock was wrong, or altered`,
    );
  }
}

export function countsOf(document: BackupDocument): BackupCounts {
  return {
    connections: document.connections.length,
    clients: document.clients.length,
    secrets:
      document.connections.filter((c) => c.token !== null).length +
      document.clients.reduce((sum, client) => sum + Object.keys(client.secrets).length, 0),
    attempts: document.attempts.length,
  };
}
