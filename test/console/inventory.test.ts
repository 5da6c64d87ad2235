/**
 * The console's Inventory view in Chromium: every resource Holdfast backs up with its injected
 * failures in plain sight (failing ones first), a filter, and a change made through the admin
 * route shown once the console is refreshed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { DEMO, seedConsoleDemo } from '../helpers/console-demo.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

describe('console: Inventory', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await seedConsoleDemo(t);
    page = await openConsole(browser, t.url, `inventory?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const keys = () => page.getByTestId('inventory').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));

  it('lists every resource, the one whose backups fail first with its injected failure', async () => {
    await page.getByTestId('inventory').waitFor();
    const shown = await keys();
    assert.equal(shown.length, 5);
    assert.equal(shown[0], DEMO.table);
    const failing = page.getByTestId('inventory').locator(`tr[data-key="${DEMO.table}"] .state-FAILED`);
    assert.equal(await failing.innerText(), 'backups FAIL: Table orders is being deleted');
    assert.match(await page.getByTestId('inventory-count').innerText(), /5 of 5 resources/);
  });

  it('filters, and shows an injection added through PUT /_holdfast/resources after a refresh', async () => {
    await page.getByLabel('Filter').fill('rds');
    assert.deepEqual(await keys(), [DEMO.database]);
    assert.equal((await t.admin('PUT', '/resources', { resources: [{ arn: DEMO.database, startDelaySeconds: 600, scanResult: 'THREATS_FOUND' }] })).status, 200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('inventory').locator('td', { hasText: 'starts 600 s late; scans find threats' }).waitFor();
    assert.deepEqual(pageErrors(page), []);
  });

  it('shows the object-level restore and index failures an entry injects', async () => {
    const bucket = 'arn:aws:s3:::console-restores';
    const entry = { arn: bucket, restoreFailureMessage: '2 objects left out', indexOutcome: 'FAILED' };
    assert.equal((await t.admin('PUT', '/resources', { resources: [entry] })).status, 200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByLabel('Filter').fill('console-restores');
    await page.getByTestId('inventory').locator('td', { hasText: 'restores leave objects out: 2 objects left out; indexes FAIL' }).waitFor();
    assert.deepEqual(await keys(), [bucket]);
    assert.deepEqual(pageErrors(page), []);
  });
});
