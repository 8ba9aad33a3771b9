// List and search semantics of ClientList.list, proven on all three of its paths: straight SQL (used
// before the in-memory list index is built), the list index (used once it is), and the window's
// copy of that index (renderer lib/localList.ts, loaded through getListIndex in chunks). Every
// expectation below runs on all three, and they must agree on anything else too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ClientPage,
  Environment,
  ListClientsInput,
  ListIndexChunk,
  Provider,
} from '../../src/shared/domain';
import { listClientsSchema } from '../../src/shared/domain';
import { LocalList } from '../../src/renderer/src/lib/localList';
import { ClientListIndex } from '../../src/main/core/clients/client-list-index';
import { ClientList } from '../../src/main/core/clients/client-list';
import { Clients } from '../../src/main/core/clients/clients';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import type { SafeStorage } from '../../src/main/core/ports';
import { Vault } from '../../src/main/core/vault/vault';

const plainStorage: SafeStorage = {
  backend: async () => 'test-plain',
  isAvailable: async () => true,
  encrypt: async (text) => Buffer.from(text, 'utf8'),
  decrypt: async (data) => ({ result: data.toString('utf8'), shouldReEncrypt: false }),
};

interface Fixture {
  db: Db;
  vault: Vault;
  /** created_at of the next insert. */
  clock: { at: string };
  add(client: Partial<Row> & { name: string }): string;
}

interface Row {
  provider: Provider;
  connectionId: string | null;
  environment: Environment;
  name: string;
  remoteId: string;
  publicId: string;
  origin: 'created' | 'imported';
}

const W1 = 'conn-weir-1';
const W2 = 'conn-weir-2';
const M1 = 'conn-mythic-1';

async function fixture(): Promise<Fixture> {
  const db = openDatabase(':memory:');
  const vault = new Vault(db, plainStorage, () => false);
  await vault.unlock();
  const at = '2025-01-01T00:00:00.000Z';
  for (const [id, provider] of [
    [W1, 'weir'],
    [W2, 'weir'],
    [M1, 'mythic'],
  ] as const) {
    db.prepare(
      `INSERT INTO connections (id, provider, label, base_url, token_hint, created_at, updated_at)
       VALUES (?, ?, ?, 'https://example.test', 'abcd', ?, ?)`,
    ).run(id, provider, `Label ${id}`, at, at);
  }
  const clock = { at };
  const writer = new Clients(db, vault, () => clock.at);
  let n = 0;
  return {
    db,
    vault,
    clock,
    add(client) {
      n++;
      const provider = client.provider ?? 'weir';
      return db.transaction(() =>
        writer.insert({
          provider,
          connectionId:
            client.connectionId === undefined ? (provider === 'weir' ? W1 : M1) : client.connectionId,
          connectionLabel: 'Label',
          environment: client.environment ?? 'production',
          name: client.name,
          remoteId: client.remoteId ?? `remote-${n}`,
          publicId: client.publicId ?? `public-${n}`,
          metadata: {},
          origin: client.origin ?? 'created',
          remoteCreatedAt: null,
          secrets: n % 3 === 0 ? { secret_key: `s3cret-${n}` } : {},
        }),
      )();
    },
  };
}

/** The fixture store most tests use; created_at increases down the list, except where noted. */
function seed(f: Fixture): Record<string, string> {
  const ids: Record<string, string> = {};
  const add = (key: string, at: string, client: Partial<Row> & { name: string }) => {
    f.clock.at = at;
    ids[key] = f.add(client);
  };
  add('acmeCheckout', '2025-01-01T00:00:01.000Z', {
    name: 'Acme Checkout',
    remoteId: 'cli_100200300',
    publicId: 'AbCdEfGhIjKlMnOpQrStUvWxY',
  });
  add('acmeBilling', '2025-01-01T00:00:02.000Z', {
    name: 'acme-billing-prod',
    provider: 'mythic',
    remoteId: 'acme-billing-prod-0001',
    publicId: 'pk_0123abcd',
  });
  add('globex', '2025-01-01T00:00:03.000Z', {
    name: 'Globex 100% uptime',
    remoteId: 'cli_555000111',
    publicId: 'ZZtopZZtopZZtopZZtopZZtop',
  });
  add('snake', '2025-01-01T00:00:04.000Z', {
    name: 'snake_case_bot',
    provider: 'mythic',
    remoteId: 'snake-bot-7',
    publicId: 'pk_ffff9999',
  });
  // Same created_at and (case-insensitively) the same name: only the id orders them.
  add('zebraUpper', '2025-01-01T00:00:05.000Z', { name: 'Zebra', connectionId: W2, remoteId: 'cli_999' });
  add('zebraLower', '2025-01-01T00:00:05.000Z', { name: 'zebra', provider: 'mythic', remoteId: 'zebra-2' });
  add('elan', '2025-01-01T00:00:06.000Z', { name: 'Élan Vital', remoteId: 'cli_777', origin: 'imported' });
  add('archived', '2025-01-01T00:00:07.000Z', { name: 'Archived acme', remoteId: 'cli_888' });
  add('orphan', '2025-01-01T00:00:08.000Z', { name: 'Orphan', connectionId: null, origin: 'imported' });
  add('staging', '2025-01-01T00:00:09.000Z', {
    name: 'Acme staging',
    environment: 'staging',
    connectionId: W2,
  });
  add('dev', '2025-01-01T00:00:10.000Z', {
    name: 'Dev thing',
    environment: 'development',
    provider: 'mythic',
  });
  f.db
    .prepare('UPDATE clients SET archived_at = ? WHERE id = ?')
    .run('2025-02-01T00:00:00.000Z', ids.archived);
  return ids;
}

type Mode = 'sql' | 'index' | 'window';

/** A ClientList answering on one path only; `list` fails if another path answered. */
function lister(f: Fixture, mode: Mode) {
  const clients = new ClientList(f.db, {
    listIndex: mode !== 'sql',
    schedule: () => {},
  });
  const query = vi.spyOn(ClientListIndex.prototype, 'query');
  const window = windowLister(clients);
  return {
    clients,
    list(input: Partial<ListClientsInput> = {}): ClientPage {
      if (mode === 'window') return window(input);
      if (mode === 'index') clients.warmListIndex();
      query.mockClear();
      const page = clients.list({ environment: 'production', ...input });
      expect(query).toHaveBeenCalledTimes(mode === 'index' ? 1 : 0);
      return page;
    },
  };
}

/**
 * The list as the window answers it: from its copy of the core's index, read in chunks of 4 (so
 * chunk edges fall everywhere), read again whenever the store version moves on.
 */
function windowLister(clients: ClientList) {
  let copy: LocalList | null = null;
  const chunkAt = (offset: number): ListIndexChunk => {
    const chunk = clients.listIndexChunk({ offset, limit: 4 });
    if (!chunk) throw new Error('the core has no list index');
    return chunk;
  };
  return (input: Partial<ListClientsInput>): ClientPage => {
    clients.warmListIndex();
    const first = chunkAt(0);
    if (copy?.version !== first.version) {
      const chunks = [first];
      for (let loaded = first.rows.id.length; loaded < first.size; loaded += chunks.at(-1)!.rows.id.length) {
        chunks.push(chunkAt(loaded));
      }
      copy = LocalList.fromChunks(chunks);
      if (!copy) throw new Error('the chunks do not make one index');
    }
    const q = listClientsSchema.parse({ environment: 'production', ...input });
    return { offset: q.offset, ...copy.page(q, q.offset, q.limit) };
  };
}

const names = (page: ClientPage) => page.items.map((item) => item.name);

describe.each<Mode>(['sql', 'index', 'window'])('ClientList.list (%s path)', (mode) => {
  let f: Fixture;
  let ids: Record<string, string>;
  let list: ReturnType<typeof lister>['list'];

  beforeEach(async () => {
    f = await fixture();
    ids = seed(f);
    list = lister(f, mode).list;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    f.db.close();
  });

  const search = (query: string, input: Partial<ListClientsInput> = {}) =>
    names(list({ query, sort: 'name', direction: 'asc', ...input }));

  it('lists active clients of one environment, newest first, with counts per environment', () => {
    const page = list();
    expect(names(page)).toEqual([
      'Orphan',
      'Élan Vital',
      // Same created_at: the id breaks the tie, in the list's direction.
      ...[ids.zebraUpper, ids.zebraLower]
        .sort()
        .reverse()
        .map((id) => (id === ids.zebraUpper ? 'Zebra' : 'zebra')),
      'snake_case_bot',
      'Globex 100% uptime',
      'acme-billing-prod',
      'Acme Checkout',
    ]);
    expect(page.total).toBe(8);
    expect(page.offset).toBe(0);
    expect(page.counts).toEqual({ production: 8, staging: 1, development: 1 });
    expect(page.items[0]).toMatchObject({
      id: ids.orphan,
      connectionId: null,
      origin: 'imported',
      archived: false,
    });
  });

  it('sorts by created and by name (case-insensitive), both directions, the id breaking ties', () => {
    const zebras = [ids.zebraUpper, ids.zebraLower].sort();
    const asc = names(list({ sort: 'created', direction: 'asc' }));
    expect(asc[0]).toBe('Acme Checkout');
    expect(asc.slice(4, 6)).toEqual(zebras.map((id) => (id === ids.zebraUpper ? 'Zebra' : 'zebra')));
    expect(names(list({ sort: 'created', direction: 'desc' }))).toEqual([...asc].reverse());

    const byName = names(list({ sort: 'name', direction: 'asc' }));
    expect(byName).toEqual([
      'Acme Checkout', // ' ' sorts before '-'
      'acme-billing-prod',
      'Globex 100% uptime',
      'Orphan',
      'snake_case_bot',
      ...zebras.map((id) => (id === ids.zebraUpper ? 'Zebra' : 'zebra')),
      'Élan Vital', // NOCASE folds ASCII only: 'É' sorts after every ASCII letter
    ]);
    expect(names(list({ sort: 'name', direction: 'desc' }))).toEqual([...byName].reverse());
  });

  it('finds a substring of the name, the remote id or the public id, from one character on', () => {
    expect(search('checkout')).toEqual(['Acme Checkout']);
    expect(search('CHECK')).toEqual(['Acme Checkout']); // ASCII case-insensitive
    expect(search('cli_5550')).toEqual(['Globex 100% uptime']); // remote id
    expect(search('pk_0123')).toEqual(['acme-billing-prod']); // public id
    expect(search('qrstu')).toEqual(['Acme Checkout']); // public id, other case
    expect(search('7')).toEqual(['snake_case_bot', 'Élan Vital']); // one character: snake-bot-7, cli_777
    expect(search('ff')).toEqual(['snake_case_bot']); // two characters
    expect(search('zz')).toEqual(['Globex 100% uptime']);
    expect(search('ac')).toEqual(['Acme Checkout', 'acme-billing-prod']);
    expect(search('acme')).toEqual(['Acme Checkout', 'acme-billing-prod']);
    expect(search('  acme  ')).toEqual(['Acme Checkout', 'acme-billing-prod']); // trimmed
    expect(search('nothing like it')).toEqual([]);
  });

  it('never matches across fields', () => {
    // 'Checkout' + remote id 'cli_…': the joined text would contain 'outcli'.
    expect(search('outcli')).toEqual([]);
    // The contract drops control characters (the index's field separator among them).
    expect(search('kout\u001fcli')).toEqual([]);
    expect(search('check\u0000out')).toEqual(['Acme Checkout']);
  });

  it('treats LIKE wildcards and quotes literally', () => {
    expect(search('%')).toEqual(['Globex 100% uptime']);
    expect(search('0%')).toEqual(['Globex 100% uptime']);
    expect(search('100% up')).toEqual(['Globex 100% uptime']);
    // '_' is no wildcard: 'e_b' is in snake_case_bot only, not in acme-billing ('e-b').
    expect(search('e_b')).toEqual(['snake_case_bot']);
    expect(search('e_c')).toEqual(['snake_case_bot']);
    expect(search('_')).toEqual([
      'Acme Checkout',
      'acme-billing-prod',
      'Globex 100% uptime',
      'snake_case_bot',
      'Zebra',
      'Élan Vital',
    ]);
    expect(search('\\')).toEqual([]);
    expect(search('"')).toEqual([]);
    expect(search('a"b')).toEqual([]);
  });

  it('folds case for ASCII letters only, at every query length (SQLite LIKE semantics)', () => {
    expect(search('élan')).toEqual([]);
    expect(search('é')).toEqual([]);
    expect(search('Élan')).toEqual(['Élan Vital']);
    expect(search('ÉLAN')).toEqual(['Élan Vital']);
    expect(search('É')).toEqual(['Élan Vital']);
  });

  it('filters by provider and by connection, with or without a query', () => {
    expect(names(list({ provider: 'mythic', sort: 'name', direction: 'asc' }))).toEqual([
      'acme-billing-prod',
      'snake_case_bot',
      'zebra',
    ]);
    expect(search('acme', { provider: 'weir' })).toEqual(['Acme Checkout']);
    expect(names(list({ connectionId: W2 }))).toEqual(['Zebra']);
    expect(search('a', { connectionId: W1, sort: 'created', direction: 'desc' })).toEqual([
      'Élan Vital',
      'Acme Checkout',
    ]);
    expect(list({ connectionId: W1, provider: 'mythic' }).total).toBe(0);
    expect(list({ connectionId: 'no-such-connection' })).toMatchObject({ total: 0, items: [] });
    expect(list({ provider: 'weir' }).total).toBe(5);
    expect(list({ provider: 'weir', environment: 'staging' }).total).toBe(1);
  });

  it('adds archived clients to the list only when asked, in its order, searchable, outside the counts', () => {
    expect(search('archived')).toEqual([]);
    const withArchived = list({ archived: true });
    const active = names(list());
    // Archived acme was created between Orphan and Élan Vital: it takes its place among them.
    expect(names(withArchived)).toEqual([active[0], 'Archived acme', ...active.slice(1)]);
    expect(withArchived.total).toBe(9);
    expect(withArchived.items.map((item) => item.archived)).toEqual([
      false,
      true,
      ...active.slice(1).map(() => false),
    ]);
    expect(withArchived.counts.production).toBe(8);
    expect(names(list({ archived: true, sort: 'name', direction: 'asc', limit: 3 }))).toEqual([
      'Acme Checkout',
      'acme-billing-prod',
      'Archived acme',
    ]);
    expect(search('acme', { archived: true })).toEqual([
      'Acme Checkout',
      'acme-billing-prod',
      'Archived acme',
    ]);
    expect(search('888', { archived: true })).toEqual(['Archived acme']);
    expect(list({ archived: true, provider: 'mythic' }).total).toBe(3);
    expect(list({ archived: true, environment: 'staging' }).total).toBe(1);
  });

  it('pages with offset and limit; the total counts every match', () => {
    const all = list({ sort: 'name', direction: 'asc' });
    const pages = [0, 3, 6].map((offset) => list({ sort: 'name', direction: 'asc', offset, limit: 3 }));
    expect(pages.flatMap((page) => page.items)).toEqual(all.items);
    expect(pages.map((page) => page.total)).toEqual([8, 8, 8]);
    expect(pages.map((page) => page.offset)).toEqual([0, 3, 6]);
    expect(pages[2]!.items).toHaveLength(2);
    expect(list({ offset: 50 })).toMatchObject({ total: 8, offset: 50, items: [] });
    const found = list({ query: 'a', limit: 2, offset: 1, sort: 'created', direction: 'asc' });
    expect(found.total).toBe(7); // all but Globex
    expect(names(found)).toEqual(['acme-billing-prod', 'snake_case_bot']);
  });

  it('follows every write: insert, archive, unarchive, rename, delete, connection removed', () => {
    list({ query: 'acme' }); // builds (index path) before the writes
    f.clock.at = '2025-03-01T00:00:00.000Z';
    const fresh = f.add({ name: 'Acme Fresh', provider: 'mythic' });
    expect(names(list({ query: 'acme' }))).toEqual(['Acme Fresh', 'acme-billing-prod', 'Acme Checkout']);
    expect(list().counts.production).toBe(9);

    f.db
      .prepare('UPDATE clients SET archived_at = ? WHERE id = ?')
      .run('2025-03-02T00:00:00.000Z', ids.acmeCheckout);
    expect(names(list({ query: 'acme' }))).toEqual(['Acme Fresh', 'acme-billing-prod']);
    expect(search('acme', { archived: true })).toEqual([
      'Acme Checkout',
      'Acme Fresh',
      'acme-billing-prod',
      'Archived acme',
    ]);
    expect(list().counts.production).toBe(8);
    f.db.prepare('UPDATE clients SET archived_at = NULL WHERE id = ?').run(ids.acmeCheckout);
    expect(list().counts.production).toBe(9);

    f.db.prepare('UPDATE clients SET name = ? WHERE id = ?').run('Initech', fresh);
    expect(search('acme')).toEqual(['Acme Checkout', 'acme-billing-prod']);
    expect(search('initech')).toEqual(['Initech']);

    f.db.prepare('DELETE FROM clients WHERE id = ?').run(ids.globex);
    expect(search('%')).toEqual([]);
    expect(list().counts.production).toBe(8);

    // Removing a connection keeps its clients, without a connection.
    f.db.prepare('DELETE FROM connections WHERE id = ?').run(W2);
    expect(list({ connectionId: W2 }).total).toBe(0);
    expect(list({ connectionId: W2, environment: 'staging' }).total).toBe(0);
    expect(names(list({ query: 'zebra', sort: 'name', direction: 'asc' }))).toHaveLength(2);
    expect(list({ environment: 'staging', provider: 'weir' }).total).toBe(1);
  });
});

describe.each<Mode>(['index', 'window'])('ClientList.list: the %s path agrees with SQL', (mode) => {
  it('on every combination of query, filter, sort and page', async () => {
    const f = await fixture();
    seed(f);
    const sql = lister(f, 'sql');
    const index = lister(f, mode);
    const queries = [
      '',
      'a',
      'A',
      'ac',
      'acme',
      'cli_',
      '_',
      '%',
      '7',
      'pk',
      'zebra',
      'É',
      'é',
      'Élan',
      'bot',
      'xyz',
    ];
    for (const query of queries) {
      for (const environment of ['production', 'staging'] as const) {
        for (const provider of [null, 'weir', 'mythic'] as const) {
          for (const connectionId of [null, W1, M1]) {
            for (const archived of [false, true]) {
              for (const [sort, direction] of [
                ['created', 'desc'],
                ['created', 'asc'],
                ['name', 'asc'],
                ['name', 'desc'],
              ] as const) {
                for (const [offset, limit] of [
                  [0, 100],
                  [1, 2],
                ]) {
                  const input = {
                    environment,
                    query,
                    provider,
                    connectionId,
                    archived,
                    sort,
                    direction,
                    offset,
                    limit,
                  };
                  expect(index.list(input), JSON.stringify(input)).toEqual(sql.list(input));
                }
              }
            }
          }
        }
      }
    }
    vi.restoreAllMocks();
    f.db.close();
  });

  it('on a partition large enough for the index to start from the trigram matches', async () => {
    const f = await fixture();
    seed(f);
    f.db.transaction(() => {
      for (let i = 0; i < 5000; i++) {
        f.clock.at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
        f.add({
          name: i === 4321 ? 'The needle-xyz client' : `Filler ${i % 7 === 0 ? 'Acme' : 'Corp'} ${i}`,
          provider: i % 2 ? 'weir' : 'mythic',
          remoteId: i % 2 ? `cli_${String(i).padStart(9, '0')}` : `filler-${i}`,
          publicId: `pub${i}`,
        });
      }
    })();
    const sql = lister(f, 'sql');
    const index = lister(f, mode);
    for (const query of [
      'needle-xyz',
      'NEEDLE',
      'acme',
      'acme 4',
      'cli_0000012',
      'cli',
      'pub49',
      'corp 1',
      'xyz',
      'zzz',
      'filler',
      'ler',
      'e',
    ]) {
      for (const sort of ['created', 'name'] as const) {
        const input = { query, sort, limit: 50, offset: query === 'acme' ? 100 : 0 };
        expect(index.list(input), query).toEqual(sql.list(input));
      }
    }
    expect(names(index.list({ query: 'needle-xyz' }))).toEqual(['The needle-xyz client']);
    vi.restoreAllMocks();
    f.db.close();
  });
});

describe('ClientList: the list index, built in the background', () => {
  let f: Fixture;
  const tasks: (() => void)[] = [];
  const runAll = () => {
    while (tasks.length) tasks.shift()!();
  };

  beforeEach(async () => {
    f = await fixture();
    seed(f);
    tasks.length = 0;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    if (f.db.open) f.db.close();
  });

  it('answers in SQL until the index is built, then from the index', () => {
    const query = vi.spyOn(ClientListIndex.prototype, 'query');
    const clients = new ClientList(f.db, { schedule: (task) => tasks.push(task) });
    const first = clients.list({ environment: 'production', query: 'acme' });
    expect(query).not.toHaveBeenCalled();
    expect(tasks.length).toBe(1);
    runAll();
    expect(clients.list({ environment: 'production', query: 'acme' })).toEqual(first);
    expect(query).toHaveBeenCalledTimes(1);

    // A write makes it stale: SQL answers (with the new row) and a rebuild is scheduled.
    f.add({ name: 'Acme New' });
    expect(names(clients.list({ environment: 'production', query: 'acme' }))).toContain('Acme New');
    expect(query).toHaveBeenCalledTimes(1);
    runAll();
    expect(names(clients.list({ environment: 'production', query: 'acme' }))).toContain('Acme New');
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('drops a build during which the store changed', () => {
    const query = vi.spyOn(ClientListIndex.prototype, 'query');
    const clients = new ClientList(f.db, { schedule: (task) => tasks.push(task) });
    clients.list({ environment: 'production' });
    tasks.shift()!(); // first slice read
    f.add({ name: 'Written mid-build' });
    runAll();
    const page = clients.list({ environment: 'production', query: 'mid-build' });
    expect(names(page)).toEqual(['Written mid-build']);
    expect(query).not.toHaveBeenCalled();
    runAll(); // the rebuild that list() scheduled
    expect(names(clients.list({ environment: 'production', query: 'mid-build' }))).toEqual([
      'Written mid-build',
    ]);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('gives up quietly when the store closes mid-build', () => {
    const clients = new ClientList(f.db, { schedule: (task) => tasks.push(task) });
    clients.list({ environment: 'production' });
    f.db.close();
    expect(() => runAll()).not.toThrow();
  });
});
