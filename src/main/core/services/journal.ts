import { randomUUID } from 'node:crypto';
import type { Environment, Operation, Provider } from '../../../shared/domain';
import type { KeyholdErrorData } from '../../../shared/errors';
import type { Db } from '../store/database';

interface OperationRow {
  id: string;
  provider: Provider;
  connection_id: string | null;
  connection_label: string;
  environment: Environment;
  name: string;
  state: Operation['state'];
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

/** The create journal: every attempt is written before the call; no secrets in it. */
export class Journal {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {}

  begin(attempt: AttemptStart): string {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO operations (id, provider, connection_id, connection_label, environment, name, remote_id, state, started_at)
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

  succeed(id: string, clientId: string): void {
    this.db
      .prepare(`UPDATE operations SET state = 'succeeded', client_id = ?, finished_at = ? WHERE id = ?`)
      .run(clientId, this.now(), id);
  }

  fail(id: string, error: KeyholdErrorData): void {
    this.db
      .prepare(
        `UPDATE operations SET state = ?, error_code = ?, error_message = ?, finished_at = ? WHERE id = ?`,
      )
      .run(error.outcomeUnknown ? 'unknown' : 'failed', error.code, error.message, this.now(), id);
  }

  /** At start: attempts a crash left pending become unknown. Returns how many. */
  recoverPending(): number {
    return this.db
      .prepare(
        `UPDATE operations SET state = 'unknown', error_code = 'internal', error_message = ?, finished_at = ?
         WHERE state = 'pending'`,
      )
      .run(RECOVERED_MESSAGE, this.now()).changes;
  }

  /** Attempts whose outcome the user must check at the provider. */
  listUnknown(): Operation[] {
    const rows = this.db
      .prepare(`SELECT * FROM operations WHERE state = 'unknown' ORDER BY started_at DESC`)
      .all() as OperationRow[];
    return rows.map(toOperation);
  }

  dismiss(id: string): boolean {
    return (
      this.db.prepare(`UPDATE operations SET state = 'dismissed' WHERE id = ? AND state = 'unknown'`).run(id)
        .changes > 0
    );
  }
}

function toOperation(row: OperationRow): Operation {
  return {
    id: row.id,
    provider: row.provider,
    connectionId: row.connection_id,
    connectionLabel: row.connection_label,
    environment: row.environment,
    name: row.name,
    state: row.state,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
