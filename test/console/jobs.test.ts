/**
 * The console's Jobs view in Chromium: jobs made through the SDK show on the timeline and in the
 * list, failed ones first with their reason; the clock advanced from the console's clock panel
 * moves a running job to COMPLETED on the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { completedBackup } from '../helpers/backups.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';
import { backup, DB, TABLE, vault } from '../jobs/fixtures.js';

describe('console: Jobs', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let running: string;
  let failed: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await vault(t.client);
    await t.admin('PUT', '/resources', {
      resources: [
        { arn: TABLE, backupDurationSeconds: 600 },
        { arn: DB, backupOutcome: 'FAILED', failureMessage: 'The database is being deleted', backupDurationSeconds: 10 },
      ],
    });
    await completedBackup(t, { ResourceArn: DB }, { state: 'FAILED' });
    running = (await backup(t.client, TABLE)).BackupJobId;
    await t.advance(60);
    failed = (await backup(t.client, DB)).BackupJobId;
    await t.advance(60);
    page = await openConsole(browser, t.url, `jobs?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (id: string) => page.locator(`[data-testid=jobs] [data-key="${id}"]`);

  it('lists failed jobs first, with their reason, and draws each job on the timeline', async () => {
    await row(running).waitFor();
    const keys = await page.locator('[data-testid=jobs] [role=row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    assert.equal(keys.length, 3);
    assert.equal(keys.indexOf(running), 2, 'the running job after the two failed ones');
    assert.match(await row(failed).innerText(), /FAILED[\s\S]*The database is being deleted/);
    await page.locator('[data-testid=job-timeline] .vis-item.job-FAILED').first().waitFor();
    assert.equal(await page.locator('[data-testid=job-timeline] .vis-item.job-FAILED').count(), 2);
    assert.equal(await page.locator('[data-testid=job-timeline] .vis-item.job-RUNNING').count(), 1);
    // Jobs no plan made share one lane; by resource, each resource has its own.
    assert.deepEqual(await page.locator('[data-testid=job-timeline] .vis-label').allInnerTexts(), ['on demand']);
    await page.getByLabel('Timeline lanes').selectOption('resource');
    await page.locator('[data-testid=job-timeline] .vis-label', { hasText: 'prod-db' }).waitFor();
    assert.deepEqual((await page.locator('[data-testid=job-timeline] .vis-label').allInnerTexts()).sort(), ['orders', 'prod-db']);
  });

  it('moves a running job to COMPLETED when the clock is advanced from the console', async () => {
    assert.match(await row(running).innerText(), /RUNNING/);
    await page.getByLabel('Advance by').fill('15m');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.locator('[data-testid=clock-now]', { hasText: '2026-01-01 00:18:00 UTC' }).waitFor();
    await row(running).locator('.state-COMPLETED').waitFor();
    assert.match(await row(running).innerText(), /COMPLETED/);
    await page.locator('[data-testid=job-timeline] .vis-item.job-COMPLETED').waitFor();
  });

  it('filters by state on the server, and shows a selected job with its details', async () => {
    await page.getByLabel('State').selectOption('FAILED');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=jobs] [role=row]').length === 2);
    await row(failed).click();
    const detail = page.getByTestId('job-detail');
    await detail.getByText(`Backup job ${failed}`).waitFor();
    assert.equal(await page.getByTestId('job-message').innerText(), 'The database is being deleted');
    assert.match(page.url(), new RegExp(`state=FAILED.*job=${failed}|job=${failed}.*state=FAILED`));
    assert.deepEqual(pageErrors(page), []);
  });
});
