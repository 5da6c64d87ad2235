/**
 * The console's Legal holds view in Chromium: a hold's state moving from CREATING to ACTIVE when
 * the clock is advanced from the console, what its selection covers, and the recovery points it
 * holds (ListRecoveryPointsByLegalHold).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupVaultCommand, CreateLegalHoldCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { completedBackups } from '../helpers/backups.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;

describe('console: Legal holds', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let holdId: string;
  let held: string;
  let free: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    [{ RecoveryPointArn: held }, { RecoveryPointArn: free }] = await completedBackups(t, [{ ResourceArn: TABLE }, { ResourceArn: VOLUME }]);
    holdId = (await t.client.send(new CreateLegalHoldCommand({ Title: 'case-17', Description: 'litigation', RecoveryPointSelection: { ResourceIdentifiers: [TABLE] } }))).LegalHoldId!;
    page = await openConsole(browser, t.url, `legal-holds?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = () => page.getByTestId('legal-holds').locator(`tr[data-key="${holdId}"]`);

  it('shows the hold CREATING, then ACTIVE once the clock is advanced from the console', async () => {
    await row().waitFor();
    assert.match(await row().innerText(), /case-17\s+CREATING/);
    await page.getByLabel('Advance by').fill('1m');
    await page.getByRole('button', { name: 'Advance' }).click();
    await row().locator('.state-ACTIVE').waitFor();
  });

  it('shows what the hold covers and the recovery points it holds', async () => {
    await row().click();
    const detail = page.getByTestId('hold-detail');
    await detail.waitFor();
    assert.equal(await page.getByTestId('hold-resources').innerText(), TABLE);
    assert.equal(await page.getByTestId('hold-vaults').innerText(), 'every vault');
    const points = page.getByTestId('held-points').locator('tbody tr');
    await points.first().waitFor();
    assert.deepEqual(await points.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))), [held]);
    assert.equal(await page.locator(`[data-key="${free}"]`).count(), 0);
    assert.deepEqual(pageErrors(page), []);
  });
});
