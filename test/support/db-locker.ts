// A second process holding the write lock of a data directory's keyhold.db (BEGIN IMMEDIATE),
// as another program using the store would: Keyhold's writes then wait for its busy timeout and
// fail with SQLITE_BUSY, while reads go on (WAL).
import { spawn, type ChildProcess } from 'node:child_process';
import { dbFile } from './raw-store';

const CHILD = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { fileMustExist: true });
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

export interface DbLock {
  /** Commits the empty transaction and ends the process. */
  release(): Promise<void>;
}

export async function lockDatabase(dataDir: string): Promise<DbLock> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, dbFile(dataDir)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the locker exited early (${code})`)));
    child.stdout!.once('data', () => resolve());
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async release() {
      if (child.exitCode === null) child.stdin!.write('release\n');
      await exited;
    },
  };
}
