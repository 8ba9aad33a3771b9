// The client list's query engine over columns held in memory: what a keystroke in the search box
// needs at 100,000 clients. Per client (a "slot") it holds one case-folded search key and the
// filter fields; per environment both list orders of its active clients and of all its clients
// (archived ones added: what "Show archived" lists). The core fills it from SQLite
// (main/core/clients/client-list-index.ts) and the renderer from the copy the core sends it
// (renderer lib/localList.ts), so both answer a query the same way, from the same code.
//
// Matching is SQLite LIKE's: a substring, case-insensitive for ASCII letters only. Typing on
// narrows the previous answer: a query containing an earlier one scans only that one's matches.
// No Node and no electron: importable from the core and the renderer alike.
import { ENVIRONMENTS, PROVIDERS, type Environment, type ListQuery } from './domain';

/** Joins the searchable fields in a key; no query can hold it (the contract strips controls). */
export const FIELD_SEPARATOR = '\u001f';

/** Case folding of keys and queries: ASCII letters only, as SQLite's LIKE. */
export const foldCase = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** What a query is matched against: name, remote id and public id. */
export const searchKey = (name: string, remoteId: string, publicId: string) =>
  foldCase(`${name}${FIELD_SEPARATOR}${remoteId}${FIELD_SEPARATOR}${publicId}`);

/** The partition of an environment's active clients, or (`archived`) of all of them, archived ones too. */
export const partitionKey = (environment: Environment, archived: boolean) =>
  `${environment}:${archived ? 1 : 0}`;

/** Every partition key, in one fixed order. */
export const PARTITION_KEYS = ENVIRONMENTS.flatMap((environment) =>
  [false, true].map((archived) => partitionKey(environment, archived)),
);

export interface Partition {
  /** Slots by (created_at, id) ascending. */
  byCreated: Int32Array;
  /** Slots by (name COLLATE NOCASE, id) ascending. */
  byName: Int32Array;
}

export interface ListColumns {
  /** Per slot: searchKey(name, remoteId, publicId). */
  keys: readonly string[];
  /** Per slot: index in PROVIDERS. */
  providers: Uint8Array;
  /** Per slot: connection code, or NO_CONNECTION. */
  connections: Int32Array;
  /** Connection id → code. */
  connectionCodes: ReadonlyMap<string, number>;
  /** By partitionKey, every one of PARTITION_KEYS. */
  partitions: ReadonlyMap<string, Partition>;
}

/**
 * Which characters a key holds, as a 64-bit mask in two words: a key can contain a needle only if
 * it holds all the needle's characters, and two AND operations cost far less than includes().
 * Letters (folded), digits and - _ space . @ each have a bit; everything else shares one.
 */
const OTHER_BIT = 41;
const SEPARATOR_CODE = FIELD_SEPARATOR.charCodeAt(0);
const PUNCTUATION = [45, 95, 32, 46, 64]; // - _ space . @
function charBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97; // a-z
  if (code >= 48 && code <= 57) return code - 48 + 26; // 0-9
  const punctuation = PUNCTUATION.indexOf(code);
  return punctuation >= 0 ? 36 + punctuation : OTHER_BIT;
}

/** The character mask of `text` (separators left out), as [low 32 bits, high bits]. */
function charMask(text: string): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === SEPARATOR_CODE) continue; // never in a needle
    const bit = charBit(code);
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low >>> 0, high];
}

export const NO_CONNECTION = -1;
/** Connection filter values: no filter, and an id the index does not know (matches nothing). */
const ANY_CONNECTION = -2;
const UNKNOWN_CONNECTION = -3;
const MATCH_CACHE_SIZE = 32;
/** From this many keys to scan on, a fragment of 2+ characters is looked for in the joined text. */
const TEXT_SCAN_FROM = 16_384;
/** Between keys in the joined text: a control character, which no query holds. */
const KEY_SEPARATOR = '\u001e';

/** A list query with its text as the engine takes it, and the page wanted. */
export interface ListIndexQuery extends Omit<ListQuery, 'query'> {
  /** Trimmed query; matched case-insensitively as a substring of name, remote id or public id. */
  text: string;
  offset: number;
  limit: number;
}

export interface ListSlice {
  total: number;
  /** Slots of the page, in list order. */
  slots: number[];
  /** Active (not archived) clients per environment. */
  counts: Record<Environment, number>;
}

/**
 * Slots that may hold `needle` (any partition, any order; a superset is fine), or null when
 * scanning `scanSize` keys is as good. The core answers from its FTS trigram index.
 */
export type CandidateSlots = (needle: string, scanSize: number) => ArrayLike<number> | null;

export class ListIndex {
  /** Recent match lists (slots in created order), so typing on narrows the last answer. */
  private readonly matches = new Map<string, Int32Array>();
  /**
   * Per slot: the partitions holding it (a bit per position in PARTITION_KEYS), and its position
   * in the two orders of its environment's whole partition. An active-only partition is a
   * subsequence of the whole one (same order), so those ranks order it as well.
   */
  private readonly partitionBits: Uint8Array;
  private readonly createdRank: Int32Array;
  private readonly nameRank: Int32Array;
  private readonly partitionList: Partition[];
  /** Per partition, built on first use: its keys joined (scanText). */
  private readonly texts = new Map<Partition, { text: string; starts: Int32Array }>();
  /** Room for any match list while it is being collected (kept: a keystroke allocates only its answer). */
  private readonly scratch: Int32Array;
  /** Per slot: charMask of its key. */
  private readonly maskLow: Uint32Array;
  private readonly maskHigh: Uint32Array;

  constructor(
    private readonly columns: ListColumns,
    private readonly candidates: CandidateSlots = () => null,
  ) {
    const size = columns.keys.length;
    this.partitionList = PARTITION_KEYS.map((key) => columns.partitions.get(key)!);
    this.partitionBits = new Uint8Array(size);
    this.createdRank = new Int32Array(size);
    this.nameRank = new Int32Array(size);
    this.scratch = new Int32Array(size);
    this.maskLow = new Uint32Array(size);
    this.maskHigh = new Uint32Array(size);
    columns.keys.forEach((key, slot) => {
      [this.maskLow[slot], this.maskHigh[slot]] = charMask(key);
    });
    this.partitionList.forEach((partition, code) => {
      partition.byCreated.forEach((slot) => (this.partitionBits[slot]! |= 1 << code));
    });
    for (const environment of ENVIRONMENTS) {
      const whole = this.partition(environment, true);
      whole.byCreated.forEach((slot, rank) => (this.createdRank[slot] = rank));
      whole.byName.forEach((slot, rank) => (this.nameRank[slot] = rank));
    }
  }

  get size(): number {
    return this.columns.keys.length;
  }

  query(q: ListIndexQuery): ListSlice {
    const partition = this.partition(q.environment, q.archived);
    const provider = q.provider === null ? -1 : PROVIDERS.indexOf(q.provider);
    const connection =
      q.connectionId === null
        ? ANY_CONNECTION
        : (this.columns.connectionCodes.get(q.connectionId) ?? UNKNOWN_CONNECTION);
    const needle = foldCase(q.text);
    const filtered = needle !== '' || provider >= 0 || connection !== ANY_CONNECTION;
    const matches = filtered ? this.match(q, partition, provider, connection, needle) : null;
    const total = matches ? matches.length : partition.byCreated.length;
    const end = Math.min(total, q.offset + q.limit);
    const slots: number[] = [];
    const asc = q.direction === 'asc';
    if (q.sort === 'created' || !matches) {
      const order = q.sort === 'created' ? (matches ?? partition.byCreated) : partition.byName;
      for (let k = q.offset; k < end; k++) slots.push(order[asc ? k : total - 1 - k]!);
    } else if (q.offset < end && matches.length * 8 < partition.byName.length) {
      // Few matches (kept in created order): sort them by name rank.
      const byName = Int32Array.from(matches).sort((a, b) => this.nameRank[a]! - this.nameRank[b]!);
      for (let k = q.offset; k < end; k++) slots.push(byName[asc ? k : total - 1 - k]!);
    } else if (q.offset < end) {
      // Many matches: walk the name order and keep the marked slots.
      const marked = new Uint8Array(this.size);
      for (let i = 0; i < matches.length; i++) marked[matches[i]!] = 1;
      const order = partition.byName;
      const wanted = end - q.offset;
      let seen = 0;
      for (let k = 0; k < order.length && slots.length < wanted; k++) {
        const slot = order[asc ? k : order.length - 1 - k]!;
        if (marked[slot] && seen++ >= q.offset) slots.push(slot);
      }
    }
    return { total, slots, counts: this.counts() };
  }

  counts(): Record<Environment, number> {
    const counts = {} as Record<Environment, number>;
    for (const environment of ENVIRONMENTS) {
      counts[environment] = this.partition(environment, false).byCreated.length;
    }
    return counts;
  }

  private partition(environment: Environment, archived: boolean): Partition {
    return this.columns.partitions.get(partitionKey(environment, archived))!;
  }

  /** Candidate slots of `partition`, in created order; null if there is no narrower source. */
  private candidatesIn(needle: string, partition: Partition, scanSize: number): Int32Array | null {
    const found = this.candidates(needle, scanSize);
    if (!found) return null;
    const bit = 1 << this.partitionList.indexOf(partition);
    const slots: number[] = [];
    for (let i = 0; i < found.length; i++) {
      if (this.partitionBits[found[i]!]! & bit) slots.push(found[i]!);
    }
    return Int32Array.from(slots).sort((a, b) => this.createdRank[a]! - this.createdRank[b]!);
  }

  /** Slots of the partition passing the filters, in created order. */
  private match(
    q: ListIndexQuery,
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
    const candidates = needle ? this.candidatesIn(needle, partition, source.length) : null;
    if (candidates) {
      source = candidates;
      narrowed = false;
    }
    const { providers, connections } = this.columns;
    const keep = (slot: number) =>
      narrowed ||
      ((provider < 0 || providers[slot] === provider) &&
        (connection === ANY_CONNECTION || connections[slot] === connection));
    const result =
      needle.length > 1 && source.length > TEXT_SCAN_FROM
        ? this.scanText(partition, needle, keep)
        : this.scanKeys(source, needle, keep);
    this.matches.set(key, result);
    if (this.matches.size > MATCH_CACHE_SIZE) this.matches.delete(this.matches.keys().next().value!);
    return result;
  }

  /** The slots of `source` (in its order) whose key holds `needle` and that `keep` keeps. */
  private scanKeys(source: Int32Array, needle: string, keep: (slot: number) => boolean): Int32Array {
    const { keys } = this.columns;
    const { maskLow, maskHigh } = this;
    const [low, high] = charMask(needle);
    // One character with a bit of its own: holding it is containing the needle.
    const maskDecides = needle.length === 1 && charBit(needle.charCodeAt(0)) !== OTHER_BIT;
    const out = this.scratch;
    let n = 0;
    for (let i = 0; i < source.length; i++) {
      const slot = source[i]!;
      if (!keep(slot)) continue;
      if (needle) {
        if ((maskLow[slot]! & low) >>> 0 !== low || (maskHigh[slot]! & high) !== high) continue;
        if (!maskDecides && !keys[slot]!.includes(needle)) continue;
      }
      out[n++] = slot;
    }
    return out.slice(0, n);
  }

  /**
   * The same over a whole partition, searching its keys joined in one string: indexOf jumps from
   * match to match through memory it reads in order, where includes() on each of tens of thousands
   * of separate strings pays for each string. Matches come in created order.
   */
  private scanText(partition: Partition, needle: string, keep: (slot: number) => boolean): Int32Array {
    const { text, starts } = this.joined(partition);
    const order = partition.byCreated;
    const out = this.scratch;
    let n = 0;
    let rank = 0;
    let from = 0;
    for (;;) {
      const hit = text.indexOf(needle, from);
      if (hit < 0) break;
      // The key holding the hit: the last whose start is at or before it (hits only move on).
      let high = starts.length - 1;
      while (rank < high) {
        const mid = (rank + high + 1) >>> 1;
        if (starts[mid]! <= hit) rank = mid;
        else high = mid - 1;
      }
      const slot = order[rank]!;
      if (keep(slot)) out[n++] = slot;
      if (++rank >= starts.length) break;
      from = starts[rank]!;
    }
    return out.slice(0, n);
  }

  /** A partition's keys in created order, joined by KEY_SEPARATOR, and where each starts. */
  private joined(partition: Partition): { text: string; starts: Int32Array } {
    let joined = this.texts.get(partition);
    if (!joined) {
      const { keys } = this.columns;
      const starts = new Int32Array(partition.byCreated.length);
      const parts: string[] = [];
      let offset = 0;
      partition.byCreated.forEach((slot, rank) => {
        starts[rank] = offset;
        parts.push(keys[slot]!);
        offset += keys[slot]!.length + 1;
      });
      joined = { text: parts.join(KEY_SEPARATOR), starts };
      this.texts.set(partition, joined);
    }
    return joined;
  }
}
