/**
 * The console's shell in Chromium: the account and Region switcher (the scopes holding data), the
 * clock panel (freeze, resume, a duration it refuses), and signing in when the server asks for
 * the admin token and, under --strict, an access key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import type { Browser } from 'playwright-core';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS } from '../security/signing.js';

const TOKEN = 'the-admin-token-0123456789';

describe('console: shell', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'east' }));
    await t.clientFor('222222222222', 'eu-west-1').send(new CreateBackupVaultCommand({ BackupVaultName: 'west' }));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('switches between the accounts and Regions that hold data', async () => {
    const page = await openConsole(browser, t.url, `vaults?account=${ACCOUNT}&region=us-east-1`);
    const select = page.getByTestId('scope-select');
    await select.locator('option', { hasText: '222222222222 / eu-west-1 (1 vaults' }).waitFor({ state: 'attached' });
    await page.getByTestId('vaults').getByText('east').waitFor();
    await select.selectOption('222222222222/eu-west-1');
    await page.getByTestId('vaults').getByText('west').waitFor();
    assert.match(page.url(), /account=222222222222&region=eu-west-1/);
    assert.equal(await page.getByTestId('vaults').getByText('east').count(), 0);
    // Any other scope can be typed in; a malformed one is refused.
    await page.getByRole('button', { name: 'other...' }).click();
    await page.getByLabel('Account ID').fill('3333');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByText('An account ID is 12 digits.').waitFor();
    await page.getByLabel('Account ID').fill('333333333333');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByText('No vaults in this account and Region.').waitFor();
    assert.deepEqual(pageErrors(page), []);
  });

  it('freezes and resumes the clock, and refuses a duration it cannot read', async () => {
    const page = await openConsole(browser, t.url, `vaults?account=${ACCOUNT}`);
    const state = page.getByTestId('clock-state');
    await state.getByText('frozen').waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await state.getByText('running').waitFor();
    assert.equal((await t.admin('GET', '/clock')).json.frozen, false);
    await page.getByRole('button', { name: 'Freeze' }).click();
    await state.getByText('frozen').waitFor();
    assert.equal((await t.admin('GET', '/clock')).json.frozen, true);
    const before = (await t.admin('GET', '/clock')).json.now;
    await page.getByLabel('Advance by').fill('-1h');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.getByRole('alert').getByText("the clock cannot move backwards; '-1h' is negative").waitFor();
    assert.equal((await t.admin('GET', '/clock')).json.now, before);
  });

  it('asks for the admin token and an access key under --strict, and then reads as that key', async () => {
    const strict = await startTestServer({ credentials: CREDENTIALS, strict: true, adminToken: TOKEN });
    try {
      const signed = new BackupClient({ endpoint: strict.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
      await signed.send(new CreateBackupVaultCommand({ BackupVaultName: 'strict-vault' }));
      signed.destroy();
      const page = await openConsole(browser, strict.url, `vaults?account=${ACCOUNT}`);
      const dialog = page.getByRole('dialog', { name: 'Sign in' });
      await dialog.waitFor();
      await dialog.getByLabel('Admin token').fill(TOKEN);
      await dialog.getByLabel('Access key ID').fill(ADMIN.accessKeyId);
      await dialog.getByLabel('Secret access key').fill(ADMIN.secretAccessKey);
      await dialog.getByRole('button', { name: 'Use these' }).click();
      await page.getByTestId('vaults').getByText('strict-vault').waitFor();
      await page.getByTestId('clock-now').getByText('2026-01-01 00:00:00 UTC').waitFor();
      // Kept for this tab only.
      assert.match(await page.evaluate(() => sessionStorage.getItem('holdfast-console-secrets') ?? ''), /AKIAADMIN0000000001/);
      await page.close();
    } finally {
      await strict.close();
    }
  });
});
