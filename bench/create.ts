// The create-overhead figure: a create against a loopback fake Weir answering at once, minus the
// bare HTTP round trip to the same server (same method, headers and body) measured in the same run,
// interleaved.
import { startFakeWeir } from '../test/fakes/weir-server';
import { createCore } from '../src/main/core';
import { MemoryClipboard } from '../src/main/core/node-ports';
import type { Connection } from '../src/shared/domain';
import type { Dataset } from './dataset';
import { BenchSafeStorage } from './safe-storage';
import { summarize, timeAsync, type Summary } from './stats';

export interface CreateResult {
  create: Summary;
  bare: Summary;
  /** create − bare, per interleaved pair. */
  overhead: Summary;
}

export async function measureCreate(dataset: Dataset, reps: number, warmup = 5): Promise<CreateResult> {
  const weir = await startFakeWeir();
  const core = createCore({
    dataDir: dataset.dir,
    safeStorage: new BenchSafeStorage(),
    clipboard: new MemoryClipboard(),
  });
  try {
    const added = await core.dispatch('addConnection', {
      provider: 'weir',
      label: 'Bench fake Weir',
      baseUrl: weir.url,
      token: weir.token,
    });
    if (!added.ok) throw new Error(added.error.message);
    const connectionId = (added.value as Connection).id;
    const create = async (i: number) => {
      const result = await core.dispatch('createClient', {
        provider: 'weir',
        connectionId,
        environment: 'production',
        name: `Bench client ${i}`,
      });
      if (!result.ok) throw new Error(`create failed: ${result.error.message}`);
    };
    const bare = async (i: number) => {
      const response = await fetch(`${weir.url}/org/create/client`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${weir.token}`,
          'Content-Type': 'application/json',
          'x-source': 'console',
        },
        body: JSON.stringify({ name: `Bench client ${i}`, environment: 'production' }),
        redirect: 'manual',
      });
      if (response.status !== 201) throw new Error(`bare POST answered ${response.status}`);
      await response.json();
    };
    for (let i = 0; i < warmup; i++) {
      await create(-i - 1);
      await bare(-i - 1);
    }
    const creates: number[] = [];
    const bares: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < reps; i++) {
      // Alternate which goes first, so neither always follows the other.
      let c: number;
      let b: number;
      if (i % 2 === 0) {
        c = await timeAsync(() => create(i));
        b = await timeAsync(() => bare(i));
      } else {
        b = await timeAsync(() => bare(i));
        c = await timeAsync(() => create(i));
      }
      creates.push(c);
      bares.push(b);
      overhead.push(c - b);
    }
    return { create: summarize(creates), bare: summarize(bares), overhead: summarize(overhead) };
  } finally {
    await core.shutdown();
    await weir.close();
  }
}
