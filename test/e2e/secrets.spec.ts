// Secrets in the window — reveal and its automatic hiding, copy and its clearing, the
// basic_text refusal and the explicit opt-in, and a whole session proving that only revealSecret
// ever carries a secret back to the renderer.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { METHODS } from '../../src/shared/channels';
import { BasicTextSafeStorage } from '../support/basic-text-safe-storage';
import { CLI_BUNDLE, runCli } from '../support/cli';
import { tempDir } from '../support/core';
import {
  addConnection,
  clientList,
  deliveredSecrets,
  details,
  expect,
  seedClient,
  seedConnection,
  test,
} from './fixtures';

function secretsOf(page: Page): Locator {
  return details(page).getByRole('region', { name: 'Secrets' });
}

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  return settings;
}

async function closeDialog(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: 'Close dialog' }).first().click();
  await expect(dialog).toBeHidden();
}

test('reveal shows the exact issued secret, then hides on blur, on Hide and after 20 s', async ({
  page,
  keyhold,
}) => {
  const connection = await seedConnection(keyhold, 'weir', 'Weir');
  await seedClient(keyhold, connection, 'production', 'Reveal me');
  const [secret] = deliveredSecrets(keyhold.weir);
  // The whole page under Playwright's clock (time still flows until we fast-forward).
  await page.clock.install();
  await page.reload();
  await clientList(page)
    .getByRole('option', { name: /^Reveal me/ })
    .click();
  const secrets = secretsOf(page);
  const value = secrets.getByLabel('Secret key value');
  await expect(secrets.getByText('hidden')).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Reveal: exactly what the provider issued.
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(value).toHaveText(secret!);
  await expect(secrets.getByRole('button', { name: 'Hide Secret key' })).toBeVisible();

  // The window loses focus: hidden at once, and gone from the DOM.
  await page.evaluate("window.dispatchEvent(new Event('blur'))");
  await expect(value).toHaveCount(0);
  await expect(secrets.getByRole('button', { name: 'Reveal Secret key' })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // Hide button.
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(value).toHaveText(secret!);
  await secrets.getByRole('button', { name: 'Hide Secret key' }).click();
  await expect(value).toHaveCount(0);

  // After the timeout main gives (20 s): still shown at 19 s, hidden after 20 s.
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(value).toHaveText(secret!);
  await page.clock.fastForward(19_000);
  await expect(value).toHaveText(secret!);
  await page.clock.fastForward(1_500);
  await expect(value).toHaveCount(0);
  await expect(secrets.getByRole('button', { name: 'Reveal Secret key' })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await keyhold.settled();
  const reveals = keyhold.responses.filter((r) => r.method === 'revealSecret');
  expect(reveals).toHaveLength(3);
  for (const r of reveals)
    expect(JSON.parse(r.body).result).toEqual({ ok: true, value: { value: secret, hideAfterMs: 20_000 } });
});

test('copy: the clear time is shown, the clipboard is concealed and cleared only if unchanged', async ({
  page,
  keyhold,
}) => {
  const connection = await seedConnection(keyhold, 'weir', 'Weir');
  const client = await seedClient(keyhold, connection, 'production', 'Copy me');
  const [secret] = deliveredSecrets(keyhold.weir);
  await page.reload();
  await clientList(page)
    .getByRole('option', { name: /^Copy me/ })
    .click();
  const secrets = secretsOf(page);

  await secrets.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(secrets.getByRole('status')).toHaveText('Copied — clipboard clears in 30 s');
  expect(keyhold.clipboard().text).toBe(secret);
  expect(keyhold.clipboard().hints).toEqual({
    'x-kde-passwordManagerHint': 'secret',
    'org.nspasteboard.ConcealedType': 'secret',
    ExcludeClipboardContentFromMonitorProcessing: '1',
    CanIncludeInClipboardHistory: '0',
    CanUploadToCloudClipboard: '0',
  });

  // Shorter delay in Settings: the message follows and main clears the clipboard on time.
  const settings = await openSettings(page);
  const delay = settings.getByLabel('Clear copied secrets after (seconds)');
  await delay.fill('2');
  await delay.press('Enter');
  await expect(settings.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await closeDialog(settings);

  await secrets.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(secrets.getByRole('status')).toHaveText('Copied — clipboard clears in 2 s');
  expect(keyhold.clipboard().text).toBe(secret);
  await expect.poll(() => keyhold.clipboard().text, { timeout: 5_000 }).toBe('');
  expect(keyhold.clipboard().hints).toEqual({});

  // Copied a secret, then something else: the later value is left alone.
  await secrets.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(secrets.getByRole('status')).toHaveText('Copied — clipboard clears in 2 s');
  const fields = details(page).getByRole('region', { name: 'Fields' });
  await fields.getByRole('button', { name: 'Copy Credentials client id' }).click();
  expect(keyhold.clipboard().text).toBe(client.publicId);
  await page.waitForTimeout(2_500);
  expect(keyhold.clipboard().text).toBe(client.publicId);
});

test.describe('without an OS keyring (basic_text)', () => {
  test.use({ safeStorage: new BasicTextSafeStorage() });

  test('refused with keyring instructions, create refused before any request, then the explicit opt-in', async ({
    page,
    keyhold,
  }) => {
    const { weir } = keyhold;
    const banner = page.getByRole('alert').filter({ hasText: 'Keyhold cannot store secrets right now.' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('GNOME Keyring or KWallet');
    await expect(banner).toContainText('sudo apt install gnome-keyring');
    await expect(banner).toContainText('allow weaker storage in Settings');
    await expect(page.getByRole('button', { name: 'Vault: weakly protected' })).toHaveCount(0);

    // Even a connection's token is refused: nothing is stored weakly behind the user's back.
    await page.getByRole('button', { name: 'Add your first connection' }).click();
    let form = page.getByRole('dialog', { name: 'Add connection' });
    await form.getByLabel('Base URL').fill(weir.url);
    await form.getByLabel('Token').fill(weir.token);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form.getByRole('alert')).toContainText('Keyhold refuses to store them');
    await closeDialog(form);

    // The banner's button opens Settings on the opt-in.
    await banner.getByRole('button', { name: 'Open storage settings' }).click();
    let settings = page.getByRole('dialog', { name: 'Settings' });
    const weak = settings.getByRole('checkbox', { name: 'Allow weaker storage' });
    await expect(weak).toBeFocused();
    await expect(weak).not.toBeChecked();
    await expect(settings).toContainText('Refused: no keyring found');
    await expect(settings).toContainText('(basic_text)');

    // Opt in long enough to add the connection, then opt out again.
    await weak.check();
    await expect(settings).toContainText('Weakly protected (hard-coded key)');
    await expect(banner).toHaveCount(0);
    await settings.getByRole('button', { name: 'Add connection' }).click();
    form = page.getByRole('dialog', { name: 'Add connection' });
    await form.getByLabel('Base URL').fill(weir.url);
    await form.getByLabel('Label').fill('Weir');
    await form.getByLabel('Token').fill(weir.token);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(form).toBeHidden();
    await weak.uncheck();
    await expect(settings).toContainText('Refused: no keyring found');
    await closeDialog(settings);
    await expect(banner).toBeVisible();

    // Create is refused before the provider is called: a secret that cannot be kept is never asked for.
    await page.getByRole('button', { name: 'New client' }).click();
    let dialog = page.getByRole('dialog', { name: 'New client in Production' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Keyhold refuses to store them');
    await expect(dialog.getByRole('alert')).toContainText('GNOME Keyring or KWallet');
    expect(weir.requests).toHaveLength(0);
    await closeDialog(dialog);
    await expect(page.getByRole('region', { name: /unknown outcome/ })).toHaveCount(0);

    // The explicit opt-in: the header says so, and create works.
    settings = await openSettings(page);
    await settings.getByRole('checkbox', { name: 'Allow weaker storage' }).check();
    await expect(settings).toContainText('Weakly protected (hard-coded key)');
    await closeDialog(settings);
    await expect(banner).toHaveCount(0);
    const badge = page.getByRole('button', { name: 'Vault: weakly protected' });
    await expect(badge).toBeVisible();

    await page.getByRole('button', { name: 'New client' }).click();
    dialog = page.getByRole('dialog', { name: 'New client in Production' });
    await dialog.getByLabel('Name', { exact: true }).fill('Weakly kept');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
    expect(weir.requests).toHaveLength(1);
    await expect(clientList(page).getByRole('option', { name: /^Weakly kept/ })).toBeVisible();
    await secretsOf(page).getByRole('button', { name: 'Reveal Secret key' }).click();
    await expect(secretsOf(page).getByLabel('Secret key value')).toHaveText(deliveredSecrets(weir)[0]!);

    // The badge leads back to the setting; the choice survives a reload.
    await badge.click();
    await expect(
      page.getByRole('dialog', { name: 'Settings' }).getByRole('checkbox', { name: 'Allow weaker storage' }),
    ).toBeFocused();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Vault: weakly protected' })).toBeVisible();
  });
});

test('a whole session: only revealSecret responses ever carry a secret, token or imported secret', async ({
  page,
  keyhold,
}) => {
  const { weir, mythic } = keyhold;
  const spareToken = `spare_${Math.random().toString(36).slice(2)}_tok`;
  const importedSecret = `imported_${Math.random().toString(36).slice(2)}_Sk9`;
  const proxyKey = `proxy_${Math.random().toString(36).slice(2)}_Pk3`;

  // Connections: add three, edit one (new label, token typed again), remove one.
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir main',
    baseUrl: weir.url,
    token: weir.token,
  });
  await addConnection(page, {
    provider: 'Mythic Analytics',
    label: 'Mythic main',
    baseUrl: mythic.url,
    token: mythic.token,
  });
  await addConnection(page, {
    provider: 'Weir AI',
    label: 'Weir spare',
    baseUrl: weir.url,
    token: spareToken,
  });
  const settings = await openSettings(page);
  await settings.getByRole('button', { name: 'Edit Weir main' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit connection' });
  await edit.getByLabel('Label').fill('Weir primary');
  await edit.getByLabel('Replace token').fill(weir.token);
  await edit.getByRole('button', { name: 'Save connection' }).click();
  await expect(edit).toBeHidden();
  await settings.getByRole('button', { name: 'Remove Weir spare' }).click();
  const confirmRemove = page.getByRole('alertdialog', { name: /Remove connection/ });
  await confirmRemove.getByRole('button', { name: 'Remove connection' }).click();
  await expect(confirmRemove).toBeHidden();
  await expect
    .poll(async () => (await settings.getByRole('rowheader').allTextContents()).sort())
    .toEqual(['Mythic main', 'Weir primary']);
  // Preferences.
  await settings.getByLabel('Theme').selectOption({ label: 'Dark' });
  const delay = settings.getByLabel('Clear copied secrets after (seconds)');
  await delay.fill('45');
  await delay.press('Enter');
  await expect(settings.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await closeDialog(settings);

  // Create on both providers.
  await page.getByRole('button', { name: 'New client' }).click();
  let dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await dialog.getByLabel('Connection').selectOption({ label: 'Weir primary (Weir AI)' });
  await dialog.getByLabel('Name', { exact: true }).fill('Leak Weir');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole('tab', { name: 'Staging' }).click();
  await page.getByRole('button', { name: 'New client' }).click();
  dialog = page.getByRole('dialog', { name: 'New client in Staging' });
  await dialog.getByLabel('Connection').selectOption({ label: 'Mythic main (Mythic Analytics)' });
  await dialog.getByLabel('Name', { exact: true }).fill('Leak Mythic');
  await dialog.getByRole('button', { name: 'More options' }).click();
  await dialog.getByLabel('Proxy API key', { exact: true }).fill(proxyKey);
  await dialog.getByLabel('Email', { exact: true }).fill('leak@example.com');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();

  // Detail, reveal, copy (secret, public, .env, JSON) on the Mythic client.
  const secrets = secretsOf(page);
  await secrets.getByRole('button', { name: 'Reveal Proxy API key' }).click();
  await expect(secrets.getByLabel('Proxy API key value')).toHaveText(proxyKey);
  await secrets.getByRole('button', { name: 'Hide Proxy API key' }).click();
  await secrets.getByRole('button', { name: 'Copy Secret key' }).click();
  await expect(secrets.getByRole('status').first()).toHaveText('Copied — clipboard clears in 45 s');
  const panel = details(page);
  await panel.getByRole('button', { name: 'Copy Publishable key' }).click();
  await panel.getByRole('button', { name: 'Copy as .env' }).click();
  // Only the last copy says so: the clipboard holds the .env text now.
  await expect(panel.getByText(/clears in 45 s/)).toHaveCount(1);
  await panel.getByRole('button', { name: 'Copy as JSON' }).click();

  // List and search, then the Weir client's detail and reveal.
  await page.getByRole('tab', { name: 'Production' }).click();
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('Leak');
  await clientList(page)
    .getByRole('option', { name: /^Leak Weir/ })
    .click();
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  const weirSecret = weir.issued.find((s) => s.delivered)!.value;
  await expect(secrets.getByLabel('Secret key value')).toHaveText(weirSecret);
  await secrets.getByRole('button', { name: 'Hide Secret key' }).click();
  await page.getByRole('searchbox', { name: 'Search clients' }).fill('');

  // Import, reveal the imported secret, archive, unarchive, delete.
  await page.getByRole('button', { name: 'Import client' }).click();
  const importDialog = page.getByRole('dialog', { name: 'Import client' });
  await importDialog.getByLabel('Provider').selectOption({ label: 'Weir AI' });
  await importDialog.getByLabel('Connection (optional)').selectOption({ label: 'Weir primary' });
  await importDialog.getByLabel('Name', { exact: true }).fill('Leak Imported');
  await importDialog.getByLabel('Client id', { exact: true }).fill('cli_000000042');
  await importDialog.getByLabel('Credentials client id').fill('pub_imported_42');
  await importDialog.getByLabel('Secret key').fill(importedSecret);
  await importDialog.getByRole('button', { name: 'Import' }).click();
  await expect(importDialog).toBeHidden();
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Leak Imported');
  await secrets.getByRole('button', { name: 'Reveal Secret key' }).click();
  await expect(secrets.getByLabel('Secret key value')).toHaveText(importedSecret);
  await panel.getByRole('button', { name: 'Archive' }).click();
  await expect(panel.getByRole('button', { name: 'Unarchive' })).toBeVisible();
  await panel.getByRole('button', { name: 'Unarchive' }).click();
  await panel.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete client' }).click();
  await expect(clientList(page).getByRole('option', { name: /^Leak Imported/ })).toHaveCount(0);

  // An unknown outcome, listed then dismissed.
  weir.inject({ drop: 'before-response' });
  await page.getByRole('button', { name: 'New client' }).click();
  dialog = page.getByRole('dialog', { name: 'New client in Production' });
  await dialog.getByLabel('Connection').selectOption({ label: 'Weir primary (Weir AI)' });
  await dialog.getByLabel('Name', { exact: true }).fill('Leak Dropped');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('alert')).toContainText('was lost');
  await closeDialog(dialog);
  await page
    .getByRole('region', { name: /unknown outcome/ })
    .getByRole('button', { name: 'Show' })
    .click();
  await page.getByRole('button', { name: 'Dismiss Leak Dropped' }).click();
  await expect(page.getByRole('region', { name: /unknown outcome/ })).toHaveCount(0);
  // The keyhold CLI: a read allowed in the window (its value goes to the CLI, never over the
  // bridge), then the Activity view and ending terminal approvals.
  const socket =
    process.platform === 'win32'
      ? `\\\\.\\pipe\\keyhold-e2e-${process.pid}`
      : join(keyhold.dataDir, 'cli', 'keyhold.sock');
  await keyhold.host.core.cli.listen({ socket });
  const read = runCli(['--socket', socket, 'read', 'keyhold://production/Leak%20Weir/secret_key'], {
    cli: [CLI_BUNDLE],
  });
  await page
    .getByRole('alertdialog', { name: 'Allow “keyhold read” to read a value?' })
    .getByRole('button', { name: 'Allow once' })
    .click();
  expect(await read).toMatchObject({ code: 0, stdout: `${weirSecret}\n` });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Activity' }).click();
  const activity = page.getByRole('dialog', { name: 'Activity' });
  await expect(activity.getByText('Read by “keyhold read”')).toBeVisible();
  await activity.getByRole('button', { name: 'End terminal approvals' }).click();
  await expect(activity.getByText('No terminal was allowed: nothing to end.')).toBeVisible();
  await closeDialog(activity);

  // A fresh start reads everything again.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Production' })).toHaveAccessibleDescription('1 client');

  // Backups: the recovery key (shown once: in setUpRecoveryKey's answer alone), a folder, a backup,
  // a passphrase export, and a restore of it (opened and forgotten, then opened and applied).
  const backups = tempDir('keyhold-e2e-leak-backups-');
  const exportPassphrase = `export ${Math.random().toString(36).slice(2)} passphrase`;
  const backupSettings = await openSettings(page);
  await backupSettings.getByRole('button', { name: 'Set up recovery key…' }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Your recovery key' });
  const recoveryKey = (await keyDialog.getByLabel('Recovery key', { exact: true }).textContent())!;
  await keyDialog.getByRole('button', { name: 'Copy recovery key' }).click();
  await keyDialog.getByLabel('I saved my recovery key somewhere safe').check();
  await keyDialog.getByRole('button', { name: 'Done: I saved it' }).click();
  await backupSettings.getByLabel('Backup folder').fill(backups.path);
  await backupSettings.getByRole('button', { name: 'Save folder' }).click();
  await backupSettings.getByRole('button', { name: 'Back up now' }).click();
  await expect(backupSettings.getByText('Backed up', { exact: true })).toBeVisible();
  await backupSettings.getByRole('button', { name: 'Export with a passphrase…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export with a passphrase' });
  const exportFile = `${backups.path}/move.age`;
  await exportDialog.getByLabel('File to write').fill(exportFile);
  await exportDialog.getByLabel('Passphrase', { exact: true }).fill(exportPassphrase);
  await exportDialog.getByLabel('Passphrase again').fill(exportPassphrase);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog).toBeHidden();
  for (const apply of [false, true]) {
    await backupSettings.getByRole('button', { name: 'Restore from a backup…' }).click();
    const restore = page.getByRole('dialog', { name: 'Restore from a backup' });
    await restore.getByLabel('Backup file').fill(exportFile);
    await restore.getByLabel('A passphrase (an export)').check();
    await restore.getByLabel('Passphrase', { exact: true }).fill(exportPassphrase);
    await restore.getByRole('button', { name: 'Show what it holds' }).click();
    await expect(restore.getByText(/here already, unchanged/)).toBeVisible();
    if (apply) {
      await restore.getByRole('button', { name: 'Restore' }).click();
      await expect(restore.getByText('Restored.')).toBeVisible();
    }
    await closeDialog(restore);
  }
  // The browser host has no picker (the desktop's are tested in test/electron/backup-ports.test.ts):
  // asked anyway, over the page's own bridge, it says so.
  await page.evaluate("window.keyhold.pickPath({ purpose: 'backupFolder' })");
  await closeDialog(backupSettings);

  // --- The check -------------------------------------------------------------------------
  await keyhold.settled();
  // The recovery key is in the one answer that shows it, and in no other.
  expect(keyhold.responses.filter((r) => r.body.includes(recoveryKey)).map((r) => r.method)).toEqual([
    'setUpRecoveryKey',
  ]);
  backups.remove();
  const forbidden = new Map<string, string>([
    ['Weir token', weir.token],
    ['Mythic token', mythic.token],
    ['removed connection token', spareToken],
    ['imported secret', importedSecret],
    ['export passphrase', exportPassphrase],
    ...weir.issued.map((s, i) => [`Weir ${s.field} #${i}`, s.value] as [string, string]),
    ...mythic.issued.map((s, i) => [`Mythic ${s.field} #${i}`, s.value] as [string, string]),
  ]);
  expect(forbidden.size).toBe(5 + weir.issued.length + mythic.issued.length);
  expect(mythic.issued.map((s) => s.value)).toContain(proxyKey);

  // Every method of the bridge was exercised.
  const called = new Set(keyhold.responses.map((r) => r.method));
  expect([...METHODS].filter((m) => !called.has(m))).toEqual([]);

  const leaks: string[] = [];
  const revealed = new Set<string>();
  let revealsWithSecret = 0;
  for (const response of keyhold.responses) {
    const found = [...forbidden].filter(([, value]) => response.body.includes(value)).map(([what]) => what);
    if (response.method === 'revealSecret') {
      if (found.length > 0) revealsWithSecret++;
      found.forEach((what) => revealed.add(what));
    } else if (found.length > 0) {
      leaks.push(`${response.method}: ${found.join(', ')}`);
    }
  }
  expect(leaks).toEqual([]);
  expect(revealsWithSecret).toBe(3);
  expect([...revealed].sort()).toEqual(
    ['Mythic proxy_api_key #1', 'Weir secretKey #0', 'imported secret'].sort(),
  );
  console.log(
    `leak check: ${keyhold.responses.length} bridge responses over ${called.size} methods; ` +
      `${forbidden.size} secret values; ${revealsWithSecret} revealSecret responses carried one; no other response did`,
  );

  const html = await page.content();
  for (const [what, value] of forbidden) expect(html, what).not.toContain(value);
});
