// The client list in memory: what a keystroke in the search box needs at 100,000 clients.
// A substring search over name and ids cannot use a B-tree, and an exact total means visiting
// every match; SQLite takes 5–100 ms for short or common fragments at 100k, a scan over keys held
// in memory 1–3 ms. The index holds, per client, one case-folded search key and the filter
// fields, and per (environment, archived) both list orders, read from the covering list indexes.
// A selective fragment (3+ characters, few trigram matches) starts from the FTS index instead
// of scanning; typing on narrows the previous answer. The index answers for one store version
// only (client_list_version, bumped by triggers on every write to clients); Clients rebuilds it
// in the background when the version moves on.
//
// Matching is SQLite LIKE's: a substring, case-insensitive for ASCII letters only. (The FTS
// trigram index folds all of Unicode, so its matches are a superset, re-checked against the key.)
import { ENVIRONMENTS, PROVIDERS, type Environment, type Provider } from '../../../shared/domain';
import type Database from 'better-sqlite3';
import type { Db } from '../store/database';

type Statement = Database.Statement<unknown[]>;

/** Joins the searchable fields in a key; a query containing it is answered in SQL instead. */
export const FIELD_SEPARATOR = '\u001f';

export interface IndexQuery {
  environment: Environment;
  archived: boolean;
  provider: Provider | null;
  connectionId: string | null;
  /** Trimmed query; matched case-insensitively as a substring of name, remote id or public id. */
  text: string;
  sort: 'created' | 'name';
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface IndexSlice {
  total: number;
  /** Rowids of the page, in list order. */
  rowids: number[];
  /** Active (not archived) clients per environment. */
  counts: Record<Environment, number>;
}

interface Partition {
  /** Slots by (created_at, id) ascending. */
  byCreated: Int32Array;
  /** Slots by (name COLLATE NOCASE, id) ascending. */
  byName: Int32Array;
}

/** Rows read per slice of a background build (a few milliseconds each). */
const CHUNK_ROWS = 1024;
/** Rowids of one list order read per slice (from a covering index: cheap to skip). */
const CHUNK_ORDER = 8192;
const MATCH_CACHE_SIZE = 32;
/** Up to this many trigram matches, a fragment starts from the FTS index rather than a scan. */
const FTS_CANDIDATES = 4096;
/** Connection filter values: no filter, and an id the index does not know (matches nothing). */
const ANY_CONNECTION = -2;
const UNKNOWN_CONNECTION = -3;
const NO_CONNECTION = -1;

const partitionKey = (environment: Environment, archived: boolean) => `${environment}:${archived ? 1 : 0}`;

/** Case folding of keys and queries: ASCII letters only, as SQLite's LIKE. */
export const foldCase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Fragments of at least three characters (code points) can use the trigram index. */
export const trigramSearchable = (text: string) => {
  let n = 0;
  for (const _ of text) if (++n >= 3) return true;
  return false;
};

/** An FTS5 phrase matching `text` literally. */
export const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

export function listVersion(db: Db): number {
  return db.prepare('SELECT version FROM client_list_version WHERE id = 1').pluck().get() as number;
}

export class ClientListIndex {
  /** Recent match lists (slots in created order), so typing on narrows the last answer. */
  private readonly matches = new Map<string, Int32Array>();

  private readonly fts: Statement;
  /** Per slot: its partition, and its position in that partition's two orders. */
  private readonly partitionOf: Uint8Array;
  private readonly createdRank: Int32Array;
  private readonly nameRank: Int32Array;
  private readonly partitionList: Partition[];

  private constructor(
    db: Db,
    readonly version: number,
    private readonly rowids: Float64Array,
    private readonly slotOf: ReadonlyMap<number, number>,
    private readonly keys: readonly string[],
    private readonly providers: Uint8Array,
    private readonly connections: Int32Array,
    private readonly connectionCodes: ReadonlyMap<string, number>,
    private readonly partitions: ReadonlyMap<string, Partition>,
  ) {
    this.fts = db
      .prepare<unknown[]>('SELECT rowid FROM clients_search WHERE clients_search MATCH ? LIMIT ?')
      .pluck();
    this.partitionList = [...partitions.values()];
    this.partitionOf = new Uint8Array(rowids.length);
    this.createdRank = new Int32Array(rowids.length);
    this.nameRank = new Int32Array(rowids.length);
    this.partitionList.forEach((partition, code) => {
      partition.byCreated.forEach((slot, rank) => {
        this.partitionOf[slot] = code;
        this.createdRank[slot] = rank;
      });
      partition.byName.forEach((slot, rank) => (this.nameRank[slot] = rank));
    });
  }

  /**
   * Reads the store in slices of a few milliseconds (one per `next()`), so a caller can
   * interleave it with other work. Returns null if the store changed while it was read.
   */
  static *build(db: Db): Generator<void, ClientListIndex | null, void> {
    const version = listVersion(db);
    const rowids: number[] = [];
    const keys: string[] = [];
    const providers: number[] = [];
    const connections: number[] = [];
    const connectionCodes = new Map<string, number>();
    const slotOf = new Map<number, number>();
    const chunk = db
      .prepare(
        `SELECT rowid, provider, connection_id, name, remote_id, public_id FROM clients
         WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      )
      .raw();
    let after = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = chunk.all(after, CHUNK_ROWS) as [
        number,
        Provider,
        string | null,
        string,
        string,
        string,
      ][];
      for (const [rowid, provider, connectionId, name, remoteId, publicId] of rows) {
        slotOf.set(rowid, rowids.length);
        rowids.push(rowid);
        keys.push(foldCase(`${name}${FIELD_SEPARATOR}${remoteId}${FIELD_SEPARATOR}${publicId}`));
        providers.push(PROVIDERS.indexOf(provider));
        let code = NO_CONNECTION;
        if (connectionId !== null) {
          code = connectionCodes.get(connectionId) ?? connectionCodes.size;
          connectionCodes.set(connectionId, code);
        }
        connections.push(code);
      }
      if (rows.length < CHUNK_ROWS) break;
      after = rows[rows.length - 1]![0];
      yield;
    }

    const orders = {
      byCreated: db
        .prepare(
          'SELECT rowid FROM clients WHERE environment = ? AND archived = ? ORDER BY created_at, id LIMIT ? OFFSET ?',
        )
        .pluck(),
      byName: db
        .prepare(
          `SELECT rowid FROM clients WHERE environment = ? AND archived = ?
           ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
        )
        .pluck(),
    };
    const partitions = new Map<string, Partition>();
    for (const environment of ENVIRONMENTS) {
      for (const archived of [false, true]) {
        const partition: Partition = { byCreated: new Int32Array(0), byName: new Int32Array(0) };
        for (const order of ['byCreated', 'byName'] as const) {
          const slots: number[] = [];
          for (;;) {
            yield;
            const ids = orders[order].all(
              environment,
              archived ? 1 : 0,
              CHUNK_ORDER,
              slots.length,
            ) as number[];
            for (const rowid of ids) {
              const slot = slotOf.get(rowid);
              if (slot === undefined) return null; // inserted after the rows were read
              slots.push(slot);
            }
            if (ids.length < CHUNK_ORDER) break;
          }
          partition[order] = Int32Array.from(slots);
        }
        partitions.set(partitionKey(environment, archived), partition);
      }
    }
    if (listVersion(db) !== version) return null;
    return new ClientListIndex(
      db,
      version,
      Float64Array.from(rowids),
      slotOf,
      keys,
      Uint8Array.from(providers),
      Int32Array.from(connections),
      connectionCodes,
      partitions,
    );
  }

  /** Builds in one go (tests, tools). */
  static buildNow(db: Db): ClientListIndex | null {
    const steps = ClientListIndex.build(db);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  query(q: IndexQuery): IndexSlice {
    const partition = this.partition(q.environment, q.archived);
    const provider = q.provider === null ? -1 : PROVIDERS.indexOf(q.provider);
    const connection =
      q.connectionId === null
        ? ANY_CONNECTION
        : (this.connectionCodes.get(q.connectionId) ?? UNKNOWN_CONNECTION);
    const needle = foldCase(q.text);
    const filtered = needle !== '' || provider >= 0 || connection !== ANY_CONNECTION;
    const matches = filtered ? this.match(q, partition, provider, connection, needle) : null;
    const total = matches ? matches.length : partition.byCreated.length;
    const end = Math.min(total, q.offset + q.limit);
    const rowids: number[] = [];
    const asc = q.direction === 'asc';
    if (q.sort === 'created' || !matches) {
      const order = q.sort === 'created' ? (matches ?? partition.byCreated) : partition.byName;
      for (let k = q.offset; k < end; k++) rowids.push(this.rowids[order[asc ? k : total - 1 - k]!]!);
    } else if (q.offset < end && matches.length * 8 < partition.byName.length) {
      // Few matches (kept in created order): sort them by name rank.
      const byName = Int32Array.from(matches).sort((a, b) => this.nameRank[a]! - this.nameRank[b]!);
      for (let k = q.offset; k < end; k++) rowids.push(this.rowids[byName[asc ? k : total - 1 - k]!]!);
    } else if (q.offset < end) {
      // Many matches: walk the name order and keep the marked slots.
      const marked = new Uint8Array(this.rowids.length);
      for (let i = 0; i < matches.length; i++) marked[matches[i]!] = 1;
      const order = partition.byName;
      const wanted = end - q.offset;
      let seen = 0;
      for (let k = 0; k < order.length && rowids.length < wanted; k++) {
        const slot = order[asc ? k : order.length - 1 - k]!;
        if (marked[slot] && seen++ >= q.offset) rowids.push(this.rowids[slot]!);
      }
    }
    return { total, rowids, counts: this.counts() };
  }

  counts(): Record<Environment, number> {
    const counts = {} as Record<Environment, number>;
    for (const environment of ENVIRONMENTS) {
      counts[environment] = this.partition(environment, false).byCreated.length;
    }
    return counts;
  }

  private partition(environment: Environment, archived: boolean): Partition {
    return this.partitions.get(partitionKey(environment, archived))!;
  }

  /** Slots of `partition` among the trigram matches of `needle`, in created order; null if too many. */
  private ftsCandidates(needle: string, partition: Partition): Int32Array | null {
    const rowids = this.fts.all(ftsPhrase(needle), FTS_CANDIDATES + 1) as number[];
    if (rowids.length > FTS_CANDIDATES) return null;
    const code = this.partitionList.indexOf(partition);
    const slots: number[] = [];
    for (const rowid of rowids) {
      const slot = this.slotOf.get(rowid);
      if (slot !== undefined && this.partitionOf[slot] === code) slots.push(slot);
    }
    return Int32Array.from(slots).sort((a, b) => this.createdRank[a]! - this.createdRank[b]!);
  }

  /** Slots of the partition passing the filters, in created order. */
  private match(
    q: IndexQuery,
    partition: Partition,
    provider: number,
    connection: number,
    needle: string,
  ): Int32Array {
    const scope = `${partitionKey(q.environment, q.archived)}|${provider}|${connection}|`;
    const key = scope + needle;
    const cached = this.matches.get(key);
    if (cached) {
      this.matches.delete(key);
      this.matches.set(key, cached);
      return cached;
    }
    // Any earlier answer whose query is part of this one holds every match: scan only that.
    let source = partition.byCreated;
    let narrowed = false;
    for (const [other, slots] of this.matches) {
      if (
        other.startsWith(scope) &&
        needle.includes(other.slice(scope.length)) &&
        slots.length < source.length
      ) {
        source = slots;
        narrowed = true;
      }
    }
    // A selective fragment: its trigram matches (any partition, superset of ours) beat a scan.
    if (source.length > FTS_CANDIDATES && trigramSearchable(needle)) {
      const candidates = this.ftsCandidates(needle, partition);
      if (candidates) {
        source = candidates;
        narrowed = false;
      }
    }
    const out = new Int32Array(source.length);
    let n = 0;
    for (let i = 0; i < source.length; i++) {
      const slot = source[i]!;
      if (!narrowed) {
        if (provider >= 0 && this.providers[slot] !== provider) continue;
        if (connection !== ANY_CONNECTION && this.connections[slot] !== connection) continue;
      }
      if (needle && !this.keys[slot]!.includes(needle)) continue;
      out[n++] = slot;
    }
    const result = out.slice(0, n);
    this.matches.set(key, result);
    if (this.matches.size > MATCH_CACHE_SIZE) this.matches.delete(this.matches.keys().next().value!);
    return result;
  }
}
