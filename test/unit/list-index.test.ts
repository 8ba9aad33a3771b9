// The shared list query engine against the plainest possible oracle (filter every slot, then
// sort), on partitions big enough for every scan it has: the character masks, the per-key scan of
// a narrowed answer, and the joined-text scan it uses from 16,384 keys on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, PROVIDERS, type Environment } from '../../src/shared/domain';
import {
  ListIndex,
  NO_CONNECTION,
  PARTITION_KEYS,
  foldCase,
  partitionKey,
  searchKey,
  type ListIndexQuery,
  type Partition,
} from '../../src/shared/list-index';
import { prng } from '../../bench/dataset';

interface Client {
  name: string;
  remoteId: string;
  publicId: string;
  environment: Environment;
  archived: boolean;
  provider: number;
  connection: number;
  created: number;
}

const ALPHABET = 'abcXYZ019-_ .@%é€😀';
const CONNECTIONS = ['conn-a', 'conn-b', 'conn-c'];

function makeClients(size: number, seed: number): Client[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const text = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick([...ALPHABET])).join('');
  return Array.from({ length: size }, () => ({
    name: text(1, 12),
    remoteId: `r${text(2, 8)}`,
    publicId: text(0, 6),
    // Two partitions in three: production active holds the most, as in a real store.
    environment: random() < 0.7 ? 'production' : pick(ENVIRONMENTS),
    archived: random() < 0.1,
    provider: Math.floor(random() * PROVIDERS.length),
    connection: random() < 0.1 ? NO_CONNECTION : Math.floor(random() * CONNECTIONS.length),
    created: Math.floor(random() * size), // ties on purpose: the slot breaks them
  }));
}

/** Partitions ordered as the core's SQL does: created (ties by slot), and name (ties by slot). */
function build(clients: Client[]): ListIndex {
  const partitions = new Map<string, Partition>();
  for (const key of PARTITION_KEYS) {
    const slots = clients.map((_, slot) => slot).filter((slot) => inPartition(clients[slot]!, key));
    const byCreated = [...slots].sort((a, b) => clients[a]!.created - clients[b]!.created || a - b);
    const byName = [...slots].sort((a, b) => compareNames(clients[a]!.name, clients[b]!.name) || a - b);
    partitions.set(key, { byCreated: Int32Array.from(byCreated), byName: Int32Array.from(byName) });
  }
  return new ListIndex({
    keys: clients.map((c) => searchKey(c.name, c.remoteId, c.publicId)),
    providers: Uint8Array.from(clients, (c) => c.provider),
    connections: Int32Array.from(clients, (c) => c.connection),
    connectionCodes: new Map(CONNECTIONS.map((id, code) => [id, code])),
    partitions,
  });
}

/** Partition (environment, false) holds its active clients, (environment, true) all of them. */
const inPartition = (c: Client, key: string) =>
  key === partitionKey(c.environment, false) ? !c.archived : key === partitionKey(c.environment, true);
const compareNames = (a: string, b: string) =>
  foldCase(a) < foldCase(b) ? -1 : foldCase(a) > foldCase(b) ? 1 : 0;

/** What the query means, spelled out. */
function oracle(clients: Client[], q: ListIndexQuery) {
  const needle = foldCase(q.text);
  const provider = q.provider === null ? -1 : PROVIDERS.indexOf(q.provider);
  const connection = q.connectionId === null ? null : CONNECTIONS.indexOf(q.connectionId);
  const matches = clients
    .map((_, slot) => slot)
    .filter((slot) => {
      const c = clients[slot]!;
      if (c.environment !== q.environment || (c.archived && !q.archived)) return false;
      if (provider >= 0 && c.provider !== provider) return false;
      // An id the index does not know matches nothing (not the clients without a connection).
      if (connection !== null && (connection < 0 || c.connection !== connection)) return false;
      return [c.name, c.remoteId, c.publicId].some((field) => foldCase(field).includes(needle));
    })
    .sort((a, b) =>
      q.sort === 'created'
        ? clients[a]!.created - clients[b]!.created || a - b
        : compareNames(clients[a]!.name, clients[b]!.name) || a - b,
    );
  if (q.direction === 'desc') matches.reverse();
  return { total: matches.length, slots: matches.slice(q.offset, q.offset + q.limit) };
}

describe('ListIndex', () => {
  // 24,000 clients: production active holds ≈ 17,000, past the joined-text scan threshold.
  const clients = makeClients(24_000, 20_251_123);
  const index = build(clients);
  const someText = (c: Client, from: number, length: number) => {
    const fields = [c.name, c.remoteId, c.publicId];
    const field = fields[from % 3]!;
    return field.slice(from % Math.max(1, field.length), (from % Math.max(1, field.length)) + length);
  };

  const query = fc.record({
    environment: fc.constantFrom(...ENVIRONMENTS),
    archived: fc.boolean(),
    provider: fc.constantFrom(null, ...PROVIDERS),
    connectionId: fc.constantFrom(null, ...CONNECTIONS, 'conn-unknown'),
    text: fc.oneof(
      // Fragments of real keys, in another case: what people type.
      fc
        .tuple(fc.nat(clients.length - 1), fc.nat(40), fc.integer({ min: 1, max: 5 }), fc.boolean())
        .map(([slot, from, length, upper]) => {
          const fragment = someText(clients[slot]!, from, length);
          return upper ? fragment.toUpperCase() : fragment;
        }),
      fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 0, maxLength: 3 }),
      fc.constantFrom('', 'a', 'é', 'É', '😀', '%', '-', '_', ' ', 'zzzz'),
    ),
    sort: fc.constantFrom('created' as const, 'name' as const),
    direction: fc.constantFrom('asc' as const, 'desc' as const),
    offset: fc.oneof(fc.constant(0), fc.nat(300)),
    limit: fc.integer({ min: 1, max: 120 }),
  });

  it('answers every query as the oracle does', () => {
    fc.assert(
      fc.property(query, (q) => {
        const slice = index.query(q);
        const expected = oracle(clients, q);
        expect({ total: slice.total, slots: slice.slots }).toEqual(expected);
      }),
      { numRuns: 400, seed: 4_242 },
    );
  });

  it('answers the same when typed one character at a time (each answer narrowing the last)', () => {
    fc.assert(
      fc.property(fc.nat(clients.length - 1), fc.nat(40), fc.boolean(), (slot, from, byName) => {
        const word = someText(clients[slot]!, from, 6);
        for (let n = 1; n <= word.length; n++) {
          const q: ListIndexQuery = {
            environment: clients[slot]!.environment,
            archived: clients[slot]!.archived,
            provider: null,
            connectionId: null,
            text: word.slice(0, n),
            sort: byName ? 'name' : 'created',
            direction: 'desc',
            offset: 0,
            limit: 50,
          };
          const slice = index.query(q);
          expect({ total: slice.total, slots: slice.slots }).toEqual(oracle(clients, q));
        }
      }),
      { numRuns: 30, seed: 77 },
    );
  });

  it('counts active clients per environment', () => {
    const counts = index.counts();
    for (const environment of ENVIRONMENTS) {
      expect(counts[environment]).toBe(
        clients.filter((c) => c.environment === environment && !c.archived).length,
      );
    }
    expect(counts.production).toBeGreaterThan(16_384);
  });
});
