/**
 * GET /_holdfast/console/plans/next-firings, /selection-matches and /job-relations, through HTTP
 * over state made with the SDK: the scheduler's cron in the rule's time zone, its catalog and
 * matcher, and the jobs that followed a backup through its recovery point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  GetRecoveryPointRestoreMetadataCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { scan } from '../scan/fixtures.js';
import { backupStack, stackInventory } from '../composite/fixtures.js';

const VOL_A = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0aaaaaaaaaaaaaaa1`;
const VOL_B = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0bbbbbbbbbbbbbbb2`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
const ELSEWHERE = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/far`;
const q = (params: Record<string, string>): string => new URLSearchParams({ account: ACCOUNT, ...params }).toString();

describe('console admin routes: plans and job relations', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });

  async function plan(rules: { RuleName: string; ScheduleExpression: string; ScheduleExpressionTimezone?: string; Lifecycle?: { DeleteAfterDays: number } }[]): Promise<string> {
    const out = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'p', Rules: rules.map((r) => ({ TargetBackupVaultName: 'v1', ...r })) } }));
    return out.BackupPlanId!;
  }

  it('answers each rule\'s next firings from the business clock, in the rule\'s time zone (a skipped local time does not fire)', async () => {
    const planId = await plan([
      { RuleName: 'daily', ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'America/New_York' },
      // 02:30 does not exist in New York on 8 March 2026 (daylight saving starts): only the 9th fires.
      { RuleName: 'dst', ScheduleExpression: 'cron(30 2 8,9 3 ? 2026)', ScheduleExpressionTimezone: 'America/New_York' },
      { RuleName: 'utc', ScheduleExpression: 'cron(0 12 1 * ? *)' },
    ]);
    await t.advance(3600); // 2026-01-01T01:00Z (the suite's clock starts at T0 = 2026-01-01T00:00Z)
    const res = await t.admin('GET', `/console/plans/next-firings?${q({ planId, count: '3' })}`);
    assert.equal(res.status, 200);
    const [daily, dst, utc] = res.json.rules;
    assert.equal(daily.ruleName, 'daily');
    assert.equal(daily.scheduleExpressionTimezone, 'America/New_York');
    // 05:00 EST is 10:00 UTC, counted from the clock's now (not from T0's day before).
    assert.deepEqual(daily.next, ['2026-01-01T10:00:00.000Z', '2026-01-02T10:00:00.000Z', '2026-01-03T10:00:00.000Z']);
    assert.deepEqual(dst.next, ['2026-03-09T06:30:00.000Z']);
    assert.equal(utc.scheduleExpressionTimezone, 'Etc/UTC');
    assert.deepEqual(utc.next, ['2026-01-01T12:00:00.000Z', '2026-02-01T12:00:00.000Z', '2026-03-01T12:00:00.000Z']);
    assert.equal((await t.admin('GET', `/console/plans/next-firings?${q({ planId })}`)).json.rules[0].next.length, 5, 'count defaults to 5');

    const unknown = await t.admin('GET', `/console/plans/next-firings?${q({ planId: 'nope' })}`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.json.message, /Backup plan nope does not exist/);
    for (const query of [q({}), q({ planId, count: '0' }), q({ planId, count: 'many' })]) {
      const bad = await t.admin('GET', `/console/plans/next-firings?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(typeof bad.json.message, 'string');
    }
  });

  it('marks the firings an overlapping rule of the plan supersedes, as the scheduler decides them (rule-overlap.ts)', async () => {
    const planId = await plan([
      { RuleName: 'daily', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 7 } },
      { RuleName: 'weekly', ScheduleExpression: 'cron(0 5 ? * SUN *)', Lifecycle: { DeleteAfterDays: 35 } },
    ]);
    const now = Date.parse((await t.admin('GET', '/clock')).json.now as string);
    const { rules } = (await t.admin('GET', `/console/plans/next-firings?${q({ planId, count: '5' })}`)).json as {
      rules: { ruleName: string; next: string[]; superseded: { at: string; byRuleId: string; byRuleName: string }[] }[];
    };
    const [daily, weekly] = rules;
    assert.equal(daily!.next.length, 5);
    // Each Sunday the daily rule's window overlaps the weekly rule's, which keeps its backup longer.
    const sundays = daily!.next.filter((at) => new Date(at).getUTCDay() === 0);
    assert.ok(sundays.length >= 1 && Date.parse(daily!.next[0]!) > now);
    assert.deepEqual(daily!.superseded.map((s) => [s.at, s.byRuleName]), sundays.map((at) => [at, 'weekly']));
    assert.deepEqual(weekly!.superseded, []);
  });

  it('answers the inventory resources a selection picks, with the scheduler\'s catalog and matcher', async () => {
    await t.admin('PUT', '/resources', {
      resources: [
        { arn: VOL_A, tags: { backup: 'yes' } },
        { arn: VOL_B, tags: { backup: 'no' } },
        { arn: TABLE, tags: { backup: 'yes' } },
        { arn: ELSEWHERE, tags: { backup: 'yes' } },
      ],
    });
    const planId = await plan([{ RuleName: 'daily', ScheduleExpression: 'cron(0 5 ? * * *)' }]);
    const { SelectionId } = await t.client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: planId,
        BackupSelection: { SelectionName: 'tagged', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' }], NotResources: [TABLE] },
      }),
    );
    const res = await t.admin('GET', `/console/selection-matches?${q({ planId, selectionId: SelectionId! })}`);
    assert.equal(res.status, 200);
    // Not VOL_B (tag), not TABLE (NotResources), not ELSEWHERE (another Region).
    assert.deepEqual(res.json, { resources: [{ resourceArn: VOL_A, resourceType: 'EBS', resourceName: 'vol-0aaaaaaaaaaaaaaa1' }], truncated: false });
    const missing = await t.admin('GET', `/console/selection-matches?${q({ planId, selectionId: 'nope' })}`);
    assert.equal(missing.status, 404);
    assert.match(missing.json.message, /selection nope/);
    assert.equal((await t.admin('GET', `/console/selection-matches?${q({ planId })}`)).status, 400);
  });

  it('answers the copy, restore and scan jobs that followed a backup, and a stack backup\'s child jobs', async () => {
    const { BackupJobId, RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOL_A });
    const copy = await t.client.send(
      new StartCopyJobCommand({ RecoveryPointArn, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v2`, IamRoleArn: ROLE }),
    );
    const metadata = (await t.client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn }))).RestoreMetadata;
    const restore = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn, Metadata: metadata, IamRoleArn: ROLE }));
    const scanJobId = await scan(t.client, RecoveryPointArn);
    const res = await t.admin('GET', `/console/job-relations?${q({ jobId: BackupJobId })}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.copyJobs, [{ copyJobId: copy.CopyJobId, state: 'CREATED', destinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v2` }]);
    assert.deepEqual(res.json.restoreJobs, [{ restoreJobId: restore.RestoreJobId, status: 'PENDING' }]);
    assert.deepEqual(res.json.scanJobs.map((s: { scanJobId: string }) => s.scanJobId), [scanJobId]);
    assert.deepEqual(res.json.childJobs, []);

    await stackInventory(t);
    const stack = await backupStack(t.client);
    const children = (await t.admin('GET', `/console/job-relations?${q({ jobId: stack.BackupJobId })}`)).json.childJobs;
    assert.equal(children.length, 4, 'the template and the three members AWS Backup can back up');

    const other = await t.admin('GET', `/console/job-relations?${q({ jobId: BackupJobId, account: '222222222222' })}`);
    assert.equal(other.status, 404);
    assert.match(other.json.message, /Backup job .* was not found/);
    assert.equal((await t.admin('GET', `/console/job-relations?${q({})}`)).status, 400);
  });
});
