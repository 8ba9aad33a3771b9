import { randomUUID } from 'node:crypto';
import type { ClientDetail, Environment, FieldDescriptor, Provider } from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';
import type { Sealed } from '../vault/envelope';
import type { Vault } from '../vault/vault';
import { refuseSameClient } from './same-client';
import { DETAIL_COLUMNS, toSummary, type ClientRow } from './summary-sql';

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

/** Client records in SQLite, their secrets in the vault under `client:<id>` (the list: client-list.ts). */
export class Clients {
  private readonly sql: Statements;

  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly now: () => string,
  ) {
    this.sql = statements(db);
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
    return this.sql.pluck('SELECT 1 FROM clients WHERE id = ?').get(id) !== undefined;
  }

  /** Inserts a sealed client; call inside a transaction. */
  insertSealed(client: SealedClient): string {
    const { id } = client;
    this.sql
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
    this.sql.prepare('UPDATE clients SET archived_at = ? WHERE id = ?').run(archived ? this.now() : null, id);
    return this.detail(id);
  }

  /** Local only: neither provider documents a delete. */
  delete(id: string): void {
    this.row(id);
    this.db.transaction(() => {
      this.sql.prepare('DELETE FROM clients WHERE id = ?').run(id);
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
    const row = this.sql.prepare(`SELECT ${DETAIL_COLUMNS} FROM clients c WHERE c.id = ?`).get(id) as
      ClientRow | undefined;
    if (!row)
      throw new KeyholdError({
        code: 'not_found_local',
        message: 'That client no longer exists in Keyhold.',
      });
    return row;
  }
}
