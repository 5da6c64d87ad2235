/**
 * The console's Plans view in Chromium: a plan's rules with the next firings of each cron in its
 * time zone (the scheduler's own cron), those an overlapping rule supersedes marked, moving on
 * when the clock is advanced from the console, and the inventory resources each selection picks
 * (the scheduler's matcher).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import type { Browser, Page } from 'playwright-core';
import { ROLE } from '../helpers/backups.js';
import { launchBrowser, noBrowser, openConsole, pageErrors } from '../helpers/console-browser.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const RED = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0aaaaaaaaaaaaaaa1`;
const BLUE = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0bbbbbbbbbbbbbbb2`;

describe('console: Plans', { skip: noBrowser }, () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [t, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    await t.admin('PUT', '/resources', { resources: [{ arn: RED, tags: { team: 'red' } }, { arn: BLUE, tags: { team: 'blue' } }] });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'nightly',
          Rules: [
            { RuleName: 'paris', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'Europe/Paris', Lifecycle: { DeleteAfterDays: 35 } },
            // Its Sunday window overlaps paris's, and it keeps backups longer: it wins each Sunday.
            { RuleName: 'sunday', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * SUN *)', ScheduleExpressionTimezone: 'Europe/Paris', Lifecycle: { DeleteAfterDays: 90 } },
          ],
        },
      }),
    );
    await t.client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: { SelectionName: 'red-team', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'team', ConditionValue: 'red' }] },
      }),
    );
    page = await openConsole(browser, t.url, `plans?account=${ACCOUNT}&region=us-east-1`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows each rule's next firings in its time zone and the resources its selection matches", async () => {
    await page.getByTestId('plans').locator('tr[data-key="nightly"]').click();
    const next = page.getByTestId('next-paris').locator('li');
    await next.first().waitFor();
    // 05:00 in Paris is 04:00 UTC in winter; the clock is at 2026-01-01T00:00Z.
    assert.equal(await next.count(), 5);
    assert.match(await next.first().innerText(), /Europe\/Paris \(2026-01-01 04:00:00 UTC\)/);
    assert.match(await next.nth(1).innerText(), /2026-01-02 04:00:00 UTC/);
    // Sunday 4 January: the sunday rule backs up instead (rule-overlap.ts, as the scheduler decides).
    assert.deepEqual(await page.getByTestId('next-paris').locator('li.superseded').allInnerTexts(), [
      (await next.nth(3).innerText()),
    ]);
    assert.match(await next.nth(3).innerText(), /2026-01-04 04:00:00 UTC\)\s*superseded by sunday$/);
    assert.equal(await page.getByTestId('next-sunday').locator('li.superseded').count(), 0);
    const matches = page.locator('[data-testid^="matches-"] li');
    await matches.first().waitFor();
    assert.equal(await matches.count(), 1);
    assert.match(await matches.first().innerText(), /EBS vol-0aaaaaaaaaaaaaaa1/);
  });

  it('moves the next firings on when the clock is advanced from the console', async () => {
    await page.getByLabel('Advance by').fill('1d');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page.getByTestId('next-paris').locator('li', { hasText: '2026-01-06 04:00:00 UTC' }).waitFor();
    assert.match(await page.getByTestId('next-paris').locator('li').first().innerText(), /2026-01-02 04:00:00 UTC/);
    assert.deepEqual(pageErrors(page), []);
  });
});
