// The floor under the keystroke figure, in Chromium: a bare <input> and no script of the page's
// own, typed into the same way, timed the same way (the keydown's timestamp to a task after the
// next frame). Whatever the app does, its list cannot be painted before this frame.
import type { Browser } from '@playwright/test';
import { prng } from './dataset';
import { summarize, type Summary } from './stats';

const FRAME_MS = 1000 / 60;
/**
 * The least time between the previous key's paint and the next key at a typing pace: with the
 * previous key's own time, still faster than nearly anyone types (README → Benchmarks gives the
 * pace in words a minute).
 */
const TYPING_GAP_MS = 50;

/**
 * How keys follow each other.
 * - `typing`: as a person types. Chromium stops asking for frames one idle frame after it drew;
 *   a key that comes within the next frame interval waits for the display's next tick (up to
 *   one frame) instead of starting a frame at once. People's keys come later than that, so they do
 *   not pay this wait; keys sent back to back do, whatever the page.
 * - `back-to-back`: each key straight after the previous one is painted.
 *   Then many keys wait for a tick, and a bare <input>'s p95 is far above its figure at a typing
 *   pace (README → Benchmarks gives both).
 */
export type KeyPace = 'typing' | 'back-to-back';

/**
 * A pause before each measured key. Either way it holds a part drawn uniformly from one frame
 * interval, from a seeded generator (the same sequence every run), so keys fall at every point of
 * the frame clock rather than at one phase of it.
 */
export function keyPause(pace: KeyPace, seed = 60): () => Promise<void> {
  const random = prng(seed);
  const least = pace === 'typing' ? TYPING_GAP_MS : 0;
  return () => new Promise((resolve) => setTimeout(resolve, least + random() * FRAME_MS));
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

export async function measureFrameFloor(browser: Browser, samples: number, pace: KeyPace): Promise<Summary> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.setContent('<input aria-label="Search" autofocus>');
    await page.evaluate(PROBE);
    await page.getByLabel('Search').focus();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const frames: number[] = [];
    const pause = keyPause(pace);
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
