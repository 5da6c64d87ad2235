/**
 * The console's Events view in Chromium: the event log of the account and Region (GET
 * /_holdfast/events), new events once the clock is advanced from the console, a filter by
 * detail type answered by the server, and an event's payload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupVaultCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { ROLE } from '../helpers/backups.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;

describe('console: Events', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let jobId: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    // Another account's events stay out of this account's log.
    await t.clientFor('222222222222').send(new CreateBackupVaultCommand({ BackupVaultName: 'elsewhere' }));
    jobId = (await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }))).BackupJobId!;
    page = await openConsole(browser, t.url, `events?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const types = () => page.getByTestId('events').locator('tbody tr td:nth-child(3)').allInnerTexts();

  it("lists the account's events, and the job's later ones once the clock is advanced from the console", async () => {
    await page.getByTestId('events').waitFor();
    const before = await types();
    assert.ok(before.includes('Backup Vault State Change'), before.join(', '));
    assert.ok(before.includes('Backup Job State Change'), before.join(', '));
    assert.ok(!(await page.getByTestId('events').innerText()).includes('elsewhere'));
    await page.getByLabel('Advance by').fill('1h');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.getByTestId('events').locator('tbody tr', { hasText: 'Recovery Point State Change' }).first().waitFor();
    assert.ok((await types()).length > before.length);
  });

  it("filters by detail type on the server and shows an event's payload", async () => {
    await page.getByLabel('Detail type').fill('Backup Job State Change');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=events] tbody tr td:nth-child(3)')].every((td) => td.textContent === 'Backup Job State Change'));
    const rows = page.getByTestId('events').locator('tbody tr');
    await rows.last().click();
    const payload = await page.getByTestId('event-detail').locator('pre').innerText();
    assert.equal(JSON.parse(payload).detail.backupJobId, jobId);
    assert.equal(JSON.parse(payload).detail.state, 'COMPLETED');
    assert.deepEqual(pageErrors(page), []);
  });
});
