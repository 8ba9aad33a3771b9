// The client list in memory, filled from SQLite: the shared query engine (shared/list-index.ts)
// over one case-folded search key and the filter fields per client, and per environment both list
// orders of its active clients and of all of them, read from the covering list indexes. A substring search over name
// and ids cannot use a B-tree, and an exact total means visiting every match: a scan over keys
// held in memory does it many times faster than SQLite (README → Benchmarks). A selective fragment (3+ characters, few trigram matches) starts from the FTS index instead of
// scanning. The index answers for one store version only (client_list_version, bumped by
// triggers on every write to clients); Clients rebuilds it in the background when the version
// moves on. (The FTS trigram index folds all of Unicode, so its matches are a superset,
// re-checked against the key.)
import { ENVIRONMENTS, PROVIDERS, type Environment, type Provider } from '../../../shared/domain';
import {
  foldCase,
  ListIndex,
  NO_CONNECTION,
  partitionKey,
  searchKey,
  type ListIndexQuery,
  type Partition,
} from '../../../shared/list-index';
import type { Db } from '../store/database';
import { statements, type Statement } from '../store/statements';

export interface IndexSlice {
  total: number;
  /** Rowids of the page, in list order. */
  rowids: number[];
  /** Active (not archived) clients per environment. */
  counts: Record<Environment, number>;
}

/** Rows read per slice of a background build (a few milliseconds each). */
const CHUNK_ROWS = 1024;
/** Rowids of one list order read per slice (from a covering index: cheap to skip). */
const CHUNK_ORDER = 8192;
/** Up to this many trigram matches, a fragment starts from the FTS index rather than a scan. */
const FTS_CANDIDATES = 4096;

/** Fragments of at least three characters (code points) can use the trigram index. */
export const trigramSearchable = (text: string) => {
  let n = 0;
  for (const _ of text) if (++n >= 3) return true;
  return false;
};

/** An FTS5 phrase matching `text` literally. */
export const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The store version the list was last written at (bumped by triggers on every write to clients). */
export const LIST_VERSION_SQL = 'SELECT version FROM client_list_version WHERE id = 1';

export function listVersion(db: Db): number {
  return statements(db).pluck(LIST_VERSION_SQL).get() as number;
}

/** A slot with its place in a list order: the sort key (name case-folded as NOCASE does), then the id. */
interface OrderedSlot {
  slot: number;
  key: string;
  id: string;
}

/** SQLite's BINARY order of two strings: their UTF-8 bytes, i.e. their code points (not UTF-16 units). */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** Two lists, each in (key, id) order, merged into one in that order. */
function mergeOrdered(a: readonly OrderedSlot[], b: readonly OrderedSlot[]): Int32Array {
  const merged = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < merged.length; k++) {
    const takeA =
      j >= b.length ||
      (i < a.length && (compareText(a[i]!.key, b[j]!.key) || compareText(a[i]!.id, b[j]!.id)) < 0);
    merged[k] = takeA ? a[i++]!.slot : b[j++]!.slot;
  }
  return merged;
}

export class ClientListIndex {
  private readonly engine: ListIndex;
  private readonly fts: Statement;

  private constructor(
    db: Db,
    readonly version: number,
    /** Per slot, ascending: slot i is the i-th client by rowid. */
    readonly rowids: Float64Array,
    private readonly slotOf: ReadonlyMap<number, number>,
    keys: readonly string[],
    providers: Uint8Array,
    connections: Int32Array,
    /** Connection id → code; the code is the position in this map's insertion order. */
    readonly connectionCodes: ReadonlyMap<string, number>,
    /** By partitionKey. */
    readonly partitions: ReadonlyMap<string, Partition>,
  ) {
    this.fts = statements(db).pluck('SELECT rowid FROM clients_search WHERE clients_search MATCH ? LIMIT ?');
    this.engine = new ListIndex(
      { keys, providers, connections, connectionCodes, partitions },
      (needle, scanSize) => this.ftsSlots(needle, scanSize),
    );
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
        keys.push(searchKey(name, remoteId, publicId));
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

    // Each order of each (environment, archived) part, with its sort key, from the covering list
    // indexes; an environment's whole partition merges its two parts by that key.
    const orders = {
      byCreated: db
        .prepare(
          `SELECT rowid, created_at, id FROM clients WHERE environment = ? AND archived = ?
           ORDER BY created_at, id LIMIT ? OFFSET ?`,
        )
        .raw(),
      byName: db
        .prepare(
          `SELECT rowid, name, id FROM clients WHERE environment = ? AND archived = ?
           ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?`,
        )
        .raw(),
    };
    const partitions = new Map<string, Partition>();
    for (const environment of ENVIRONMENTS) {
      const active: Partition = { byCreated: new Int32Array(0), byName: new Int32Array(0) };
      const whole: Partition = { byCreated: new Int32Array(0), byName: new Int32Array(0) };
      for (const order of ['byCreated', 'byName'] as const) {
        const parts: OrderedSlot[][] = [];
        for (const archived of [0, 1]) {
          const slots: OrderedSlot[] = [];
          for (;;) {
            yield;
            const rows = orders[order].all(environment, archived, CHUNK_ORDER, slots.length) as [
              number,
              string,
              string,
            ][];
            for (const [rowid, key, id] of rows) {
              const slot = slotOf.get(rowid);
              if (slot === undefined) return null; // inserted after the rows were read
              slots.push({ slot, key: order === 'byName' ? foldCase(key) : key, id });
            }
            if (rows.length < CHUNK_ORDER) break;
          }
          parts.push(slots);
        }
        yield;
        active[order] = Int32Array.from(parts[0]!, (entry) => entry.slot);
        whole[order] = mergeOrdered(parts[0]!, parts[1]!);
      }
      partitions.set(partitionKey(environment, false), active);
      partitions.set(partitionKey(environment, true), whole);
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

  query(q: ListIndexQuery): IndexSlice {
    const slice = this.engine.query(q);
    return {
      total: slice.total,
      rowids: slice.slots.map((slot) => this.rowids[slot]!),
      counts: slice.counts,
    };
  }

  counts(): Record<Environment, number> {
    return this.engine.counts();
  }

  /** A selective fragment's trigram matches as slots; null when a scan of `scanSize` is as good. */
  private ftsSlots(needle: string, scanSize: number): number[] | null {
    if (scanSize <= FTS_CANDIDATES || !trigramSearchable(needle)) return null;
    const rowids = this.fts.all(ftsPhrase(needle), FTS_CANDIDATES + 1) as number[];
    if (rowids.length > FTS_CANDIDATES) return null;
    const slots: number[] = [];
    for (const rowid of rowids) {
      const slot = this.slotOf.get(rowid);
      if (slot !== undefined) slots.push(slot);
    }
    return slots;
  }
}
