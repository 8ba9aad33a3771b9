// The client list answered in the window: a copy of the core's list index (shared/list-index.ts)
// with the columns the list shows, loaded in chunks after the first screen. With it, a keystroke
// in the search box updates the list within the same task, so the list is painted in the same
// frame as the typed character instead of a frame or two later, after a round trip to the core
// (README.md, Benchmarks: "keystroke → list painted"). It holds what the list shows and nothing
// secret, and it is for one store version only: the clients store drops it on every refresh and
// after every call that may write, and loads it again.
import type { ClientSummary, Environment, ListIndexChunk, ListQuery } from '../../../shared/domain';
import { PROVIDERS, stripControlCharacters } from '../../../shared/domain';
import { emptyRows, LIST_COLUMNS, rowAt, type ListRows } from '../../../shared/list-columns';
import { ListIndex, PARTITION_KEYS, searchKey, type Partition } from '../../../shared/list-index';

/** Clients per getListIndex call: a short slice of work on either side at a time. */
export const LOCAL_LIST_CHUNK = 10_000;

export interface LocalPage {
  total: number;
  items: ClientSummary[];
  counts: Record<Environment, number>;
}

export class LocalList {
  private constructor(
    readonly version: number,
    private readonly rows: ListRows,
    private readonly connectionIds: readonly string[],
    private readonly index: ListIndex,
  ) {}

  /** A page of `q`, as the core's listClients would answer it. */
  page(q: ListQuery, offset: number, limit: number): LocalPage {
    const slice = this.index.query({
      ...q,
      // What the contract does to the query before the core sees it.
      text: stripControlCharacters(q.query).trim(),
      offset,
      limit,
    });
    return {
      total: slice.total,
      items: slice.slots.map((slot) => rowAt(this.rows, slot, this.connectionIds)),
      counts: slice.counts,
    };
  }

  /**
   * Loads the core's index chunk by chunk. Null when the core has not built it yet, when the
   * store changed while loading, or when `cancelled()` turns true: the caller asks again later,
   * and the list keeps asking the core meanwhile.
   */
  static async load(
    fetchChunk: (offset: number, limit: number) => Promise<ListIndexChunk | null>,
    cancelled: () => boolean,
  ): Promise<LocalList | null> {
    const chunks: ListIndexChunk[] = [];
    for (let loaded = 0, size = 1; loaded < size;) {
      const chunk = await fetchChunk(loaded, LOCAL_LIST_CHUNK);
      if (!chunk || cancelled()) return null;
      chunks.push(chunk);
      size = chunks[0]!.size;
      // Another store version, or nothing where rows should be: the store changed meanwhile.
      if (chunk.version !== chunks[0]!.version || chunk.rows.id.length === 0) break;
      loaded += chunk.rows.id.length;
    }
    return LocalList.fromChunks(chunks);
  }

  /** The list from every chunk of one index, in order; null if they do not make one whole index. */
  static fromChunks(chunks: readonly ListIndexChunk[]): LocalList | null {
    const first = chunks[0];
    if (!first) return null;
    const rows = emptyRows();
    for (const chunk of chunks) {
      if (chunk.version !== first.version || chunk.offset !== rows.id.length) return null;
      const length = chunk.rows.id.length;
      if (LIST_COLUMNS.some((column) => chunk.rows[column].length !== length)) return null;
      for (const column of LIST_COLUMNS) {
        const into = rows[column] as unknown[];
        for (const value of chunk.rows[column]) into.push(value);
      }
    }
    const partitions = toPartitions(first.orders, first.size);
    if (!partitions || rows.id.length !== first.size) return null;
    const index = new ListIndex({
      keys: rows.id.map((_, i) => searchKey(rows.name[i]!, rows.remoteId[i]!, rows.publicId[i]!)),
      providers: Uint8Array.from(rows.provider, (p) => PROVIDERS.indexOf(p)),
      connections: Int32Array.from(rows.connection),
      connectionCodes: new Map(first.connectionIds.map((id, code) => [id, code])),
      partitions,
    });
    return new LocalList(first.version, rows, first.connectionIds, index);
  }
}

/** The orders as typed arrays; null if any is missing or names a slot that does not exist. */
function toPartitions(orders: ListIndexChunk['orders'], size: number): Map<string, Partition> | null {
  if (!orders) return null;
  const partitions = new Map<string, Partition>();
  for (const key of PARTITION_KEYS) {
    const order = orders[key];
    const inRange = (slots: number[]) => slots.every((slot) => slot < size);
    if (!order || !inRange(order.byCreated) || !inRange(order.byName)) return null;
    partitions.set(key, {
      byCreated: Int32Array.from(order.byCreated),
      byName: Int32Array.from(order.byName),
    });
  }
  return partitions;
}
