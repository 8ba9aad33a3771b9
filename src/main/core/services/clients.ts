import { randomUUID } from 'node:crypto';
import type {
  ClientDetail,
  ClientPage,
  ClientSummary,
  Environment,
  ListClientsInput,
  Provider,
} from '../../../shared/domain';
import { ENVIRONMENTS, listClientsSchema } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { providerClient } from '../providers';
import type { FieldDescriptor } from '../providers/types';
import type { Db } from '../store/database';
import type { Vault } from '../vault/vault';

interface ClientRow {
  id: string;
  provider: Provider;
  connection_id: string | null;
  connection_label: string;
  environment: Environment;
  name: string;
  remote_id: string;
  public_id: string;
  metadata: string;
  origin: 'created' | 'imported';
  remote_created_at: string | null;
  created_at: string;
  archived_at: string | null;
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

export const clientService = (id: string) => `client:${id}`;

/** Below three characters the trigram index cannot help; a LIKE scan is still fast enough. */
const MIN_INDEXED_QUERY = 3;

/** Client metadata in SQLite; its secrets in the vault under `client:<id>`. */
export class Clients {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly now: () => string,
  ) {}

  list(input: ListClientsInput): ClientPage {
    const q = listClientsSchema.parse(input);
    const where = ['c.environment = ?', 'c.archived = ?'];
    const params: unknown[] = [q.environment, q.archived ? 1 : 0];
    if (q.provider) {
      where.push('c.provider = ?');
      params.push(q.provider);
    }
    if (q.connectionId) {
      where.push('c.connection_id = ?');
      params.push(q.connectionId);
    }
    const query = q.query.trim();
    if (query.length >= MIN_INDEXED_QUERY) {
      where.push('c.rowid IN (SELECT rowid FROM clients_search WHERE clients_search MATCH ?)');
      params.push(`"${query.replaceAll('"', '""')}"`);
    } else if (query) {
      const like = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(
        `(c.name LIKE ? ESCAPE '\\' OR c.remote_id LIKE ? ESCAPE '\\' OR c.public_id LIKE ? ESCAPE '\\')`,
      );
      params.push(like, like, like);
    }
    const filter = where.join(' AND ');
    const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
    const order =
      q.sort === 'name' ? `c.name COLLATE NOCASE ${direction}, c.id` : `c.created_at ${direction}, c.id`;
    const items = this.db
      .prepare(`SELECT c.* FROM clients c WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as ClientRow[];
    const { total } = this.db
      .prepare(`SELECT count(*) AS total FROM clients c WHERE ${filter}`)
      .get(...params) as {
      total: number;
    };
    return { total, offset: q.offset, items: items.map(toSummary), counts: this.counts() };
  }

  counts(): Record<Environment, number> {
    const counts = Object.fromEntries(ENVIRONMENTS.map((env) => [env, 0])) as Record<Environment, number>;
    const count = this.db.prepare('SELECT count(*) AS n FROM clients WHERE environment = ? AND archived = 0');
    for (const env of ENVIRONMENTS) counts[env] = (count.get(env) as { n: number }).n;
    return counts;
  }

  detail(id: string): ClientDetail {
    const row = this.row(id);
    const provider = providerClient(row.provider);
    const [remoteField, publicField] = provider.publicFields;
    const stored = new Set(this.vault.accounts(clientService(id)));
    return {
      ...toSummary(row),
      publicFields: [
        { ...remoteField!, value: row.remote_id },
        { ...publicField!, value: row.public_id },
      ],
      secretFields: provider.secretFields.filter((field) => stored.has(field.field)).map(describe),
      metadata: JSON.parse(row.metadata) as ClientDetail['metadata'],
      remoteCreatedAt: row.remote_created_at,
      archivedAt: row.archived_at,
    };
  }

  /** Inserts client and secrets; call inside a transaction with the vault unlocked. */
  insert(client: NewClient): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO clients (id, provider, connection_id, connection_label, environment, name, remote_id,
           public_id, metadata, origin, remote_created_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
    for (const [field, value] of Object.entries(client.secrets))
      this.vault.put(clientService(id), field, value);
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
    const [mainSecret] = providerClient(input.provider).secretFields;
    const id = this.db.transaction(() =>
      this.insert({
        ...input,
        metadata: {},
        origin: 'imported',
        remoteCreatedAt: null,
        secrets: { [mainSecret!.field]: input.secret },
      }),
    )();
    return this.detail(id);
  }

  setArchived(id: string, archived: boolean): ClientDetail {
    this.row(id);
    this.db.prepare('UPDATE clients SET archived_at = ? WHERE id = ?').run(archived ? this.now() : null, id);
    return this.detail(id);
  }

  /** Local only: neither provider documents a delete. */
  delete(id: string): void {
    this.row(id);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM clients WHERE id = ?').run(id);
      this.vault.remove(clientService(id));
    })();
  }

  /** The descriptor of a stored secret field, or a validation error. */
  secretField(id: string, field: string): FieldDescriptor {
    const descriptor = this.detail(id).secretFields.find((candidate) => candidate.field === field);
    if (!descriptor)
      throw new KeyholdError({
        code: 'validation',
        message: `No secret "${field}" on this client.`,
        field: 'field',
      });
    return descriptor;
  }

  async secret(id: string, field: string): Promise<string> {
    this.secretField(id, field);
    const value = await this.vault.getPassword(clientService(id), field);
    if (value === null)
      throw new KeyholdError({ code: 'not_found_local', message: 'That secret is no longer stored.' });
    return value;
  }

  /** Every stored secret of a client, in the provider's field order. */
  async secrets(id: string): Promise<{ descriptor: FieldDescriptor; value: string }[]> {
    const detail = this.detail(id);
    const stored = new Map(
      (await this.vault.findCredentials(clientService(id))).map((cred) => [cred.account, cred.password]),
    );
    return detail.secretFields.map((descriptor) => ({
      descriptor,
      value: stored.get(descriptor.field) ?? '',
    }));
  }

  private row(id: string): ClientRow {
    const row = this.db.prepare('SELECT * FROM clients WHERE id = ?').get(id) as ClientRow | undefined;
    if (!row)
      throw new KeyholdError({
        code: 'not_found_local',
        message: 'That client no longer exists in Keyhold.',
      });
    return row;
  }
}

const describe = ({ field, label, envName }: FieldDescriptor) => ({ field, label, envName });

function toSummary(row: ClientRow): ClientSummary {
  return {
    id: row.id,
    provider: row.provider,
    environment: row.environment,
    name: row.name,
    connectionId: row.connection_id,
    connectionLabel: row.connection_label,
    remoteId: row.remote_id,
    publicId: row.public_id,
    origin: row.origin,
    createdAt: row.created_at,
    archived: row.archived_at !== null,
  };
}
