/**
 * The console's Audit view in Chromium: a framework's controls with their compliance as the
 * audit evaluators answer it now (the same as GET /_holdfast/console/framework-compliance), and
 * the report jobs with links to their files, which open the report.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { seedConsoleDemo } from '../helpers/console-demo.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

describe('console: Audit', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await seedConsoleDemo(t);
    page = await openConsole(browser, t.url, `audit?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows each control's compliance as the audit evaluators answer it", async () => {
    await page.getByTestId('frameworks').locator('tr[data-key="baseline"]').click();
    const rows = page.getByTestId('framework-controls').locator('tbody tr');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    const answered = (await t.admin('GET', `/console/framework-compliance?account=${ACCOUNT}&frameworkName=baseline`)).json.controls as { controlName: string; status: string }[];
    assert.deepEqual(shown, answered.map((c) => [c.controlName, c.status]));
    // The reporting database is in no plan's selection.
    assert.deepEqual(shown[1], ['BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', 'NON_COMPLIANT']);
  });

  it('lists the report jobs with links that open their files', async () => {
    const job = page.getByTestId('report-jobs').locator('tbody tr').first();
    await job.waitFor();
    assert.match(await job.innerText(), /BACKUP_JOB_REPORT\s+COMPLETED/);
    const href = await job.locator('a').first().getAttribute('href');
    assert.match(href!, /^\/_holdfast\/buckets\/backup-reports\/.+\.csv$/);
    const file = await fetch(`${t.url}${href}`);
    assert.equal(file.status, 200);
    assert.match(await file.text(), /Backup Job ID|BackupJobId|Report Time Period/i);
    assert.deepEqual(pageErrors(page), []);
  });
});
