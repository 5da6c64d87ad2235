/**
 * The console's Recovery points view in Chromium: lifecycle dates and storage class as the API
 * answers them, a point under a legal hold showing why it cannot be deleted, and a point whose
 * lifecycle ends disappearing when the clock is advanced from the console.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateLegalHoldCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { completedBackups } from '../helpers/backups.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, T0, type TestServer } from '../helpers/server.js';
import { TABLE, vault, VOLUME } from '../jobs/fixtures.js';

describe('console: Recovery points', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let held: string;
  let expiring: string;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await vault(t.client);
    [{ RecoveryPointArn: held }, { RecoveryPointArn: expiring }] = await completedBackups(t, [
      { ResourceArn: VOLUME, Lifecycle: { DeleteAfterDays: 1 } },
      { ResourceArn: TABLE, Lifecycle: { DeleteAfterDays: 1 } },
    ]);
    await t.client.send(
      new CreateLegalHoldCommand({
        Title: 'case-1',
        Description: 'litigation',
        RecoveryPointSelection: { VaultNames: ['v1'], ResourceIdentifiers: [VOLUME], DateRange: { FromDate: T0, ToDate: new Date(T0.getTime() + 60_000) } },
      }),
    );
    await t.advance(60);
    page = await openConsole(browser, t.url, `recovery-points?account=${ACCOUNT}&region=us-east-1&vault=v1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const row = (arn: string) => page.locator(`[data-testid=recovery-points] [data-key="${arn}"]`);

  it('shows each point with its storage class and lifecycle dates, and why a held one cannot be deleted', async () => {
    await row(held).getByText('WARM').waitFor();
    assert.match(await row(held).innerText(), /COMPLETED[\s\S]*2026-01-02 00:0\d:00 UTC/);
    await row(held).getByText('legal-hold').waitFor();
    await row(expiring).getByText('deletable').waitFor();
    await row(held).click();
    const why = page.getByTestId('point-protection');
    await why.getByText(/^legal-hold: /).waitFor();
    assert.equal(await page.getByTestId('point-storage-class').innerText(), 'WARM');
  });

  it('drops a point whose lifecycle ended when the clock is advanced from the console; the held one stays', async () => {
    await page.getByLabel('Advance by').fill('2d');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.locator('[data-testid=clock-now]', { hasText: '2026-01-03' }).waitFor();
    await row(expiring).waitFor({ state: 'detached' });
    assert.equal(await row(held).count(), 1);
    assert.deepEqual(pageErrors(page), []);
  });
});
