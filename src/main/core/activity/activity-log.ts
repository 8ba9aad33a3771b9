import {
  activityEntrySchema,
  listActivitySchema,
  type ActivityAction,
  type ActivityEntry,
  type ActivityPage,
  type ListActivityInput,
} from '../../../shared/activity';
import type { CliCommand, Program } from '../../../shared/cli-access';
import type { Provider } from '../../../shared/domain';
import type { Logger } from '../ports';
import { PROVIDER_INFO } from '../../../shared/providers';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';

/** One thing that happened to a secret. Never a value: ids, names and who asked. */
export interface ActivityRecord {
  action: ActivityAction;
  clientId?: string | null;
  field?: string | null;
  format?: 'env' | 'json' | null;
  command?: CliCommand | null;
  program?: Program | null;
  asked?: readonly string[];
}

/** The log keeps this many newest entries (a CI loop calling `keyhold read` must not fill the disk). */
export const ACTIVITY_KEPT = 50_000;
/** How often, in entries written, the oldest beyond ACTIVITY_KEPT are removed. */
const PRUNE_EVERY = 500;

interface Row {
  id: number;
  at: string;
  action: ActivityAction;
  client_id: string | null;
  client_name: string | null;
  environment: string | null;
  provider: Provider | null;
  field: string | null;
  format: string | null;
  command: string | null;
  program: string | null;
  asked: string | null;
}

/**
 * The activity log in SQLite (table `activity`, migration 4). Recording never fails the action it
 * records: a store another program holds for longer than the busy timeout loses the entry, and the
 * log file says so.
 */
export class ActivityLog {
  private readonly sql: Statements;
  private written = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => string,
    private readonly logger: Logger,
    private readonly kept = ACTIVITY_KEPT,
  ) {
    this.sql = statements(db);
  }

  record(entry: ActivityRecord): void {
    this.recordAll([entry]);
  }

  /** Several entries in one transaction (a CLI request for several fields). */
  recordAll(entries: readonly ActivityRecord[]): void {
    if (entries.length === 0) return;
    try {
      const at = this.now();
      this.db.transaction(() => {
        for (const entry of entries) this.insert(at, entry);
      })();
      this.written += entries.length;
      if (this.written >= PRUNE_EVERY) this.prune();
    } catch (error) {
      this.logger.warn('activity: could not record', { actions: entries.map((e) => e.action), error });
    }
  }

  /** Newest first, a page at a time. */
  list(input: ListActivityInput): ActivityPage {
    const { clientId, before, limit } = listActivitySchema.parse(input);
    const rows = this.sql
      .prepare(
        `SELECT * FROM activity
         WHERE (@clientId IS NULL OR client_id = @clientId) AND (@before IS NULL OR id < @before)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({ clientId, before, limit: limit + 1 }) as Row[];
    const items = rows.slice(0, limit).map(toEntry);
    return { items, nextBefore: rows.length > limit ? items[items.length - 1]!.id : null };
  }

  /** Removes the oldest entries beyond the newest `kept`. */
  prune(): void {
    this.written = 0;
    this.sql.prepare('DELETE FROM activity WHERE id <= (SELECT max(id) FROM activity) - ?').run(this.kept);
  }

  private insert(at: string, entry: ActivityRecord): void {
    const client = entry.clientId
      ? (this.sql
          .prepare('SELECT name, environment, provider FROM clients WHERE id = ?')
          .get(entry.clientId) as { name: string; environment: string; provider: string } | undefined)
      : undefined;
    this.sql
      .prepare(
        `INSERT INTO activity (at, action, client_id, client_name, environment, provider, field, format,
           command, program, asked)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        entry.action,
        entry.clientId ?? null,
        client?.name ?? null,
        client?.environment ?? null,
        client?.provider ?? null,
        entry.field ?? null,
        entry.format ?? null,
        entry.command ?? null,
        entry.program ? JSON.stringify(withoutArguments(entry.program)) : null,
        entry.asked?.length ? JSON.stringify(entry.asked) : null,
      );
  }
}

function toEntry(row: Row): ActivityEntry {
  return activityEntrySchema.parse({
    id: row.id,
    at: row.at,
    action: row.action,
    clientId: row.client_id,
    clientName: row.client_name,
    environment: row.environment,
    provider: row.provider,
    field: row.field,
    fieldLabel: row.provider && row.field ? fieldLabel(row.provider, row.field) : null,
    format: row.format,
    command: row.command,
    program: row.program ? JSON.parse(row.program) : null,
    asked: row.asked ? JSON.parse(row.asked) : [],
  });
}

function fieldLabel(provider: Provider, field: string): string | null {
  const { publicFields, secretFields } = PROVIDER_INFO[provider];
  return [...publicFields, ...secretFields].find((f) => f.field === field)?.label ?? null;
}

/**
 * What the log keeps of a program: who it is (name, executable, folder, parent), never its
 * arguments, which may hold secrets no pattern recognises (the request's command and references
 * are kept on their own).
 */
function withoutArguments(program: Program): Program {
  return { ...program, args: [], parent: program.parent ? { ...program.parent, args: [] } : null };
}
