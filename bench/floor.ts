// The floor: the same first screen straight from better-sqlite3 on the same file, with the least
// SQL that produces it (items, total, counts per environment), prepared once, rows left as
// better-sqlite3 returns them. Keyhold's figures are printed as a ratio to these.
import type Database from 'better-sqlite3';

type Db = Database.Database;

export interface FloorPage {
  items: unknown[];
  total: number;
  counts: Record<string, number>;
}

/** The columns a list row shows (what ClientSummary carries). */
const COLUMNS =
  'c.id, c.provider, c.environment, c.name, c.connection_id, c.connection_label, c.remote_id, c.public_id, ' +
  'c.origin, c.created_at, c.archived';
const LIMIT = 100;

const COUNTS_SQL =
  'SELECT environment, sum(n) AS n FROM client_counts WHERE archived = 0 GROUP BY environment';

function counts(statement: Database.Statement): Record<string, number> {
  return Object.fromEntries(statement.raw().all() as [string, number][]);
}

/** First screen of the production list, newest first, as the app opens. */
export function firstScreenFloor(db: Db): FloorPage {
  const items = db
    .prepare(
      `SELECT ${COLUMNS} FROM clients c WHERE c.environment = 'production' AND c.archived = 0
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${LIMIT}`,
    )
    .all();
  const byEnvironment = counts(db.prepare(COUNTS_SQL));
  return { items, total: byEnvironment.production ?? 0, counts: byEnvironment };
}

/** One search's first screen; statements are prepared once per floor. */
export class SearchFloor {
  private readonly like;
  private readonly likeCount;
  private readonly scan;
  private readonly scanCount;
  private readonly join;
  private readonly joinCount;
  private readonly counts;
  /** Per query: which of the two FTS plans is faster on this store. */
  private readonly plan = new Map<string, 'scan' | 'join'>();

  constructor(db: Db) {
    this.counts = db.prepare(COUNTS_SQL);
    const active = "c.environment = 'production' AND c.archived = 0";
    const order = `ORDER BY c.created_at DESC, c.id DESC LIMIT ${LIMIT}`;
    const likeWhere = `${active} AND (c.name LIKE @like ESCAPE '\\' OR c.remote_id LIKE @like ESCAPE '\\' OR c.public_id LIKE @like ESCAPE '\\')`;
    this.like = db.prepare(`SELECT ${COLUMNS} FROM clients c WHERE ${likeWhere} ${order}`);
    this.likeCount = db.prepare(`SELECT count(*) FROM clients c WHERE ${likeWhere}`).pluck();
    // Plan 1: walk the list index newest first, test each row against the FTS match list.
    const inWhere = `${active} AND c.rowid IN (SELECT rowid FROM clients_search WHERE clients_search MATCH ?)`;
    this.scan = db.prepare(`SELECT ${COLUMNS} FROM clients c WHERE ${inWhere} ${order}`);
    this.scanCount = db.prepare(`SELECT count(*) FROM clients c WHERE ${inWhere}`).pluck();
    // Plan 2: start from the FTS matches, look each row up, sort the survivors.
    const joined = `clients_search s CROSS JOIN clients c ON c.rowid = s.rowid WHERE clients_search MATCH ? AND ${active}`;
    this.join = db.prepare(`SELECT ${COLUMNS} FROM ${joined} ${order}`);
    this.joinCount = db.prepare(`SELECT count(*) FROM ${joined}`).pluck();
  }

  page(query: string): FloorPage {
    if (query.length < 3) {
      const like = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      return {
        items: this.like.all({ like }),
        total: this.likeCount.get({ like }) as number,
        counts: counts(this.counts),
      };
    }
    const match = `"${query.replaceAll('"', '""')}"`;
    const plan = this.plan.get(query) ?? this.choosePlan(match, query);
    const [items, count] = plan === 'scan' ? [this.scan, this.scanCount] : [this.join, this.joinCount];
    return { items: items.all(match), total: count.get(match) as number, counts: counts(this.counts) };
  }

  private choosePlan(match: string, query: string): 'scan' | 'join' {
    const cost = (items: Database.Statement, count: Database.Statement) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        items.all(match);
        count.get(match);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const plan = cost(this.scan, this.scanCount) <= cost(this.join, this.joinCount) ? 'scan' : 'join';
    this.plan.set(query, plan);
    return plan;
  }
}
