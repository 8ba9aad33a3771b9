// The client list as SQL: the statements that answer a list query straight from SQLite (before
// the list index is built), and the reads by rowid that fill a page or a chunk from the index.
import type { z } from 'zod';
import type { listClientsSchema } from '../../../shared/domain';
import { ftsPhrase, trigramSearchable } from './client-list-index';
import { SUMMARY_COLUMNS } from './summary-sql';

export type ListClientsQuery = z.output<typeof listClientsSchema>;

/** One statement's text and its parameters. */
export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * A page of the list and its total. Without a text query the total is a sum over the maintained
 * client_counts (`pluck`), not a count(*).
 */
export function listQuerySql(q: ListClientsQuery, text: string): { page: SqlQuery; total: SqlQuery } {
  // Archived clients are left out, or (Show archived) listed among the others.
  const where = q.archived ? ['c.environment = ?'] : ['c.environment = ?', 'c.archived = 0'];
  const params: unknown[] = [q.environment];
  // The same filter over client_counts, for totals without a text query.
  const countWhere = q.archived ? ['environment = ?'] : ['environment = ?', 'archived = 0'];
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
  if (text) {
    // LIKE's matching (case-insensitive for ASCII letters only) decides; from three characters
    // on, the trigram index (which folds all of Unicode: a superset) picks the candidates.
    if (trigramSearchable(text)) {
      where.push('c.rowid IN (SELECT rowid FROM clients_search WHERE clients_search MATCH ?)');
      params.push(ftsPhrase(text));
    }
    const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
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
  return {
    page: {
      sql: `SELECT ${SUMMARY_COLUMNS} FROM clients c WHERE ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`,
      params: [...params, q.limit, q.offset],
    },
    total: text
      ? { sql: `SELECT count(*) FROM clients c WHERE ${filter}`, params }
      : {
          sql: `SELECT coalesce(sum(n), 0) FROM client_counts WHERE ${countWhere.join(' AND ')}`,
          params: countParams,
        },
  };
}

/** Summaries of the rowids in a JSON array, in its order. */
export const BY_ROWID_SQL = `SELECT ${SUMMARY_COLUMNS} FROM json_each(?) AS j CROSS JOIN clients AS c ON c.rowid = j.value ORDER BY j.key`;

/** Summaries of the rowids from ? to ?, in rowid order: one range scan. */
export const ROWID_RANGE_SQL = `SELECT ${SUMMARY_COLUMNS} FROM clients c WHERE c.rowid BETWEEN ? AND ? ORDER BY c.rowid`;

/** Active (not archived) clients per environment, from the maintained counts. */
export const ACTIVE_COUNTS_SQL =
  'SELECT environment, sum(n) AS n FROM client_counts WHERE archived = 0 GROUP BY environment';
