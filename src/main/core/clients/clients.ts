import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  ClientDetail,
  ClientPage,
  ClientSummary,
  Environment,
  ListClientsInput,
  FieldDescriptor,
  ListIndexChunk,
  Provider,
} from '../../../shared/domain';
import {
  CLIENT_SUMMARY_FIELDS,
  ENVIRONMENTS,
  listClientsSchema,
  listIndexRequestSchema,
} from '../../../shared/domain';
import { appendRow, emptyRows } from '../../../shared/list-columns';
import { NO_CONNECTION } from '../../../shared/list-index';
import { KeyholdError } from '../../../shared/errors';
import type { z } from 'zod';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Db } from '../store/database';
import type { Sealed } from '../vault/envelope';
import type { Vault } from '../vault/vault';
import { refuseSameClient } from './same-client';
import { ClientListIndex, ftsPhrase, LIST_VERSION_SQL, trigramSearchable } from './client-list-index';

/** Where each ClientSummary field is in a row of `clients c`. */
const SUMMARY_SQL: Record<keyof ClientSummary, string> = {
  id: 'c.id',
  provider: 'c.provider',
  environment: 'c.environment',
  name: 'c.name',
  connectionId: 'c.connection_id',
  connectionLabel: 'c.connection_label',
  remoteId: 'c.remote_id',
  publicId: 'c.public_id',
  origin: 'c.origin',
  createdAt: 'c.created_at',
  archived: 'c.archived',
};
/** Every list read: a summary's fields under their own names, without the metadata. */
const SUMMARY_COLUMNS = CLIENT_SUMMARY_FIELDS.map((field) => `${SUMMARY_SQL[field]} AS ${field}`).join(', ');

/** A row read with SUMMARY_COLUMNS: a summary but for `archived`, an integer in SQLite. */
type SummaryRow = Omit<ClientSummary, 'archived'> & { archived: number };

/** A row read with DETAIL_COLUMNS. */
type ClientRow = SummaryRow & {
  metadata: string;
  remoteCreatedAt: string | null;
  archivedAt: string | null;
  conflictOf: string | null;
};
const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, c.metadata AS metadata, c.remote_created_at AS remoteCreatedAt, c.archived_at AS archivedAt, c.conflict_of AS conflictOf`;

/** A client and its secrets, sealed for their rows: what a create keeps from the provider's answer. */
export interface SealedClient extends Omit<NewClient, 'secrets'> {
  id: string;
  secrets: Record<string, Sealed>;
}

export interface NewClient {
  provider: Provider;
  connectionId: string | null;
  connectionLabel: string;
  environment: Environment;
  name: string;
  remoteId: string;
  publicId: string;
  metadata: Record<string, unknown>;
  origin: 'created' | 'imported';
  remoteCreatedAt: string | null;
  secrets: Record<string, string>;
}

/** The vault service (keytar's word) a client's secrets are kept under, one account per field. */
export const clientSecretsKey = (id: string) => `client:${id}`;

export interface ClientsOptions {
  /**
   * Answer list() from the in-memory list index once it is built (default true). It is built in
   * the background after the first list() and after every change to the clients; until then
   * list() answers in SQL.
   */
  listIndex?: boolean;
  /** Runs one slice of background work later (default: setImmediate). */
  schedule?: (task: () => void) => void;
}

type Statement = Database.Statement<unknown[]>;

/** Client metadata in SQLite; its secrets in the vault under `client:<id>`. */
export class Clients {
  private readonly statements = new Map<string, Statement>();
  private readonly options: Required<ClientsOptions>;
  private index: ClientListIndex | null = null;
  private building = false;

  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly now: () => string,
    options: ClientsOptions = {},
  ) {
    this.options = { listIndex: true, schedule: (task) => setImmediate(task), ...options };
  }

  list(input: ListClientsInput): ClientPage {
    const q = listClientsSchema.parse(input);
    const text = q.query.trim();
    const index = this.readyIndex();
    if (!index) this.buildIndexLater();
    // No query can hold FIELD_SEPARATOR: the contract strips control characters.
    if (!index) return this.listInSql(q, text);
    const slice = index.query({ ...q, text });
    return { total: slice.total, offset: q.offset, items: this.byRowid(slice.rowids), counts: slice.counts };
  }

  /**
   * Slots [offset, offset + limit) of the list index with what the list shows of each, for the
   * window to answer list queries itself; null until the index is built (it is, in the background).
   */
  listIndexChunk(input: { offset: number; limit: number }): ListIndexChunk | null {
    const { offset, limit } = listIndexRequestSchema.parse(input);
    const index = this.readyIndex();
    if (!index) {
      this.buildIndexLater();
      return null;
    }
    const end = Math.min(index.rowids.length, offset + limit);
    const rows = emptyRows();
    if (offset < end) {
      // Slots are in rowid order, and the index is of the store as it is now: one range scan.
      const found = this.statement(
        `SELECT ${SUMMARY_COLUMNS} FROM clients c WHERE c.rowid BETWEEN ? AND ? ORDER BY c.rowid`,
      ).all(index.rowids[offset], index.rowids[end - 1]) as SummaryRow[];
      const code = (connectionId: string) => index.connectionCodes.get(connectionId) ?? NO_CONNECTION;
      for (const row of found) appendRow(rows, toSummary(row), code);
    }
    const orders =
      offset === 0
        ? Object.fromEntries(
            [...index.partitions].map(([key, partition]) => [
              key,
              { byCreated: Array.from(partition.byCreated), byName: Array.from(partition.byName) },
            ]),
          )
        : null;
    return {
      version: index.version,
      size: index.rowids.length,
      offset,
      rows,
      connectionIds: [...index.connectionCodes.keys()],
      orders,
    };
  }

  /** Active (not archived) clients per environment. */
  counts(): Record<Environment, number> {
    const counts = Object.fromEntries(ENVIRONMENTS.map((env) => [env, 0])) as Record<Environment, number>;
    const rows = this.statement(
      'SELECT environment, sum(n) AS n FROM client_counts WHERE archived = 0 GROUP BY environment',
    ).all() as { environment: Environment; n: number }[];
    for (const row of rows) counts[row.environment] = row.n;
    return counts;
  }

  /** Builds the list index now rather than in the background (tests, benchmarks). */
  warmListIndex(): void {
    if (this.options.listIndex && !this.readyIndex()) this.index = ClientListIndex.buildNow(this.db);
  }

  /** The list straight from SQLite: before the list index is ready, and for odd queries. */
  private listInSql(q: z.output<typeof listClientsSchema>, query: string): ClientPage {
    const where = ['c.environment = ?', 'c.archived = ?'];
    const params: unknown[] = [q.environment, q.archived ? 1 : 0];
    // The same filter over client_counts, for totals without a text query.
    const countWhere = ['environment = ?', 'archived = ?'];
    if (q.provider) {
      where.push('c.provider = ?');
      countWhere.push('provider = ?');
      params.push(q.provider);
    }
    if (q.connectionId) {
      where.push('c.connection_id = ?');
      countWhere.push('connection_key = ?');
      params.push(q.connectionId);
    }
    const countParams = [...params];
    if (query) {
      // LIKE's matching (case-insensitive for ASCII letters only) decides; from three characters
      // on, the trigram index (which folds all of Unicode: a superset) picks the candidates.
      if (trigramSearchable(query)) {
        where.push('c.rowid IN (SELECT rowid FROM clients_search WHERE clients_search MATCH ?)');
        params.push(ftsPhrase(query));
      }
      const like = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(
        `(c.name LIKE ? ESCAPE '\\' OR c.remote_id LIKE ? ESCAPE '\\' OR c.public_id LIKE ? ESCAPE '\\')`,
      );
      params.push(like, like, like);
    }
    const filter = where.join(' AND ');
    // Both keys in one direction: the list indexes (…, created_at|name, id) serve it without a sort.
    const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
    const order =
      q.sort === 'name'
        ? `c.name COLLATE NOCASE ${direction}, c.id ${direction}`
        : `c.created_at ${direction}, c.id ${direction}`;
    const items = this.statement(
      `SELECT ${SUMMARY_COLUMNS} FROM clients c WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`,
    ).all(...params, q.limit, q.offset) as SummaryRow[];
    // Without a text query the total is a sum over the maintained counts, not a count(*).
    const total = query
      ? (this.statement(`SELECT count(*) FROM clients c WHERE ${filter}`, true).get(...params) as number)
      : (this.statement(
          `SELECT coalesce(sum(n), 0) FROM client_counts WHERE ${countWhere.join(' AND ')}`,
          true,
        ).get(...countParams) as number);
    return { total, offset: q.offset, items: items.map(toSummary), counts: this.counts() };
  }

  /** Rows by rowid, in the given order. */
  private byRowid(rowids: readonly number[]): ClientSummary[] {
    if (rowids.length === 0) return [];
    const rows = this.statement(
      `SELECT ${SUMMARY_COLUMNS} FROM json_each(?) AS j CROSS JOIN clients AS c ON c.rowid = j.value ORDER BY j.key`,
    ).all(JSON.stringify(rowids)) as SummaryRow[];
    return rows.map(toSummary);
  }

  /** The list index, if it was built from the store as it is now. */
  private readyIndex(): ClientListIndex | null {
    if (!this.options.listIndex || !this.index) return null;
    if (this.index.version === (this.statement(LIST_VERSION_SQL, true).get() as number)) return this.index;
    this.index = null;
    return null;
  }

  /** Builds the list index in slices of a few milliseconds, between other calls. */
  private buildIndexLater(): void {
    if (!this.options.listIndex || this.building) return;
    this.building = true;
    const steps = ClientListIndex.build(this.db);
    const step = () => {
      try {
        if (!this.db.open) throw new Error('store closed');
        const next = steps.next();
        if (!next.done) return this.options.schedule(step);
        // Null when the store changed meanwhile: the next list() starts over.
        if (next.value) this.index = next.value;
      } catch {
        // The store closed or failed mid-build: list() keeps answering in SQL.
      }
      this.building = false;
    };
    this.options.schedule(step);
  }

  /** Prepared once per SQL text; `pluck` statements return the first column only. */
  private statement(sql: string, pluck = false): Statement {
    const key = `${pluck ? 'pluck' : 'rows'}:${sql}`;
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(sql);
      if (pluck) statement.pluck();
      this.statements.set(key, statement);
    }
    return statement;
  }

  detail(id: string): ClientDetail {
    const { metadata, remoteCreatedAt, archivedAt, conflictOf, ...row } = this.row(id);
    const provider = PROVIDER_INFO[row.provider];
    const [remoteField, publicField] = provider.publicFields;
    const stored = new Set(this.vault.accounts(clientSecretsKey(id)));
    return {
      ...toSummary(row),
      publicFields: [
        { ...remoteField, value: row.remoteId },
        { ...publicField, value: row.publicId },
      ],
      secretFields: provider.secretFields
        .filter((field) => stored.has(field.field))
        .map((field) => ({ ...field })),
      metadata: JSON.parse(metadata) as ClientDetail['metadata'],
      remoteCreatedAt,
      archivedAt,
      conflictOf,
    };
  }

  /** Inserts client and secrets; call inside a transaction with the vault unlocked. */
  insert(client: NewClient): string {
    return this.insertSealed(this.seal(client));
  }

  /** Gives a new client its id and seals its secrets for their rows (the vault must be unlocked). */
  seal({ secrets, ...client }: NewClient): SealedClient {
    const id = randomUUID();
    const sealed = Object.fromEntries(
      Object.entries(secrets).map(([field, value]) => [
        field,
        this.vault.seal(clientSecretsKey(id), field, value),
      ]),
    );
    return { ...client, id, secrets: sealed };
  }

  /** Whether a client with this id is stored (a rescued create may already be). */
  has(id: string): boolean {
    return this.statement('SELECT 1 FROM clients WHERE id = ?', true).get(id) !== undefined;
  }

  /** Inserts a sealed client; call inside a transaction. */
  insertSealed(client: SealedClient): string {
    const { id } = client;
    this.statement(
      `INSERT INTO clients (id, provider, connection_id, connection_label, environment, name, remote_id,
           public_id, metadata, origin, remote_created_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      client.provider,
      client.connectionId,
      client.connectionLabel,
      client.environment,
      client.name,
      client.remoteId,
      client.publicId,
      JSON.stringify(client.metadata),
      client.origin,
      client.remoteCreatedAt,
      this.now(),
    );
    for (const [field, sealed] of Object.entries(client.secrets))
      this.vault.putSealed(clientSecretsKey(id), field, sealed);
    return id;
  }

  /** Stores a client created elsewhere, exactly like a created one, marked imported. */
  async import(input: {
    provider: Provider;
    connectionLabel: string;
    connectionId: string | null;
    environment: Environment;
    name: string;
    remoteId: string;
    publicId: string;
    secret: string;
  }): Promise<ClientDetail> {
    await this.vault.ensureWritable();
    const [mainSecret] = PROVIDER_INFO[input.provider].secretFields;
    const id = this.db.transaction(() => {
      refuseSameClient(this.db, input);
      return this.insert({
        ...input,
        metadata: {},
        origin: 'imported',
        remoteCreatedAt: null,
        secrets: { [mainSecret.field]: input.secret },
      });
    })();
    return this.detail(id);
  }

  setArchived(id: string, archived: boolean): ClientDetail {
    this.row(id);
    this.statement('UPDATE clients SET archived_at = ? WHERE id = ?').run(archived ? this.now() : null, id);
    return this.detail(id);
  }

  /** Local only: neither provider documents a delete. */
  delete(id: string): void {
    this.row(id);
    this.db.transaction(() => {
      this.statement('DELETE FROM clients WHERE id = ?').run(id);
      this.vault.remove(clientSecretsKey(id));
    })();
  }

  /** One stored secret; a validation error if the client has no such secret field. */
  async secret(id: string, field: string): Promise<string> {
    this.row(id);
    // The vault's accounts for a client are exactly its stored secret fields.
    if (!this.vault.accounts(clientSecretsKey(id)).includes(field))
      throw new KeyholdError({
        code: 'validation',
        message: `No secret "${field}" on this client.`,
        field: 'field',
      });
    const value = await this.vault.getPassword(clientSecretsKey(id), field);
    if (value === null)
      throw new KeyholdError({ code: 'not_found_local', message: 'That secret is no longer stored.' });
    return value;
  }

  /** Every stored secret of a client, in the provider's field order. */
  async secrets(id: string): Promise<{ descriptor: FieldDescriptor; value: string }[]> {
    const detail = this.detail(id);
    const stored = new Map(
      (await this.vault.findCredentials(clientSecretsKey(id))).map((cred) => [cred.account, cred.password]),
    );
    return detail.secretFields.map((descriptor) => ({
      descriptor,
      value: stored.get(descriptor.field) ?? '',
    }));
  }

  private row(id: string): ClientRow {
    const row = this.statement(`SELECT ${DETAIL_COLUMNS} FROM clients c WHERE c.id = ?`).get(id) as
      ClientRow | undefined;
    if (!row)
      throw new KeyholdError({
        code: 'not_found_local',
        message: 'That client no longer exists in Keyhold.',
      });
    return row;
  }
}

function toSummary(row: SummaryRow): ClientSummary {
  return { ...row, archived: row.archived !== 0 };
}
