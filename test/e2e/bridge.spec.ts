// The browser host's bridge (src/browser-host/rpc-socket.ts) when its socket goes away: the calls
// waiting on it get a clear error, never silence, and the next call opens a new socket.
import { clientList, expect, listedNames, seedClient, seedConnection, test } from './fixtures';

test('a dropped socket fails the waiting call with a clear error; Retry opens a new one', async ({
  page,
  keyhold,
}) => {
  const weir = await seedConnection(keyhold, 'weir', 'Weir');
  await seedClient(keyhold, weir, 'production', 'Billing API');
  let sockets = 0;
  await page.routeWebSocket(/\/rpc$/, (socket) => {
    const first = ++sockets === 1;
    const core = socket.connectToServer();
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { method: string };
      // The first socket dies as the list is asked for, before any answer.
      if (first && call.method === 'listClients') socket.close({ code: 1011, reason: 'gone' });
      else core.send(message);
    });
  });
  await page.reload();

  const list = page.locator('.list-empty');
  await expect(list).toContainText('Keyhold is not reachable: the connection closed.');
  await list.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => listedNames(clientList(page))).toEqual(['Billing API']);
  expect(sockets).toBe(2);
});
