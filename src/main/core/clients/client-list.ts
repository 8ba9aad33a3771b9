// The client list: from the in-memory list index once it is built (background-list-index.ts),
// straight from SQLite until then (list-sql.ts), and the index's copy for the window
// (list-chunk.ts). Both paths answer every query alike (test/unit/clients-search.test.ts).
import type {
  ClientPage,
  ClientSummary,
  Environment,
  ListClientsInput,
  ListIndexChunk,
} from '../../../shared/domain';
import { ENVIRONMENTS, listClientsSchema, listIndexRequestSchema } from '../../../shared/domain';
import type { Db } from '../store/database';
import { statements, type Statements } from '../store/statements';
import { BackgroundListIndex, type ListIndexOptions } from './background-list-index';
import { listIndexChunk } from './list-chunk';
import {
  ACTIVE_COUNTS_SQL,
  BY_ROWID_SQL,
  listQuerySql,
  ROWID_RANGE_SQL,
  type ListClientsQuery,
} from './list-sql';
import { toSummary, type SummaryRow } from './summary-sql';

export class ClientList {
  private readonly index: BackgroundListIndex;
  private readonly sql: Statements;

  constructor(db: Db, options: ListIndexOptions = {}) {
    this.index = new BackgroundListIndex(db, options);
    this.sql = statements(db);
  }

  list(input: ListClientsInput): ClientPage {
    const q = listClientsSchema.parse(input);
    const text = q.query.trim();
    const index = this.index.current();
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
    const index = this.index.current();
    if (!index) return null;
    return listIndexChunk(
      index,
      offset,
      limit,
      (from, to) => this.sql.prepare(ROWID_RANGE_SQL).all(from, to) as SummaryRow[],
    );
  }

  /** Active (not archived) clients per environment. */
  counts(): Record<Environment, number> {
    const counts = Object.fromEntries(ENVIRONMENTS.map((env) => [env, 0])) as Record<Environment, number>;
    const rows = this.sql.prepare(ACTIVE_COUNTS_SQL).all() as { environment: Environment; n: number }[];
    for (const row of rows) counts[row.environment] = row.n;
    return counts;
  }

  /** Builds the list index now rather than in the background (tests, benchmarks). */
  warmListIndex(): void {
    this.index.warm();
  }

  /** The list straight from SQLite: before the list index is ready, and for odd queries. */
  private listInSql(q: ListClientsQuery, text: string): ClientPage {
    const { page, total } = listQuerySql(q, text);
    const items = this.sql.prepare(page.sql).all(...page.params) as SummaryRow[];
    return {
      total: this.sql.pluck(total.sql).get(...total.params) as number,
      offset: q.offset,
      items: items.map(toSummary),
      counts: this.counts(),
    };
  }

  /** Rows by rowid, in the given order. */
  private byRowid(rowids: readonly number[]): ClientSummary[] {
    if (rowids.length === 0) return [];
    const rows = this.sql.prepare(BY_ROWID_SQL).all(JSON.stringify(rowids)) as SummaryRow[];
    return rows.map(toSummary);
  }
}
