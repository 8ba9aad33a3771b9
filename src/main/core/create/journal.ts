import { randomUUID } from 'node:crypto';
import type { Environment, Attempt, Provider } from '../../../shared/domain';
import type { Db } from '../store/database';

interface AttemptRow {
  id: string;
  provider: Provider;
  connection_id: string | null;
  connection_label: string;
  environment: Environment;
  name: string;
  remote_id: string | null;
  state: Attempt['state'];
  error_code: string | null;
  error_message: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface AttemptStart {
  provider: Provider;
  connectionId: string;
  connectionLabel: string;
  environment: Environment;
  name: string;
  remoteId: string | null;
}

const RECOVERED_MESSAGE =
  'Keyhold stopped while this create was in flight. The client may exist at the provider without its secret.';

/** The create journal: every create attempt, written before the call; no secrets in it. */
export class CreateAttempts {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {}

  begin(attempt: AttemptStart): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO create_attempts (id, provider, connection_id, connection_label, environment, name, remote_id, state, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      )
      .run(
        id,
        attempt.provider,
        attempt.connectionId,
        attempt.connectionLabel,
        attempt.environment,
        attempt.name,
        attempt.remoteId,
        this.now(),
      );
    return id;
  }

  /** Also from unknown: a rescued client reaches the store after its attempt was flagged. */
  succeed(id: string, clientId: string): void {
    this.db
      .prepare(
        `UPDATE create_attempts SET state = 'succeeded', client_id = ?, error_code = NULL, error_message = NULL,
           finished_at = ? WHERE id = ?`,
      )
      .run(clientId, this.now(), id);
  }

  /** Records how an attempt ended; never overwrites a success (a rescued client may be stored). */
  fail(id: string, outcome: { state: 'failed' | 'unknown'; code: string; message: string }): void {
    this.db
      .prepare(
        `UPDATE create_attempts SET state = ?, error_code = ?, error_message = ?, finished_at = ?
         WHERE id = ? AND state <> 'succeeded'`,
      )
      .run(outcome.state, outcome.code, outcome.message, this.now(), id);
  }

  /**
   * The unknown attempt an attempt to create `name` (Weir) or `remoteId` (Mythic) on the same
   * connection would repeat, if any: the earlier one may have created it already.
   */
  unknownMatch(attempt: {
    provider: Provider;
    connectionId: string;
    name: string;
    remoteId: string | null;
  }): Attempt | undefined {
    const row = (
      attempt.remoteId === null
        ? this.db
            .prepare(
              `SELECT * FROM create_attempts WHERE state = 'unknown' AND provider = ? AND connection_id = ?
                 AND name = ? ORDER BY started_at DESC LIMIT 1`,
            )
            .get(attempt.provider, attempt.connectionId, attempt.name)
        : this.db
            .prepare(
              `SELECT * FROM create_attempts WHERE state = 'unknown' AND provider = ? AND connection_id = ?
                 AND remote_id = ? ORDER BY started_at DESC LIMIT 1`,
            )
            .get(attempt.provider, attempt.connectionId, attempt.remoteId)
    ) as AttemptRow | undefined;
    return row ? toAttempt(row) : undefined;
  }

  /** An unknown attempt whose client the user imported: settled, and linked to that client. */
  resolve(id: string, clientId: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE create_attempts SET state = 'dismissed', client_id = ?, finished_at = coalesce(finished_at, ?)
           WHERE id = ? AND state = 'unknown'`,
        )
        .run(clientId, this.now(), id).changes > 0
    );
  }

  get(id: string): Attempt | undefined {
    const row = this.db.prepare('SELECT * FROM create_attempts WHERE id = ?').get(id) as
      AttemptRow | undefined;
    return row ? toAttempt(row) : undefined;
  }

  /**
   * At start: attempts a crash left pending become unknown, except those whose answer is held
   * in a rescue file (`held`). Returns how many.
   */
  recoverPending(held: readonly string[] = []): number {
    return this.db
      .prepare(
        `UPDATE create_attempts SET state = 'unknown', error_code = 'internal', error_message = ?, finished_at = ?
         WHERE state = 'pending' AND id NOT IN (SELECT value FROM json_each(?))`,
      )
      .run(RECOVERED_MESSAGE, this.now(), JSON.stringify(held)).changes;
  }

  /** Attempts whose outcome the user must check at the provider. */
  listUnknown(): Attempt[] {
    const rows = this.db
      .prepare(`SELECT * FROM create_attempts WHERE state = 'unknown' ORDER BY started_at DESC`)
      .all() as AttemptRow[];
    return rows.map(toAttempt);
  }

  dismiss(id: string): boolean {
    return (
      this.db
        .prepare(`UPDATE create_attempts SET state = 'dismissed' WHERE id = ? AND state = 'unknown'`)
        .run(id).changes > 0
    );
  }
}

function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    provider: row.provider,
    connectionId: row.connection_id,
    connectionLabel: row.connection_label,
    environment: row.environment,
    name: row.name,
    remoteId: row.remote_id,
    state: row.state,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
