// Runs backup jobs (worker.ts) in a worker thread: one thread, started at the first job and kept
// while jobs come (starting one costs the main thread a stall of a few milliseconds, and under
// tsx a few hundred milliseconds of compiling), stopped once idle for a while so the memory a
// large backup used is given back. How the thread starts is a port: the desktop app's bundle
// starts its built worker chunk (electron-vite's `?nodeWorker`, src/main/backup-ports.ts); under
// plain Node (tests, the browser host, the bench) the worker's TypeScript source runs through tsx.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { KeyholdError } from '../../../shared/errors';
import type { Clock } from '../ports';
import type { WorkerAnswer, WorkerJob } from './worker';

/** Starts worker.ts with `options`. */
export type StartBackupWorker = (options: WorkerOptions) => Worker;

export const startNodeBackupWorker: StartBackupWorker = (options) => {
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  const source = join(__dirname, 'worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
};

/** Thrown for a file the worker could not write: the caller names the file. */
export class WorkerIoError extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'WorkerIoError';
  }
}

/** How long an idle thread is kept for the next job. */
const IDLE_MS = 30_000;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class BackupThread {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private idle: { cancel(): void } | null = null;

  constructor(
    private readonly start: StartBackupWorker,
    private readonly clock: Clock,
  ) {}

  /** The job's value; rejects with a KeyholdError, or a WorkerIoError for a file it could not write. */
  run<T>(job: WorkerJob): Promise<T> {
    this.idle?.cancel();
    this.idle = null;
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref(); // a job under way keeps the process alive; an idle thread does not
      worker.postMessage({ id, job });
    });
  }

  /** Stops the thread (at shutdown): jobs still running reject. */
  async stop(): Promise<void> {
    this.idle?.cancel();
    this.idle = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll('the backup worker was stopped');
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start({});
    worker.on('message', ({ id, answer }: { id: number; answer: WorkerAnswer<unknown> }) => {
      const waiting = this.waiting.get(id);
      this.waiting.delete(id);
      if (waiting) {
        if (answer.ok) waiting.resolve(answer.value);
        else if ('io' in answer) waiting.reject(new WorkerIoError(answer.io));
        else waiting.reject(new KeyholdError(answer.error));
      }
      if (this.waiting.size === 0) this.rest(worker);
    });
    worker.on('error', (error) => this.lost(worker, `failed (${error.message})`));
    worker.on('exit', (code) => this.lost(worker, `stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  /** No job left: let the process exit, and stop the thread if none comes for a while. */
  private rest(worker: Worker): void {
    worker.unref();
    this.idle = this.clock.setTimeout(() => {
      if (this.worker !== worker || this.waiting.size > 0) return;
      this.worker = null;
      void worker.terminate();
    }, IDLE_MS);
  }

  private lost(worker: Worker, what: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(`the backup worker ${what}`);
  }

  private failAll(why: string): void {
    for (const { reject } of this.waiting.values()) {
      reject(
        new KeyholdError({
          code: 'internal',
          message: `Keyhold could not finish: ${why}. Nothing was changed: try again.`,
        }),
      );
    }
    this.waiting.clear();
  }
}
