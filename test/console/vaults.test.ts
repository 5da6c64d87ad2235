/**
 * The console's Vaults view in Chromium: each vault's type, Vault Lock mode and date, key and
 * recovery point count as ListBackupVaults answers them; a selected vault's access policy and
 * notifications; the count opening that vault's recovery points.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { seedConsoleDemo } from '../helpers/console-demo.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

describe('console: Vaults', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await seedConsoleDemo(t);
    page = await openConsole(browser, t.url, `vaults?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (name: string) => page.getByTestId('vaults').locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${name}$`) }) });

  it('lists each vault with its lock mode, lock date and recovery point count', async () => {
    await row('main').waitFor();
    // Vault Lock with ChangeableForDays 3, set on Jan 1: compliance mode, fixed from Jan 4 00:00.
    assert.match(await row('main').innerText(), /BACKUP_VAULT\tcompliance\t2026-01-04 00:00:00 UTC\t.*\t9$/);
    assert.match(await row('scratch').innerText(), /\tgovernance\t\t/);
    assert.match(await row('audit-copy').innerText(), /\tnone\t\t.*\t9$/);
  });

  it("shows a selected vault's access policy and notifications", async () => {
    await row('audit-copy').click();
    await page.getByTestId('vault-policy').waitFor();
    assert.match(await page.getByTestId('vault-policy').innerText(), /"Action": "backup:DeleteRecoveryPoint"/);
    assert.equal(await page.getByTestId('vault-notifications').innerText(), `BACKUP_JOB_COMPLETED, COPY_JOB_FAILED to arn:aws:sns:us-east-1:${ACCOUNT}:backup-events`);
    await row('main').click();
    await page.getByTestId('vault-detail').getByText('No access policy.').waitFor();
  });

  it("opens a vault's recovery points from its count", async () => {
    await row('scratch').getByRole('link').click();
    await page.locator('main[data-view=recovery-points]').waitFor();
    assert.match(page.url(), /#\/recovery-points\?.*vault=scratch/);
    assert.deepEqual(pageErrors(page), []);
  });
});
