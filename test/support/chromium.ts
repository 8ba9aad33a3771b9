import { execSync } from 'node:child_process';

// Playwright cannot download its own browsers on these machines: tests and benchmarks use the
// system Chromium (Debian's `chromium` package) unless PLAYWRIGHT_CHROMIUM names another.

/** Flags for a headless Chromium on a closed network (no background traffic, no GPU). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function systemChromium(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM) return process.env.PLAYWRIGHT_CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execSync(`command -v ${name}`, { encoding: 'utf8' }).trim();
    } catch {
      // try the next one
    }
  }
  return undefined;
}
