// A second, independent look at a core's data directory: the SQLite file through its own
// better-sqlite3 connection, and the raw bytes of the database, its WAL and the logs.
// Tests use it to check what is really on disk, not what the core chooses to report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const dbFile = (dataDir: string): string => join(dataDir, 'keyhold.db');

/** Runs `fn` on a separate read-only connection to <dataDir>/keyhold.db, then closes it. */
export function withRawDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export interface StoreCounts {
  clients: number;
  /** Rows of `secrets` that belong to clients (service 'client:<id>'). */
  clientSecrets: number;
  /** Rows of `create_attempts` by state. */
  attempts: Record<string, number>;
}

export function storeCounts(dataDir: string): StoreCounts {
  return withRawDb(dataDir, (db) => {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const states = db.prepare('SELECT state, count(*) AS n FROM create_attempts GROUP BY state').all() as {
      state: string;
      n: number;
    }[];
    return {
      clients: count('SELECT count(*) AS n FROM clients'),
      clientSecrets: count("SELECT count(*) AS n FROM secrets WHERE service LIKE 'client:%'"),
      attempts: Object.fromEntries(states.map((row) => [row.state, row.n])),
    };
  });
}

export interface RawAttempt {
  id: string;
  provider: string;
  environment: string;
  name: string;
  remote_id: string | null;
  state: string;
  error_code: string | null;
  error_message: string | null;
  client_id: string | null;
}

export function rawAttempts(dataDir: string): RawAttempt[] {
  return withRawDb(
    dataDir,
    (db) => db.prepare('SELECT * FROM create_attempts ORDER BY started_at, rowid').all() as RawAttempt[],
  );
}

export interface RawClient {
  id: string;
  provider: string;
  environment: string;
  name: string;
  remote_id: string;
}

export function rawClients(dataDir: string): RawClient[] {
  return withRawDb(
    dataDir,
    (db) =>
      db
        .prepare('SELECT id, provider, environment, name, remote_id FROM clients ORDER BY rowid')
        .all() as RawClient[],
  );
}

/** Service names of every `secrets` row that belongs to a client. */
export function clientSecretServices(dataDir: string): string[] {
  return withRawDb(dataDir, (db) =>
    (
      db.prepare("SELECT service FROM secrets WHERE service LIKE 'client:%' ORDER BY service").all() as {
        service: string;
      }[]
    ).map((row) => row.service),
  );
}

/** Copies the WAL into the main file (needs a writable connection; the core may stay open). */
export function checkpoint(dataDir: string): void {
  const db = new Database(dbFile(dataDir), { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export interface RawFile {
  path: string;
  bytes: Buffer;
}

/**
 * keyhold.db and its companions (-wal, -shm, -journal, when present) and every file under logs/
 * and rescue/, as raw bytes, read now.
 */
export function readDataFiles(dataDir: string): RawFile[] {
  const paths = readdirSync(dataDir)
    .filter((file) => file.startsWith('keyhold.db'))
    .map((file) => join(dataDir, file));
  for (const folder of ['logs', 'rescue']) {
    const dir = join(dataDir, folder);
    if (existsSync(dir)) paths.push(...readdirSync(dir).map((file) => join(dir, file)));
  }
  return paths.map((path) => ({ path, bytes: readFileSync(path) }));
}

/**
 * The forms a leaked secret could take on disk: as written (UTF-8), UTF-16LE, base64 and hex.
 * Values shorter than 8 characters are refused: they would match by accident.
 */
export function encodings(value: string): Buffer[] {
  if (value.length < 8) throw new Error(`"${value}" is too short to search for reliably`);
  const utf8 = Buffer.from(value, 'utf8');
  return [
    utf8,
    Buffer.from(value, 'utf16le'),
    Buffer.from(utf8.toString('base64').replace(/=+$/, '').slice(0, -2)),
    Buffer.from(utf8.toString('hex')),
  ];
}

export interface Leak {
  path: string;
  /** Index of the secret in the list searched for (never the value itself, so reports stay clean). */
  secretIndex: number;
}

/** Every (file, secret) pair where the secret appears in the file's bytes, in any of `encodings`. */
export function findLeaks(files: readonly RawFile[], secrets: readonly string[]): Leak[] {
  const needles = secrets.map(encodings);
  const leaks: Leak[] = [];
  for (const file of files) {
    needles.forEach((forms, secretIndex) => {
      if (forms.some((form) => file.bytes.includes(form))) leaks.push({ path: file.path, secretIndex });
    });
  }
  return leaks;
}

/** Indexes of the secrets that occur in `text` (a JSON response, an error message). */
export function secretsIn(text: string, secrets: readonly string[]): number[] {
  return secrets.flatMap((secret, index) => (text.includes(secret) ? [index] : []));
}
