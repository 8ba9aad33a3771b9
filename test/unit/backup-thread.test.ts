// The backup worker thread's life (src/main/core/backup/run-in-worker.ts): jobs answered by id,
// one thread for many jobs, a new one after a crash (the jobs it held fail clearly), stopped once
// idle, and stopped at shutdown. Real worker threads, running small stand-ins for worker.ts.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupThread, WorkerIoError } from '../../src/main/core/backup/run-in-worker';
import type { WorkerJob } from '../../src/main/core/backup/worker';
import type { Clock } from '../../src/main/core/ports';

/** Answers {kind: 'open', file} jobs: `value:X` → X after X ms, `io` → an io failure, `exit` → exits. */
const STAND_IN = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, job }) => {
  if (job.file === 'exit') process.exit(3);
  if (job.file === 'io') return parentPort.postMessage({ id, answer: { ok: false, io: 'the disk is full' } });
  if (job.file === 'refused') return parentPort.postMessage({ id, answer: { ok: false, error: { code: 'validation', message: 'no' } } });
  const ms = Number(job.file.split(':')[1]);
  setTimeout(() => parentPort.postMessage({ id, answer: { ok: true, value: job.file } }), ms);
});`;

/** A clock whose timers run only when the test says. */
function manualClock() {
  const timers = new Set<() => void>();
  const clock: Clock = {
    now: () => new Date(),
    setTimeout(fn) {
      timers.add(fn);
      return { cancel: () => timers.delete(fn) };
    },
  };
  return { clock, fire: () => [...timers].forEach((fn) => (timers.delete(fn), fn())) };
}

const open = (file: string): WorkerJob => ({ kind: 'open', file, unlock: { passphrase: 'x' } });

describe('the backup worker thread', () => {
  const threads: BackupThread[] = [];
  const started: Worker[] = [];
  const start = (options: WorkerOptions) => {
    const worker = new Worker(STAND_IN, { ...options, eval: true });
    started.push(worker);
    return worker;
  };
  afterEach(async () => {
    for (const thread of threads.splice(0)) await thread.stop();
    started.length = 0;
  });
  const newThread = (clock = manualClock().clock) => {
    const thread = new BackupThread(start, clock);
    threads.push(thread);
    return thread;
  };

  it('answers each job by its id, several at once, on one thread', async () => {
    const thread = newThread();
    expect(
      await Promise.all([thread.run<string>(open('value:20')), thread.run<string>(open('value:1'))]),
    ).toEqual(['value:20', 'value:1']);
    expect(started).toHaveLength(1);
  });

  it('turns failures into errors: the user’s, a file it could not write, a thread that died', async () => {
    const thread = newThread();
    await expect(thread.run(open('refused'))).rejects.toMatchObject({
      data: { code: 'validation', message: 'no' },
    });
    await expect(thread.run(open('io'))).rejects.toBeInstanceOf(WorkerIoError);
    const held = thread.run(open('value:500'));
    await expect(thread.run(open('exit'))).rejects.toMatchObject({
      data: { code: 'internal', message: expect.stringMatching(/the backup worker stopped \(exit code 3\)/) },
    });
    await expect(held).rejects.toMatchObject({ data: { code: 'internal' } });
    // The next job gets a new thread.
    expect(await thread.run<string>(open('value:1'))).toBe('value:1');
    expect(started).toHaveLength(2);
  });

  it('stops an idle thread after a while, and starts another for the next job', async () => {
    const { clock, fire } = manualClock();
    const thread = newThread(clock);
    await thread.run(open('value:1'));
    const first = started[0]!;
    const exited = new Promise((resolve) => first.once('exit', resolve));
    fire();
    await exited;
    expect(await thread.run<string>(open('value:1'))).toBe('value:1');
    expect(started).toHaveLength(2);
  });

  it('at shutdown, stops the thread: a job still running fails', async () => {
    const thread = newThread();
    const running = thread.run(open('value:10000'));
    await thread.stop();
    await expect(running).rejects.toMatchObject({ data: { message: /was stopped/ } });
  });
});
