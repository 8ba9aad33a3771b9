import { randomUUID } from 'node:crypto';
import {
  movesToAnotherOrigin,
  TOKEN_FOR_NEW_ORIGIN,
  type Connection,
  type Provider,
} from '../../../shared/domain';
import { KeyholdError } from '../../../shared/errors';
import { baseUrlProblem, PROVIDER_INFO } from '../../../shared/providers';
import type { ProviderConnection } from '../providers/types';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';
import type { Vault } from '../vault/vault';

interface ConnectionRow {
  id: string;
  provider: Provider;
  label: string;
  base_url: string;
  token_hint: string;
  created_at: string;
  client_count: number;
}

/** The vault service (keytar's word) a connection's token is kept under. */
export const connectionSecretsKey = (id: string) => `connection:${id}`;
export const TOKEN_ACCOUNT = 'token';

/** Last four characters of a long token: enough to tell tokens apart; nothing of a short one. */
export const hintOf = (token: string) => (token.length >= 12 ? token.slice(-4) : '');

/** Provider accounts: metadata in SQLite, the token in the vault (never returned to the renderer). */
export class Connections {
  private readonly sql: Statements;
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly now: () => string,
  ) {
    this.sql = statements(db);
  }

  list(): Connection[] {
    return (this.sql.prepare(`${SELECT} ORDER BY c.label COLLATE NOCASE`).all() as ConnectionRow[]).map(
      toConnection,
    );
  }

  has(id: string): boolean {
    return this.sql.prepare('SELECT 1 FROM connections WHERE id = ?').get(id) !== undefined;
  }

  get(id: string): Connection {
    const row = this.sql.prepare(`${SELECT} WHERE c.id = ?`).get(id) as ConnectionRow | undefined;
    if (!row)
      throw new KeyholdError({ code: 'not_found_local', message: 'That connection no longer exists.' });
    return toConnection(row);
  }

  async add(input: {
    provider: Provider;
    label: string;
    baseUrl: string;
    token: string;
  }): Promise<Connection> {
    await this.vault.ensureWritable();
    const id = randomUUID();
    const at = this.now();
    this.db.transaction(() => {
      this.sql
        .prepare(
          `INSERT INTO connections (id, provider, label, base_url, token_hint, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.provider, input.label, input.baseUrl, hintOf(input.token), at, at);
      this.vault.put(connectionSecretsKey(id), TOKEN_ACCOUNT, input.token);
    })();
    return this.get(id);
  }

  async update(input: { id: string; label?: string; baseUrl?: string; token?: string }): Promise<Connection> {
    this.get(input.id);
    if (input.token !== undefined) await this.vault.ensureWritable();
    this.db.transaction(() => {
      const current = this.get(input.id);
      checkTokenOrigin(current, input);
      checkBasePath(current.provider, input.baseUrl);
      // coalesce: only the given fields change, whatever another update did meanwhile.
      this.sql
        .prepare(
          `UPDATE connections SET label = coalesce(?, label), base_url = coalesce(?, base_url),
             token_hint = coalesce(?, token_hint), updated_at = ? WHERE id = ?`,
        )
        .run(
          input.label ?? null,
          input.baseUrl ?? null,
          input.token !== undefined ? hintOf(input.token) : null,
          this.now(),
          input.id,
        );
      if (input.label !== undefined) {
        this.sql
          .prepare('UPDATE clients SET connection_label = ? WHERE connection_id = ?')
          .run(input.label, input.id);
      }
      if (input.token !== undefined)
        this.vault.put(connectionSecretsKey(input.id), TOKEN_ACCOUNT, input.token);
    })();
    return this.get(input.id);
  }

  /** Clients of a removed connection stay, labelled with its name; they still exist at the provider. */
  remove(id: string): void {
    this.get(id);
    this.db.transaction(() => {
      this.sql.prepare('DELETE FROM connections WHERE id = ?').run(id);
      this.vault.remove(connectionSecretsKey(id));
    })();
  }

  /** Base URL and token for a provider call. */
  async credentials(id: string): Promise<ProviderConnection & { connection: Connection }> {
    const connection = this.get(id);
    const token = await this.vault.getPassword(connectionSecretsKey(id), TOKEN_ACCOUNT);
    if (!token) {
      throw new KeyholdError({
        code: 'auth',
        message: `The token of “${connection.label}” is missing from the vault. Enter it again in Settings → Connections.`,
      });
    }
    return { baseUrl: connection.baseUrl, token, label: connection.label, connection };
  }
}

/** A create or an import names a connection of its own provider; anything else is refused first. */
export function checkProvider(connection: Connection, provider: Provider): void {
  if (connection.provider === provider) return;
  throw new KeyholdError({
    code: 'validation',
    field: 'connectionId',
    message: `“${connection.label}” is a ${PROVIDER_INFO[connection.provider].label} connection, not ${PROVIDER_INFO[provider].label}.`,
  });
}

/**
 * A stored token goes only to the origin it was entered for: a change of base URL to another
 * origin keeps it there only when it brings a token of its own (the edit form, a restore).
 */
export function keepsTokenOrigin(
  baseUrl: string,
  change: { baseUrl?: string; token?: string | null },
): boolean {
  if (change.baseUrl === undefined || (change.token !== undefined && change.token !== null)) return true;
  return !movesToAnotherOrigin(baseUrl, change.baseUrl);
}

function checkTokenOrigin(current: Connection, input: { baseUrl?: string; token?: string }): void {
  if (keepsTokenOrigin(current.baseUrl, input)) return;
  throw new KeyholdError({ code: 'validation', field: 'token', message: TOKEN_FOR_NEW_ORIGIN });
}

/** The base URL's path fits the provider (the add's schema checks the same; an update has no provider). */
function checkBasePath(provider: Provider, baseUrl: string | undefined): void {
  const problem = baseUrl === undefined ? null : baseUrlProblem(provider, baseUrl);
  if (problem) throw new KeyholdError({ code: 'validation', field: 'baseUrl', message: problem.message });
}

// client_counts is kept by triggers: no scan of clients per connection.
const SELECT = `SELECT c.id, c.provider, c.label, c.base_url, c.token_hint, c.created_at,
    coalesce((SELECT sum(n) FROM client_counts WHERE connection_key = c.id), 0) AS client_count
  FROM connections c`;

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    baseUrl: row.base_url,
    tokenHint: row.token_hint,
    clientCount: row.client_count,
    createdAt: row.created_at,
  };
}
