/**
 * The console under --strict (with an admin token): it signs with the access key it is given, so
 * the switcher is pinned to that key's account (GET /_holdfast/console/caller says which), other
 * accounts neither offered nor accepted; and the Audit view's report files, which the admin
 * token guards, still open.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand, CreateReportPlanCommand, StartReportJobCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { BROWSER, launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS, SESSION } from '../security/signing.js';

const TOKEN = 'the-admin-token-0123456789';
const KEY_ACCOUNT = '111111111111';
const OTHER = '222222222222';

async function strictServer(): Promise<TestServer> {
  const t = await startTestServer({ credentials: CREDENTIALS, strict: true, adminToken: TOKEN });
  const signed = (key: typeof ADMIN) => new BackupClient({ endpoint: t.url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
  const admin = signed(ADMIN);
  const other = signed(SESSION);
  await admin.send(new CreateBackupVaultCommand({ BackupVaultName: 'admin-vault' }));
  await other.send(new CreateBackupVaultCommand({ BackupVaultName: 'ops-vault' }));
  const put = await fetch(`${t.url}/_holdfast/buckets/backup-reports`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(put.status, 200);
  await admin.send(
    new CreateReportPlanCommand({ ReportPlanName: 'jobs', ReportDeliveryChannel: { S3BucketName: 'backup-reports', Formats: ['CSV'] }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' } }),
  );
  await admin.send(new StartReportJobCommand({ ReportPlanName: 'jobs' }));
  await t.advance(3600);
  admin.destroy();
  other.destroy();
  return t;
}

describe('console admin routes: caller', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ credentials: CREDENTIALS, strict: true, adminToken: TOKEN });
  });
  after(() => t?.close());
  const get = async (query: string, token: string | undefined = TOKEN) => {
    const res = await fetch(`${t.url}/_holdfast/console/caller${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it("answers a listed key's account and principal, 404 for a key that is not listed, 400 without one", async () => {
    assert.deepEqual(await get(`?accessKeyId=${ADMIN.accessKeyId}`), {
      status: 200,
      json: { accessKeyId: ADMIN.accessKeyId, accountId: KEY_ACCOUNT, principalArn: 'arn:aws:iam::111111111111:role/Admin' },
    });
    assert.deepEqual(await get('?accessKeyId=AKIANOTLISTED0000001'), {
      status: 404,
      json: { message: "The access key AKIANOTLISTED0000001 is not in this server's --credentials list." },
    });
    assert.deepEqual(await get(''), { status: 400, json: { message: 'The query parameter "accessKeyId" is required.' } });
    assert.equal((await get(`?accessKeyId=${ADMIN.accessKeyId}`, '')).status, 401);
  });
});

describe('console: --strict', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([strictServer(), launchBrowser()]);
    // A link to the other account's view: signing with ADMIN's key, the console reads its account.
    page = await openConsole(browser, t.url, `vaults?account=${OTHER}&region=us-east-1`);
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.getByLabel('Admin token').fill(TOKEN);
    await dialog.getByLabel('Access key ID').fill(ADMIN.accessKeyId);
    await dialog.getByLabel('Secret access key').fill(ADMIN.secretAccessKey);
    await dialog.getByRole('button', { name: 'Use these' }).click();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("pins the switcher to the signing key's account: other accounts are not offered and a typed one is refused", async () => {
    await page.getByTestId('vaults').getByText('admin-vault').waitFor();
    assert.match(page.url(), new RegExp(`account=${KEY_ACCOUNT}`));
    await page.getByTestId('signed-as').getByText(ADMIN.accessKeyId).waitFor();
    const options = page.getByTestId('scope-select').locator('option');
    await options.first().getByText(/1 vaults/).waitFor({ state: 'attached' });
    assert.deepEqual(await options.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), [`${KEY_ACCOUNT}/us-east-1`]);
    await page.getByRole('button', { name: 'other...' }).click();
    await page.getByLabel('Account ID').fill(OTHER);
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByText(`The console signs with ${ADMIN.accessKeyId}, a key of account ${KEY_ACCOUNT}; the API answers it for that account only.`).waitFor();
    assert.match(page.url(), new RegExp(`account=${KEY_ACCOUNT}`));
    assert.equal(await page.getByText('ops-vault').count(), 0);
  });

  it('opens a report file with the admin token', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    const link = page.getByTestId('report-jobs').locator('tbody tr').first().locator('a').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    // The link alone is refused: it carries no token.
    assert.equal((await fetch(`${t.url}${href}`)).status, 401);
    // A click fetches it with the token...
    const fetched = page.waitForResponse((r) => r.url() === `${t.url}${href}`);
    const saved = BROWSER === 'chromium' ? page.waitForEvent('download') : undefined;
    await link.click();
    const response = await fetched;
    assert.equal(response.status(), 200);
    assert.equal((await response.request().allHeaders()).authorization, `Bearer ${TOKEN}`);
    // ...and hands it to the browser as a download of its own name (Playwright's WebDriver BiDi
    // Firefox reports no download for a blob: link on Firefox ESR 153, so Chromium checks this).
    if (saved) {
      const download = await saved;
      assert.equal(download.suggestedFilename(), href.split('/').pop());
      assert.match(await readFile(await download.path(), 'utf8'), /Backup Job ID|BackupJobId|Report Time Period/i);
    }
    assert.deepEqual(pageErrors(page), []);
  });
});
