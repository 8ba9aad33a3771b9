// The e2e harness itself: settled() is what every test that counts calls waits on, and a call lost
// in a reload once made it wait forever (a flaky CI run), because Playwright never reports the
// close of the reloaded page's socket.
import { expect, seedConnection, test } from './fixtures';

test('settled() does not wait on a call the reload lost', async ({ page, keyhold }) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  keyhold.weir.inject({ delayMs: 1500 });
  await page.evaluate((connectionId) => {
    const api = (globalThis as unknown as { keyhold: Record<string, (input: unknown) => Promise<unknown>> })
      .keyhold;
    void api.createClient!({ provider: 'weir', connectionId, environment: 'staging', name: 'Slow' }).catch(
      () => {},
    );
  }, weir.id);
  await page.waitForTimeout(300);
  // Still in flight (the provider answers after 1.5 s) when the page goes away.
  expect(keyhold.responses.some((r) => r.method === 'createClient')).toBe(false);
  await page.reload();
  await keyhold.settled();
});
