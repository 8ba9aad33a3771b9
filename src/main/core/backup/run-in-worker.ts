// Runs one backup job (worker.ts) in a worker thread of its own and answers its result. How the
// thread is started is a port: the desktop app's bundle starts its built worker chunk
// (electron-vite's `?nodeWorker`, src/main/backup-worker.ts); under plain Node (tests, the
// browser host, the bench) the worker's TypeScript source runs through tsx.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { KeyholdError, type KeyholdErrorData } from '../../../shared/errors';
import type { WorkerAnswer, WorkerJob } from './worker';

/** Starts worker.ts with `options` (workerData carries the job). */
export type StartBackupWorker = (options: WorkerOptions) => Worker;

export const startNodeBackupWorker: StartBackupWorker = (options) => {
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  const source = join(__dirname, 'worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
};

export interface RunningJob<T> {
  /** The job's value; rejects with a KeyholdError, or `{ io }` when a file could not be written. */
  result: Promise<T>;
  /** Stops the thread (at shutdown); `result` then rejects. */
  stop(): Promise<void>;
}

/** Thrown for a file the worker could not write: the caller names the file. */
export class WorkerIoError extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'WorkerIoError';
  }
}

export function runInWorker<T>(start: StartBackupWorker, job: WorkerJob): RunningJob<T> {
  const worker = start({ workerData: job });
  const result = new Promise<T>((resolve, reject) => {
    let answered = false;
    worker.once('message', (answer: WorkerAnswer<T>) => {
      answered = true;
      if (answer.ok) resolve(answer.value);
      else if ('io' in answer) reject(new WorkerIoError(answer.io));
      else reject(new KeyholdError(answer.error));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      answered = true;
      reject(internal(`the backup worker failed (${error.message})`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(internal(`the backup worker stopped (exit code ${code})`));
    });
  });
  return { result, stop: async () => void (await worker.terminate()) };
}

function internal(message: string): KeyholdError {
  const data: KeyholdErrorData = { code: 'internal', message: `Keyhold could not finish: ${message}.` };
  return new KeyholdError(data);
}
