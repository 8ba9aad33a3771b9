// The backup worker thread: everything slow about a backup happens here, never on the main
// thread (a create's commit must not wait on it). Jobs come as messages {id, job}:
//   write: read the store through its own read-only connection, open its secrets with the data
//          key main handed over, stream the document through age into a file, written durably;
//   open:  decrypt an age file (its scrypt is the slow part) and check the document whole.
// Each is answered by one message {id, answer}: {ok: true, value}, or {ok: false} with the error
// the user reads, or with `io`: why a file could not be written, for main to say which file.
import { setPriority } from 'node:os';
import { isMainThread, parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { BackupCounts, BackupDocument } from '../../../shared/backup';
import { KeyholdError, type KeyholdErrorData } from '../../../shared/errors';
import { writeStreamDurably } from '../store/durable-file';
import { decryptFile, encryptStream, type Lock, type Unlock } from './age-file';
import { documentText, parseDocument, type DocumentHeader } from './document';
import { ioProblem } from './paths';

export type WorkerJob =
  | {
      kind: 'write';
      dbFile: string;
      dataKey: Uint8Array;
      lock: Lock;
      file: string;
      header: DocumentHeader;
    }
  | { kind: 'open'; file: string; unlock: Unlock };

export type WorkerAnswer<T> =
  { ok: true; value: T } | { ok: false; error: KeyholdErrorData } | { ok: false; io: string };
/** What the backup holds, and the secrets it left out because they did not decrypt. */
export type WriteResult = { counts: BackupCounts; unreadable: string[] };
export type OpenResult = { document: BackupDocument };

async function write(job: Extract<WorkerJob, { kind: 'write' }>): Promise<WriteResult> {
  const dataKey = Buffer.from(job.dataKey.buffer, job.dataKey.byteOffset, job.dataKey.byteLength);
  const db = new Database(job.dbFile, { readonly: true, fileMustExist: true });
  const counts: BackupCounts = { connections: 0, clients: 0, secrets: 0, attempts: 0 };
  const unreadable: string[] = [];
  try {
    const text = documentText(db, dataKey, job.header, counts, unreadable);
    const encoder = new TextEncoder();
    const plaintext = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await text.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await text.return(undefined);
      },
    });
    const encrypted = await encryptStream(plaintext, job.lock);
    await writeStreamDurably(job.file, encrypted as unknown as AsyncIterable<Uint8Array>);
    return { counts, unreadable };
  } finally {
    dataKey.fill(0);
    db.close();
  }
}

async function open(job: Extract<WorkerJob, { kind: 'open' }>): Promise<OpenResult> {
  const plaintext = await decryptFile(job.file, job.unlock);
  return { document: parseDocument(plaintext.toString('utf8')) };
}

function failure(error: unknown): WorkerAnswer<never> {
  if (error instanceof KeyholdError) return { ok: false, error: error.data };
  return { ok: false, io: ioProblem(error) };
}

// Only in a worker thread: importing this module elsewhere (a test of the app's wiring) runs nothing.
if (!isMainThread && parentPort) {
  // On Linux a nice value is a thread's own: a backup yields the CPU to the main thread (a create,
  // the window's calls) on a busy machine. Elsewhere it would lower the whole app: left alone.
  if (process.platform === 'linux') {
    try {
      setPriority(0, 10);
    } catch {
      // Not allowed here: it runs at the main thread's priority, as it would elsewhere.
    }
  }
  const port = parentPort;
  port.on('message', ({ id, job }: { id: number; job: WorkerJob }) => {
    (job.kind === 'write' ? write(job) : open(job)).then(
      (value) => port.postMessage({ id, answer: { ok: true, value } satisfies WorkerAnswer<unknown> }),
      (error: unknown) => port.postMessage({ id, answer: failure(error) }),
    );
  });
}
