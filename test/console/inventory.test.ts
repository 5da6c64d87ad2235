/**
 * The console's Inventory view in Chromium: the resources Holdfast backs up, in pages from the
 * server (more load as the table scrolls), with their injected failures in the server's words;
 * the text filter and the injected-failures-only filter asked of the server; a change made through
 * the admin route shown once the console is refreshed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { DEMO, seedConsoleDemo } from '../helpers/console-demo.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

/** 250 file systems after the demo's 5 entries, every 25th starting late: 255 entries, three pages of the view's 100. */
const MORE = 250;
const fileSystem = (i: number) => `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-${i.toString(16).padStart(8, '0')}`;
const late = Array.from({ length: MORE / 25 }, (_, k) => fileSystem(k * 25 + 24));

describe('console: Inventory', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await seedConsoleDemo(t);
    const resources = Array.from({ length: MORE }, (_, i) => ({ arn: fileSystem(i), ...(i % 25 === 24 ? { startDelaySeconds: 300 } : {}) }));
    assert.equal((await t.admin('PUT', '/resources', { resources })).status, 200);
    page = await openConsole(browser, t.url, `inventory?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const table = () => page.getByTestId('inventory');
  const keys = () => table().locator('[role=row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  const count = () => page.getByTestId('inventory-count');
  const scrollToEnd = () => table().locator('.vlist').evaluate((el) => el.scrollTo(0, el.scrollHeight));

  it('shows the first page with the injected failures, and loads the next pages as the table scrolls', async () => {
    await table().waitFor();
    assert.deepEqual((await keys()).slice(0, 6), [...DEMO.volumes, DEMO.table, DEMO.database, fileSystem(0)]);
    assert.equal(await table().locator(`[data-key="${DEMO.table}"] .state-FAILED`).innerText(), 'backups FAIL: Table orders is being deleted');
    assert.equal(await count().innerText(), '100 resources; more load as you scroll');
    await scrollToEnd();
    await page.getByText('200 resources; more load as you scroll').waitFor();
    await scrollToEnd();
    await page.getByText('255 resources', { exact: true }).waitFor();
    await scrollToEnd();
    // The virtual list renders the rows of the new scroll position on its next frame: wait for the last one.
    await table().locator(`[data-key="${fileSystem(MORE - 1)}"]`).waitFor();
    assert.equal((await keys()).at(-1), fileSystem(MORE - 1));
    assert.equal(await table().locator(`[data-key="${fileSystem(MORE - 1)}"]`).getByText('starts 300 s late').count(), 1);
  });

  it('asks the server for the entries whose ARN or type contains the filter', async () => {
    await page.getByLabel('Filter').fill('rds');
    await page.getByText('1 resource matching, of 255 read').waitFor();
    assert.deepEqual(await keys(), [DEMO.database]);
    assert.match(page.url(), /contains=rds/);
    await page.getByLabel('Filter').fill('');
    await page.getByText('100 resources; more load as you scroll').waitFor();
  });

  it('shows only the entries that inject a failure or a delay, and an injection added through PUT /_holdfast/resources after a refresh', async () => {
    await page.getByLabel('Injected failures only').check();
    await page.getByText(`${1 + late.length} resources matching, of 255 read`).waitFor();
    assert.deepEqual(await keys(), [DEMO.table, ...late]);
    assert.equal((await t.admin('PUT', '/resources', { resources: [{ arn: DEMO.database, startDelaySeconds: 600, scanResult: 'THREATS_FOUND' }] })).status, 200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await table().locator('[role=row]', { hasText: 'starts 600 s late; scans find threats' }).waitFor();
    assert.deepEqual(await keys(), [DEMO.table, DEMO.database, ...late]);
    assert.deepEqual(pageErrors(page), []);
  });

  it('shows the object-level restore and index failures an entry injects', async () => {
    const bucket = 'arn:aws:s3:::console-restores';
    const entry = { arn: bucket, restoreFailureMessage: '2 objects left out', indexOutcome: 'FAILED' };
    assert.equal((await t.admin('PUT', '/resources', { resources: [entry] })).status, 200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByLabel('Filter').fill('console-restores');
    await page.getByText(/^1 resource matching/).waitFor();
    await table().locator('[role=row]', { hasText: 'restores leave objects out: 2 objects left out; indexes FAIL' }).waitFor();
    assert.deepEqual(await keys(), [bucket]);
    assert.deepEqual(pageErrors(page), []);
  });
});
