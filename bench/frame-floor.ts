// The floor under figure 2 in Chromium: a bare <input> and no script of the page's own, typed
// into the same way, timed the same way (the keydown's timestamp to a task after the next frame).
// Whatever the app does, its list cannot be painted before this frame.
import type { Browser } from '@playwright/test';
import { prng } from './dataset';
import { summarize, type Summary } from './stats';

const FRAME_MS = 1000 / 60;

/**
 * A person's keys fall anywhere within the display's frame. Without a pause, each key would follow
 * the previous sample's paint by the same few milliseconds, and every figure would be locked to one
 * phase of the frame clock. So before each measured key: a pause drawn uniformly from one frame
 * interval, from a seeded generator (the same sequence every run).
 */
export function keyPhases(seed = 60): () => Promise<void> {
  const random = prng(seed);
  return () => new Promise((resolve) => setTimeout(resolve, random() * FRAME_MS));
}

/** Like the keystroke probe, a promise per key: polling from Playwright would itself ask for frames. */
const PROBE = `(() => {
  let resolve = null;
  window.__nextFrame = () => new Promise((r) => { resolve = r; });
  window.addEventListener('keydown', (event) => {
    const t0 = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve && resolve(performance.now() - t0);
      channel.port2.postMessage(null);
    });
  }, true);
})()`;

export async function measureFrameFloor(browser: Browser, samples: number): Promise<Summary> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.setContent('<input aria-label="Search" autofocus>');
    await page.evaluate(PROBE);
    await page.getByLabel('Search').focus();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const frames: number[] = [];
    const pause = keyPhases();
    for (let i = 0; i < samples; i++) {
      await page.evaluate('void (window.__pending = window.__nextFrame())');
      await pause();
      await page.keyboard.press(letters[i % letters.length]!);
      frames.push((await page.evaluate('window.__pending')) as number);
    }
    return summarize(frames);
  } finally {
    await context.close();
  }
}
