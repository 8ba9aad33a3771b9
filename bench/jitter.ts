// A control figure: the same fixed CPU-bound work, repeated. On a quiet machine its p95 equals
// its p50; the gap shows how much of every other p95 is the machine (other processes, CPU
// frequency), not Keyhold.
import { summarize, time, type Summary } from './stats';

function work(): number {
  let x = 0;
  for (let i = 0; i < 300_000; i++) x += Math.sqrt(i);
  return x;
}

export function measureJitter(reps = 200): Summary {
  for (let i = 0; i < 20; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(time(work));
  return summarize(samples);
}
