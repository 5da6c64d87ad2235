/**
 * Backup plans end to end through the real server and the SDK: scheduled backup jobs with their
 * CreatedBy, windows, lifecycle and tags; copy actions across regions and accounts; lifecycle
 * expiry; protected resources; one backup per resource at a time; overlapping rules.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DescribeBackupJobCommand,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  type BackupClient,
  type BackupJob,
  type BackupRuleInput,
  type BackupSelection,
} from '@aws-sdk/client-backup';
import { ACCOUNT, T0, startTestServer, type TestServer } from '../helpers/server.js';
import { PlanBackupStarter } from '../../src/services/plans/plan-jobs.js';
import type { ScheduledBackupRequest } from '../../src/services/plans/contract.js';

const DAY = 86_400;
const HOUR = 3_600;
const OTHER = '222222222222';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const VOL = (n: number): string => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${n}`;
const DR_VAULT = `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:dr`;
const iso = (d: Date | undefined): string | undefined => d?.toISOString();
const at = (days: number, hours = 0): string => new Date(T0.getTime() + (days * DAY + hours * HOUR) * 1000).toISOString();

async function allJobs(client: BackupClient, input: Record<string, unknown> = {}): Promise<BackupJob[]> {
  const out: BackupJob[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListBackupJobsCommand({ ...input, NextToken: token }));
    out.push(...(page.BackupJobs ?? []));
    token = page.NextToken;
  } while (token);
  return out.sort((a, b) => a.CreationDate!.getTime() - b.CreationDate!.getTime());
}

describe('backup plans over jobs', () => {
  let t: TestServer;
  beforeEach(async () => (t = await startTestServer()));
  afterEach(async () => t.close());

  const plan = async (rules: BackupRuleInput[], selection: Partial<BackupSelection> = { Resources: ['*'] }, client = t.client) => {
    const p = await client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'daily', Rules: rules } }));
    await client.send(
      new CreateBackupSelectionCommand({ BackupPlanId: p.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: ROLE, ...selection } }),
    );
    return p;
  };
  const resources = async (entries: unknown[]) => assert.equal((await t.admin('PUT', '/resources', { resources: entries })).status, 200);

  it('fires a daily tag-selected plan 30 times in 30 days: CreatedBy, windows, lifecycle, tags, copies, expiry', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    await resources([
      { arn: VOL(1), tags: { backup: 'daily' } },
      { arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, tags: { backup: 'daily' } },
      { arn: VOL(2), tags: { backup: 'none' } },
      { arn: `arn:aws:ec2:us-west-2:${ACCOUNT}:volume/vol-9`, tags: { backup: 'daily' } }, // another region
    ]);
    const p = await plan(
      [
        {
          RuleName: 'daily',
          TargetBackupVaultName: 'main',
          ScheduleExpression: 'cron(0 5 ? * * *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 180,
          Lifecycle: { DeleteAfterDays: 7 },
          RecoveryPointTags: { source: 'plan' },
          CopyActions: [{ DestinationBackupVaultArn: DR_VAULT, Lifecycle: { DeleteAfterDays: 10 } }],
        },
      ],
      { ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] },
    );
    await t.advance(30 * DAY);

    const jobs = await allJobs(t.client);
    assert.equal(jobs.length, 60);
    assert.deepEqual(new Set(jobs.map((j) => j.ResourceArn)), new Set([VOL(1), `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`]));
    const vol = jobs.filter((j) => j.ResourceArn === VOL(1));
    assert.deepEqual(vol.map((j) => iso(j.CreationDate)), Array.from({ length: 30 }, (_, i) => at(i, 5)));
    const ruleId = vol[0]!.CreatedBy!.BackupRuleId!;
    for (const j of jobs) {
      assert.equal(j.State, 'COMPLETED');
      assert.deepEqual(j.CreatedBy, {
        BackupPlanId: p.BackupPlanId,
        BackupPlanArn: p.BackupPlanArn,
        BackupPlanName: 'daily',
        BackupPlanVersion: p.VersionId,
        BackupRuleId: ruleId,
        BackupRuleName: 'daily',
        BackupRuleCron: 'cron(0 5 ? * * *)',
        BackupRuleTimezone: 'Etc/UTC',
      });
      assert.deepEqual(j.RecoveryPointLifecycle, { DeleteAfterDays: 7 });
      assert.equal(j.StartBy!.getTime() - j.CreationDate!.getTime(), 60 * 60_000);
      assert.equal(iso(j.InitiationDate), iso(j.CreationDate));
      assert.equal(j.IamRoleArn, ROLE);
    }
    const described = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: vol[29]!.BackupJobId }));
    assert.equal(described.CreatedBy?.BackupPlanVersion, p.VersionId);

    // Source points: 7-day lifecycle, so the firings of Jan 24..30 remain at Jan 31 00:00.
    const points = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'main', ByResourceArn: VOL(1) }))).RecoveryPoints!;
    assert.deepEqual(points.map((r) => iso(r.CreationDate)).sort(), Array.from({ length: 7 }, (_, i) => at(23 + i, 5)));
    assert.equal(points[0]!.CreatedBy?.BackupPlanId, p.BackupPlanId);
    assert.deepEqual(await t.hf.store.tags.get(points[0]!.RecoveryPointArn!), { source: 'plan' });
    const byPlan = await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'main', ByBackupPlanId: p.BackupPlanId }));
    assert.equal(byPlan.RecoveryPoints!.length, 14);

    // One copy job per completed backup, from us-east-1 into us-west-2, with the copy action's lifecycle.
    const copies = (await t.client.send(new ListCopyJobsCommand({ MaxResults: 1000 }))).CopyJobs!;
    assert.equal(copies.length, 60);
    for (const c of copies) {
      assert.equal(c.State, 'COMPLETED');
      assert.equal(c.DestinationBackupVaultArn, DR_VAULT);
      assert.deepEqual(c.DestinationRecoveryPointLifecycle, { DeleteAfterDays: 10 });
      assert.equal(c.CreatedBy?.BackupPlanId, p.BackupPlanId);
      assert.ok(jobs.some((j) => j.BackupJobId === c.CreatedByBackupJobId));
    }
    // Copies live 10 days from their own creation (05:00:05): those of Jan 21..30 remain.
    const drPoints = (await west.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'dr', ByResourceArn: VOL(1) }))).RecoveryPoints!;
    assert.equal(drPoints.length, 10);
    assert.ok(drPoints.every((r) => r.SourceBackupVaultArn === `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:main`));
    assert.deepEqual(drPoints[0]!.Lifecycle, { DeleteAfterDays: 10 });

    // Protected resources: the two selected resources, last backed up by the Jan 30 firing.
    const prot = (await t.client.send(new ListProtectedResourcesCommand({}))).Results!;
    assert.deepEqual(prot.map((r) => r.ResourceArn).sort(), [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`, VOL(1)]);
    assert.ok(prot.every((r) => iso(r.LastBackupTime) === at(29, 5) && r.LastBackupVaultArn?.endsWith(':backup-vault:main')));
    const westProt = (await west.send(new ListProtectedResourcesCommand({}))).Results!;
    assert.equal(westProt.length, 2, 'the copies protect the resources in us-west-2 too');
  });

  it('copies across accounts when the destination vault policy allows it, and fails the copy when it does not', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    const other = t.clientFor(OTHER);
    await other.send(new CreateBackupVaultCommand({ BackupVaultName: 'shared' }));
    await other.send(new CreateBackupVaultCommand({ BackupVaultName: 'closed' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
    };
    await other.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'shared', Policy: JSON.stringify(policy) }));
    await resources([{ arn: VOL(1) }]);
    await plan([
      {
        RuleName: 'daily',
        TargetBackupVaultName: 'main',
        CopyActions: [
          { DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${OTHER}:backup-vault:shared`, Lifecycle: { DeleteAfterDays: 30 } },
          { DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${OTHER}:backup-vault:closed` },
        ],
      },
    ]);
    await t.advance(DAY);
    const copies = (await t.client.send(new ListCopyJobsCommand({}))).CopyJobs!;
    assert.equal(copies.length, 2);
    const ok = copies.find((c) => c.DestinationBackupVaultArn!.endsWith(':shared'))!;
    const denied = copies.find((c) => c.DestinationBackupVaultArn!.endsWith(':closed'))!;
    assert.equal(ok.State, 'COMPLETED');
    assert.equal(denied.State, 'FAILED');
    assert.match(denied.StatusMessage!, /does not allow account 111111111111 to perform backup:CopyIntoBackupVault/);
    const theirs = (await other.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'shared' }))).RecoveryPoints!;
    assert.equal(theirs.length, 1);
    assert.deepEqual(theirs[0]!.Lifecycle, { DeleteAfterDays: 30 });
  });

  it('applies the vault lock limits to scheduled jobs, and fails a firing whose vault is gone', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'locked' }));
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'locked', MinRetentionDays: 30 }));
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'doomed' }));
    await resources([{ arn: VOL(1) }]);
    await plan([
      { RuleName: 'short', TargetBackupVaultName: 'locked', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 7 } },
      { RuleName: 'gone', TargetBackupVaultName: 'doomed', ScheduleExpression: 'cron(0 17 ? * * *)' },
    ]);
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'doomed' }));
    await t.advance(DAY);
    const jobs = await allJobs(t.client);
    assert.deepEqual(jobs.map((j) => [j.CreatedBy?.BackupRuleName, j.State]), [['short', 'FAILED'], ['gone', 'FAILED']]);
    assert.match(jobs[0]!.StatusMessage!, /retention of 7 days is shorter than the minimum retention of 30 days set by the vault lock of locked/);
    assert.equal(jobs[1]!.StatusMessage, 'Backup vault doomed does not exist.');
    assert.equal(jobs[1]!.BackupVaultName, 'doomed');
  });

  it('starts a scheduled backup once per idempotency key (at-least-once delivery)', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    const starter = new PlanBackupStarter(t.hf.deps, t.hf.services.exports.jobs);
    const request: ScheduledBackupRequest = {
      backupPlanId: 'p1', backupPlanArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-plan:p1`, backupPlanName: 'p', backupPlanVersion: 'v1',
      backupRuleId: 'r1', backupRuleName: 'r', backupRuleCron: 'cron(0 5 ? * * *)', backupRuleTimezone: 'Etc/UTC', backupSelectionId: 's1',
      backupVaultName: 'main', resourceArn: VOL(1), iamRoleArn: ROLE, startWindowMinutes: 60, completionWindowMinutes: 120,
      copyActions: [], enableContinuousBackup: false, scheduledAt: T0.getTime(), idempotencyKey: `p1/r1/${VOL(1)}/${T0.getTime()}`,
    };
    const scope = { accountId: ACCOUNT, region: 'us-east-1' };
    await starter.startScheduledBackup(scope, request);
    await starter.startScheduledBackup(scope, request);
    await starter.startScheduledBackup(scope, { ...request, backupVaultName: 'missing', idempotencyKey: 'k2' });
    await starter.startScheduledBackup(scope, { ...request, backupVaultName: 'missing', idempotencyKey: 'k2' });
    assert.equal((await allJobs(t.client)).length, 2);
  });

  it('a firing whose resource is still being backed up waits in CREATED and EXPIRES when its start window passes', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    // A 26-hour backup: the next day's firing finds it still running.
    await resources([{ arn: VOL(1), backupDurationSeconds: 26 * HOUR }, { arn: VOL(2), backupDurationSeconds: 26 * HOUR }]);
    await plan([{ RuleName: 'daily', TargetBackupVaultName: 'main', StartWindowMinutes: 60 }], { Resources: [VOL(1)] });
    await t.client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'wide', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'main', StartWindowMinutes: 180 }] } }),
    ).then((out) =>
      t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: out.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [VOL(2)] } })),
    );
    await t.advance(DAY + 5 * HOUR + 30 * 60); // Jan 2 05:30: the second firing waits
    const waiting = (await allJobs(t.client, { ByResourceArn: VOL(1) }))[1]!;
    assert.equal(waiting.State, 'CREATED');
    assert.match(waiting.StatusMessage!, /Waiting to start: backup job [0-9A-F-]+ of the same resource was still running/);
    await t.advance(DAY);

    const narrow = await allJobs(t.client, { ByResourceArn: VOL(1) });
    assert.deepEqual(narrow.map((j) => j.State), ['COMPLETED', 'EXPIRED', 'RUNNING']);
    assert.equal(iso(narrow[1]!.CompletionDate), at(1, 6), 'expired at the end of its 60-minute start window');
    assert.equal(
      narrow[1]!.StatusMessage,
      `The backup job did not start within its start window of 60 minutes: backup job ${narrow[0]!.BackupJobId} of the same resource was still running (AWS runs one backup job per resource at a time).`,
    );
    assert.equal(iso(narrow[0]!.CompletionDate), at(1, 7));

    // With a 3-hour start window the waiting job starts when the running one completes (07:00).
    const wide = await allJobs(t.client, { ByResourceArn: VOL(2) });
    assert.deepEqual(wide.map((j) => j.State), ['COMPLETED', 'RUNNING', 'CREATED']);
    const second = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: wide[1]!.BackupJobId }));
    assert.equal(second.StatusMessage, undefined);
    assert.equal(iso(second.ExpectedCompletionDate), new Date(Date.parse(at(1, 7)) + 26 * HOUR * 1000).toISOString());
  });

  it('overlapping rules of one plan back up once, for the rule with the longer retention', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    await resources([{ arn: VOL(1) }]);
    await plan([
      { RuleName: 'daily', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 } },
      // Sundays at 07:00, inside the daily rule's 8-hour start window: the weekly rule keeps longer.
      { RuleName: 'weekly', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 7 ? * SUN *)', Lifecycle: { DeleteAfterDays: 90 } },
    ]);
    await t.advance(14 * DAY);
    const jobs = await allJobs(t.client);
    const rows = jobs.map((j) => `${iso(j.CreationDate)} ${j.CreatedBy?.BackupRuleName}`);
    // 2026-01-04 and 2026-01-11 are Sundays.
    const expected = Array.from({ length: 14 }, (_, i) => (i === 3 || i === 10 ? `${at(i, 7)} weekly` : `${at(i, 5)} daily`));
    assert.deepEqual(rows, expected);
  });
});
