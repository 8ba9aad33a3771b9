// The keystroke figure, in the real renderer: Chromium on the browser host (real core over the
// bench store), one character at a time into the "Search clients" box, from the keystroke to the
// list painted with that query's first screen. Timed in the page: from the keydown event's
// timestamp to the frame after the DOM first shows the expected result (first row and aria-setsize
// = total, list not busy), i.e. requestAnimationFrame and then a task, which runs once that frame
// is painted.
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { startBrowserHost } from '../src/browser-host/server';
import { Clients } from '../src/main/core/clients/clients';
import { openDatabase } from '../src/main/core/store/database';
import { Vault } from '../src/main/core/vault/vault';
import type { Dataset } from './dataset';
import { BenchSafeStorage } from './safe-storage';
import { keyPause, type KeyPace } from './frame-floor';
import { typedWords } from './search-core';
import { summarize, type Summary } from './stats';

export interface KeystrokeResult {
  /** Keystroke to the list painted with the new results. */
  painted: Summary;
  /** Keystroke to the input event: Chromium's own editing, before any of the app's code. */
  inputEvent: Summary;
  /** Keystroke to the DOM holding them (the app's work, layout included). */
  dom: Summary;
  /** Keystroke to the start of the frame that paints them (requestAnimationFrame). */
  frame: Summary;
  /** That frame's own work: from its start to painted (style, paint, commit). */
  frameWork: Summary;
  /** Keystrokes answered in the window (its copy of the list index), without a call to the core. */
  answeredInWindow: number;
  /** Every measured key, in order (ms after the keydown), for a closer look at the tail. */
  samples: { query: string; input: number | null; dom: number; frame: number; painted: number }[];
  /** Keystroke to the listClients request leaving the page (the input's own render). */
  requestSent: Summary;
  /** The listClients round trip over the browser host's WebSocket bridge. */
  roundTrip: Summary;
  /** Keystrokes whose answer looks exactly like the previous one (cannot be told apart): skipped. */
  skipped: number;
  timeouts: number;
  words: string[];
}

/**
 * In-page probe, run before the page's own scripts, as a string: functions passed to Playwright
 * would be rewritten by tsx.
 */
const PROBE = `(() => {
  const state = { expect: null, t0: 0, input: 0, resolve: null, sent: 0, answered: 0, timer: 0 };
  const finish = (value) => {
    clearTimeout(state.timer);
    const resolve = state.resolve;
    state.expect = null;
    state.resolve = null;
    if (resolve) resolve(value);
  };
  window.addEventListener('keydown', (event) => {
    if (state.expect && !state.t0) state.t0 = event.timeStamp;
  }, true);
  // Before the app's own listeners (React's sit on its root): Chromium's editing is done.
  window.addEventListener('input', () => {
    if (state.expect && state.t0 && !state.input) state.input = performance.now();
  }, true);
  // The bridge's socket: the listClients call leaving the page, and its answer arriving (this
  // listener is added at construction, so it runs before the bridge's own).
  let listing = -1;
  window.WebSocket = class extends WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (listing >= 0 && JSON.parse(event.data).id === listing) {
          state.answered = performance.now();
          listing = -1;
        }
      });
    }
    send(data) {
      const call = JSON.parse(data);
      if (state.expect && state.t0 && !state.sent && call.method === 'listClients') {
        state.sent = performance.now();
        listing = call.id;
      }
      return super.send(data);
    }
  };
  const check = () => {
    const expect = state.expect;
    if (!expect || !state.t0) return;
    const list = document.querySelector('[role=listbox]');
    if (!list || list.getAttribute('aria-busy') === 'true') return;
    const first = list.querySelector('[role=option][aria-posinset="1"]');
    if (!first || first.getAttribute('aria-setsize') !== String(expect.total)) return;
    if (!(first.textContent || '').includes(expect.name)) return;
    const dom = performance.now();
    const t0 = state.t0;
    const sent = state.sent ? state.sent - t0 : null;
    const roundTrip = state.sent && state.answered ? state.answered - state.sent : null;
    const input = state.input ? state.input - t0 : null;
    state.expect = null;
    requestAnimationFrame(() => {
      const frame = performance.now() - t0;
      const channel = new MessageChannel();
      channel.port1.onmessage = () =>
        finish({ input, dom: dom - t0, frame, painted: performance.now() - t0, sent, roundTrip });
      channel.port2.postMessage(null);
    });
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  window.__keyholdBench = {
    arm(expect) {
      state.t0 = 0;
      state.input = 0;
      state.sent = 0;
      state.answered = 0;
      const pending = new Promise((resolve) => { state.resolve = resolve; });
      state.expect = expect;
      state.timer = setTimeout(() => finish({ timeout: true }), 10000);
      window.__keyholdBench.pending = pending;
    },
    pending: null,
  };
})()`;

interface Sample {
  query?: string;
  input?: number | null;
  dom?: number;
  frame?: number;
  painted?: number;
  sent?: number | null;
  roundTrip?: number | null;
  timeout?: boolean;
}

export async function measureKeystrokes(
  browser: Browser,
  dataset: Dataset,
  rendererDir: string,
  wordCount: number,
  pace: KeyPace,
): Promise<KeystrokeResult> {
  const db = openDatabase(dataset.file);
  const expectations = new Clients(db, new Vault(db, new BenchSafeStorage(), () => false), () => '', {
    listIndex: false,
  });
  const expect = (query: string) => {
    const page = expectations.list({ environment: 'production', query });
    const first = page.items[0];
    if (!first) throw new Error(`the bench query "${query}" has no results`);
    return { name: first.name, total: page.total };
  };
  const host = await startBrowserHost({
    dataDir: dataset.dir,
    rendererDir: resolve(rendererDir),
    safeStorage: new BenchSafeStorage(),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const samples: Sample[] = [];
  let skipped = 0;
  // One more word than measured: the first warms up, unmeasured.
  const [warmWord, ...words] = typedWords(dataset, wordCount + 1);
  try {
    await page.addInitScript(PROBE);
    await page.goto(host.url);
    await page.waitForSelector('[role=option][aria-posinset="1"]:not([aria-disabled])', { timeout: 60_000 });
    const search = page.getByLabel('Search clients');
    await search.focus();

    const pause = keyPause(pace);
    const type = async (key: string, expected: { name: string; total: number }): Promise<Sample> => {
      await page.evaluate(`window.__keyholdBench.arm(${JSON.stringify(expected)})`);
      await pause();
      await page.keyboard.press(key);
      return (await page.evaluate('window.__keyholdBench.pending')) as Sample;
    };
    const clear = async () => {
      await page.keyboard.press('Control+A');
      const sample = await type('Backspace', expect(''));
      if (sample.timeout) throw new Error('the list did not come back after clearing the search');
    };

    // Warm-up: the core builds its list index in the background after the first screen, and
    // Chromium compiles the hot paths. Type two words unmeasured, as a user would after opening.
    await page.waitForTimeout(dataset.size >= 100_000 ? 1500 : 300);
    for (const word of ['warm', warmWord ?? 'a']) {
      for (const key of word) await page.keyboard.press(key);
      await page.waitForTimeout(200);
      await clear();
    }

    for (const word of words) {
      // Worked out before typing, so no query runs between two keys.
      const answers = [...word].map((_, i) => expect(word.slice(0, i + 1)));
      let previous = expect('');
      for (let i = 1; i <= word.length; i++) {
        const expected = answers[i - 1]!;
        if (expected.name === previous.name && expected.total === previous.total) {
          // Same first row and total as before this key: nothing on screen would change.
          skipped++;
          await page.keyboard.press(word[i - 1]!);
          await page.waitForTimeout(50);
        } else {
          samples.push({ query: word.slice(0, i), ...(await type(word[i - 1]!, expected)) });
        }
        previous = expected;
      }
      await clear();
    }
  } finally {
    await context.close();
    await host.close();
    db.close();
  }
  const ok = samples.filter((s) => !s.timeout);
  const numbers = (pick: (s: Sample) => number | null | undefined) =>
    ok.map(pick).filter((v): v is number => typeof v === 'number');
  return {
    painted: summarize(numbers((s) => s.painted)),
    inputEvent: summarize(numbers((s) => s.input)),
    dom: summarize(numbers((s) => s.dom)),
    frame: summarize(numbers((s) => s.frame)),
    frameWork: summarize(numbers((s) => (s.painted ?? 0) - (s.frame ?? 0))),
    answeredInWindow: ok.filter((s) => !s.sent).length,
    samples: ok.map((s) => ({
      query: s.query ?? '',
      input: s.input ?? null,
      dom: s.dom!,
      frame: s.frame!,
      painted: s.painted!,
    })),
    requestSent: summarize(numbers((s) => s.sent)),
    roundTrip: summarize(numbers((s) => s.roundTrip)),
    skipped,
    timeouts: samples.length - ok.length,
    words,
  };
}
