// The search figure, in the core: Clients.list with a query, to its first screen (100 rows, total,
// counts), against the floor (better-sqlite3 alone, see floor.ts) on the same file.
import Database from 'better-sqlite3';
import { Clients } from '../src/main/core/clients/clients';
import { openDatabase } from '../src/main/core/store/database';
import { Vault } from '../src/main/core/vault/vault';
import { prng, type Dataset } from './dataset';
import { SearchFloor } from './floor';
import { BenchSafeStorage } from './safe-storage';
import { summarize, time, type Summary } from './stats';

export interface QueryClass {
  label: string;
  queries: string[];
}

export interface ClassResult {
  label: string;
  queries: string[];
  core: Summary;
  floor: Summary;
  /** The same queries with the list index off: what a search costs before it is built. */
  sqlPath: Summary;
}

export interface CoreSearchResult {
  classes: ClassResult[];
  /** Realistic words typed one character at a time (each keystroke narrows the last answer). */
  asTyped: Summary;
  /** Time to build the in-memory list index (done in the background after the first screen). */
  indexBuild: Summary;
}

const ONE_CHAR = 'aeiorstnlcmdpgbhkuy159_w-';

/** Realistic queries of each length, drawn from the store's own names and ids. */
export function queryClasses(dataset: Dataset, perClass: number): QueryClass[] {
  const random = prng(dataset.size);
  const names = dataset.samples.map((s) => s.name.toLowerCase());
  const fragments = (sources: string[], length: number, accept: (s: string) => boolean) => {
    const out = new Set<string>();
    for (let tries = 0; out.size < perClass && tries < 100_000; tries++) {
      const source = sources[Math.floor(random() * sources.length)]!;
      if (source.length < length) continue;
      const at = Math.floor(random() * (source.length - length + 1));
      const fragment = source.slice(at, at + length);
      if (accept(fragment)) out.add(fragment);
    }
    return [...out];
  };
  const word = (s: string) => s.trim() === s && !s.includes('  ');
  const ids = dataset.samples.flatMap((s) => [s.remoteId.toLowerCase(), s.publicId.toLowerCase()]);
  return [
    { label: '1 char', queries: [...ONE_CHAR].slice(0, perClass) },
    { label: '2 chars', queries: fragments(names, 2, word) },
    { label: '3 chars', queries: fragments(names, 3, word) },
    { label: '5 chars', queries: fragments(names, 5, word) },
    { label: 'id fragment', queries: fragments(ids, 5, (s) => /^[a-z0-9_-]+$/.test(s)) },
  ];
}

/** Words a user types, one prefix per keystroke. */
export function typedWords(dataset: Dataset, count: number): string[] {
  const random = prng(dataset.size + 1);
  const words = new Set<string>();
  for (const sample of dataset.samples) {
    if (words.size >= count) break;
    const first = sample.name.toLowerCase().split(/[\s-]/)[0]!;
    if (first.length >= 4) words.add(first.slice(0, 4 + Math.floor(random() * 3)));
    const digits = /\d{4,}/.exec(sample.remoteId)?.[0];
    if (digits && words.size < count) words.add(digits.slice(0, 4));
  }
  return [...words].slice(0, count);
}

export function measureCoreSearch(dataset: Dataset, passes: number, perClass: number): CoreSearchResult {
  const db = openDatabase(dataset.file);
  const vault = new Vault(db, new BenchSafeStorage(), () => false);
  const noBackground = { schedule: () => {} };
  const clients = new Clients(db, vault, () => new Date().toISOString(), noBackground);
  const sqlOnly = new Clients(db, vault, () => new Date().toISOString(), { listIndex: false });
  const floorDb = new Database(dataset.file);
  const floor = new SearchFloor(floorDb);
  // Every change to clients bumps this; the list index then rebuilds (and forgets cached matches).
  const invalidate = () => db.exec('UPDATE client_list_version SET version = version + 1');
  const list = (on: Clients, query: string) => on.list({ environment: 'production', query, limit: 100 });

  const build: number[] = [];
  const classes = queryClasses(dataset, perClass).map((cls): ClassResult => {
    const core: number[] = [];
    const floorTimes: number[] = [];
    const sqlPath: number[] = [];
    for (const query of cls.queries) {
      // Warm-ups: the floor picks its faster plan, both paths agree on the answer.
      const expected = list(sqlOnly, query).total;
      if (floor.page(query).total !== expected) throw new Error(`floor disagrees on "${query}"`);
    }
    for (let pass = 0; pass < passes; pass++) {
      // A fresh index per pass: no query is answered from an earlier, related one.
      invalidate();
      build.push(time(() => clients.warmListIndex()));
      for (const query of cls.queries) core.push(time(() => list(clients, query)));
      for (const query of cls.queries) floorTimes.push(time(() => floor.page(query)));
    }
    for (const query of cls.queries) sqlPath.push(time(() => list(sqlOnly, query)));
    return {
      label: cls.label,
      queries: cls.queries,
      core: summarize(core),
      floor: summarize(floorTimes),
      sqlPath: summarize(sqlPath),
    };
  });

  invalidate();
  clients.warmListIndex();
  const typed: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const word of typedWords(dataset, 12)) {
      for (let i = 1; i <= word.length; i++) typed.push(time(() => list(clients, word.slice(0, i))));
    }
  }
  floorDb.close();
  db.close();
  return { classes, asTyped: summarize(typed), indexBuild: summarize(build) };
}
