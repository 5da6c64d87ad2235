/**
 * The console in Firefox (Debian's firefox-esr over WebDriver BiDi, test/helpers/console-browser.ts):
 * one pass over every view of the demo account, and the clock advanced from the console moving a
 * running job to COMPLETED. The other files drive Chromium, or Firefox with
 * HOLDFAST_TEST_BROWSER=firefox; this one keeps Firefox in every run without doubling the suite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListBackupJobsCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { DEMO, seedConsoleDemo } from '../helpers/console-demo.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const SCOPE = `account=${ACCOUNT}&region=us-east-1`;

describe('console: every view in Firefox', { skip: browserMissing('firefox') }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser('firefox')]);
    await seedConsoleDemo(t);
    page = await openConsole(browser, t.url, `vaults?${SCOPE}`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });
  const view = (hash: string) => page.goto(`${t.url}/_holdfast/ui/#/${hash}`);

  it('shows the vaults, recovery points with their hold, plans with next firings, legal holds, audit, inventory and events', async () => {
    for (const name of ['main', 'audit-copy', 'scratch']) await page.getByTestId('vaults').getByText(name, { exact: true }).waitFor();

    await view(`recovery-points?${SCOPE}&vault=main`);
    await page.getByTestId('recovery-points').getByText('legal-hold').first().waitFor();

    await view(`plans?${SCOPE}`);
    await page.getByTestId('plans').locator('tr[data-key="daily"]').click();
    await page.getByTestId('next-nightly').locator('li').nth(4).waitFor();

    await view(`legal-holds?${SCOPE}`);
    await page.getByTestId('legal-holds').getByText('case-2026-014').waitFor();

    await view(`audit?${SCOPE}`);
    await page.getByTestId('frameworks').locator('tr[data-key="baseline"]').click();
    await page.getByTestId('framework-controls').getByText('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN').waitFor();
    assert.match(await page.getByTestId('report-jobs').locator('tbody tr').first().innerText(), /BACKUP_JOB_REPORT\s+COMPLETED/);

    await view(`inventory?${SCOPE}`);
    await page.getByTestId('inventory').locator(`[data-key="${DEMO.table}"] .state-FAILED`).waitFor();

    await view(`events?${SCOPE}`);
    await page.getByTestId('events').locator('tbody tr', { hasText: 'Backup Job State Change' }).first().waitFor();
    assert.deepEqual(pageErrors(page), []);
  });

  it('draws the jobs and moves a running one to COMPLETED when the clock is advanced from the console', async () => {
    const running = (await t.client.send(new ListBackupJobsCommand({ ByResourceArn: DEMO.database, ByState: 'RUNNING' }))).BackupJobs!;
    assert.equal(running.length, 1);
    const row = page.locator(`[data-testid=jobs] [data-key="${running[0]!.BackupJobId}"]`);
    await view(`jobs?${SCOPE}`);
    await row.locator('.state-RUNNING').waitFor();
    await page.locator('[data-testid=job-timeline] .vis-item.job-RUNNING').first().waitFor();
    await page.getByLabel('Advance by').fill('5h');
    await page.getByRole('button', { name: 'Advance' }).click();
    await row.locator('.state-COMPLETED').waitFor();
    assert.deepEqual(pageErrors(page), []);
  });
});
