import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeRestoreJobCommand,
  GetRestoreJobMetadataCommand,
  GetRestoreTestingInferredMetadataCommand,
  GetRestoreTestingPlanCommand,
  ListRestoreJobsCommand,
  PutRestoreValidationResultCommand,
  StartRestoreJobCommand,
  UpdateRestoreTestingPlanCommand,
  type RestoreJobsListMember,
} from '@aws-sdk/client-backup';
import { errorOf } from '../helpers/server.js';
import { completedBackup, completedBackups } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { createPlan, createSelection, ROLE, TABLE, vaultArn, VOLUME, VOLUME2 } from './fixtures.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('restore testing plans firing on the clock', () => {
  // Every test starts at the next UTC midnight (t.at(0)).
  const t = suiteServer({
    vaults: ['v1', 'scratch-1'],
    each: async (t) => {
      const now = t.hf.clock.nowMs();
      await t.advance((Math.ceil((now + 1) / (DAY * 1000)) * DAY * 1000 - now) / 1000);
    },
  });
  const { at } = t;
  /** Advances the clock to at(seconds). */
  const until = (seconds: number): Promise<void> => t.advance((t.base + seconds * 1000 - t.hf.clock.nowMs()) / 1000);
  /** A completed backup (the clock moves 60 s): its recovery point ARN. */
  const backup = async (resource: string, vault = 'v1'): Promise<string> =>
    (await completedBackup(t, { BackupVaultName: vault, ResourceArn: resource })).RecoveryPointArn;
  const jobsOf = async (planArn: string): Promise<RestoreJobsListMember[]> =>
    (await t.client.send(new ListRestoreJobsCommand({ ByRestoreTestingPlanArn: planArn }))).RestoreJobs!;
  const describe_ = async (id: string) => t.client.send(new DescribeRestoreJobCommand({ RestoreJobId: id }));

  it('fires daily for several days, restoring the latest point in the window from included vaults only', async () => {
    const { RestoreTestingPlanArn: planArn } = await createPlan(t.client, 'daily', {
      RecoveryPointSelection: {
        Algorithm: 'LATEST_WITHIN_WINDOW',
        IncludeVaults: ['*'],
        ExcludeVaults: ['arn:aws:backup:*:*:backup-vault:scratch-*'],
        RecoveryPointTypes: ['SNAPSHOT'],
        SelectionWindowDays: 2,
      },
      StartWindowHours: 3,
    });
    await createSelection(t.client, 'daily', 'ebs_sel', {
      ProtectedResourceArns: [VOLUME, VOLUME2],
      ValidationWindowHours: 2,
      RestoreMetadataOverrides: { AvailabilityZone: 'us-east-1c' },
    });
    // VOLUME2 is backed up once, on day 0: it falls out of the two-day window by day 2's firing.
    const vol2Point = await backup(VOLUME2);
    const expected: string[] = [];
    for (let d = 0; d < 3; d++) {
      await until(d * DAY + HOUR);
      expected.push(await backup(VOLUME));
      await until(d * DAY + 2 * HOUR);
      await backup(VOLUME, 'scratch-1'); // newer, but in an excluded vault
      await until(d * DAY + 6 * HOUR);
    }
    const jobs = await jobsOf(planArn!);
    const firings = jobs.map((j) => [j.CreationDate!.toISOString(), j.RecoveryPointArn]);
    assert.deepEqual(firings, [
      [at(5 * HOUR).toISOString(), expected[0]],
      [at(5 * HOUR).toISOString(), vol2Point],
      [at(DAY + 5 * HOUR).toISOString(), expected[1]],
      [at(DAY + 5 * HOUR).toISOString(), vol2Point],
      [at(2 * DAY + 5 * HOUR).toISOString(), expected[2]],
    ]);
    for (const j of jobs) {
      assert.deepEqual(j.CreatedBy, { RestoreTestingPlanArn: planArn });
      assert.equal(j.Status, 'COMPLETED');
      assert.equal(j.IamRoleArn, ROLE);
      assert.equal(j.BackupVaultArn, vaultArn('v1'));
    }
    const plan = (await t.client.send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: 'daily' }))).RestoreTestingPlan!;
    assert.deepEqual(plan.LastExecutionTime, at(2 * DAY + 5 * HOUR));
    // Restore jobs of no plan stay out of the filtered list.
    await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: expected[2], IamRoleArn: ROLE, Metadata: {} }));
    assert.equal((await jobsOf(planArn!)).length, 5);
    assert.equal((await t.client.send(new ListRestoreJobsCommand({}))).RestoreJobs!.length, 6);

    const metadata = (await t.client.send(new GetRestoreJobMetadataCommand({ RestoreJobId: jobs[4]!.RestoreJobId }))).Metadata!;
    assert.equal(metadata.AvailabilityZone, 'us-east-1c');
    assert.equal(metadata.availabilityZone, undefined, 'the override replaces the inferred key whatever its case');
    assert.equal(metadata.encrypted, 'true');
  });

  it('keeps the restored resource for the validation window, then deletes it; validation results end the window early', async () => {
    const { RestoreTestingPlanArn: planArn } = await createPlan(t.client, 'p', { ScheduleExpression: 'cron(0 5 ? * * *)' });
    await createSelection(t.client, 'p', 'ebs_sel', { ProtectedResourceArns: [VOLUME, VOLUME2], ValidationWindowHours: 3 });
    await backup(VOLUME);
    await backup(VOLUME2);
    await until(5 * HOUR + 60);
    const [a, b] = (await jobsOf(planArn!)).map((j) => j.RestoreJobId!);
    assert.ok(a && b);
    const restored = await describe_(a);
    assert.equal(restored.Status, 'COMPLETED');
    assert.deepEqual(restored.CompletionDate, at(5 * HOUR + 5));
    assert.equal(restored.DeletionStatus, undefined);
    assert.equal(restored.ValidationStatus, undefined);

    await t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: a, ValidationStatus: 'VALIDATING', ValidationStatusMessage: 'checking rows' }));
    let described = await describe_(a);
    assert.equal(described.ValidationStatus, 'VALIDATING');
    assert.equal(described.ValidationStatusMessage, 'checking rows');

    await until(6 * HOUR);
    await t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: b, ValidationStatus: 'SUCCESSFUL', ValidationStatusMessage: 'all good' }));
    await t.advance(0);
    described = await describe_(b);
    assert.equal(described.ValidationStatus, 'SUCCESSFUL');
    assert.equal(described.DeletionStatus, 'DELETING', 'a final verdict ends the validation window at once');
    assert.ok(described.CreatedResourceArn);
    assert.equal(described.DeletionStatusMessage, `Deleting the resource this restore test created (${described.CreatedResourceArn}).`);
    const again = await errorOf(() => t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: b, ValidationStatus: 'FAILED' })));
    assert.equal(again.name, 'InvalidRequestException');
    assert.match(again.message, /validation window of restore job .* has closed/);
    await t.advance(5 * 60);
    assert.equal((await describe_(b)).DeletionStatus, 'SUCCESSFUL');

    // a was still VALIDATING when its three hours ran out.
    await until(8 * HOUR + 4);
    assert.equal((await describe_(a)).DeletionStatus, undefined);
    await until(8 * HOUR + 5);
    described = await describe_(a);
    assert.equal(described.ValidationStatus, 'TIMED_OUT');
    assert.match(described.ValidationStatusMessage!, /validation window of 3 hours closed/);
    assert.equal(described.DeletionStatus, 'DELETING');
    await until(8 * HOUR + 5 + 300);
    const listed = (await jobsOf(planArn!)).find((j) => j.RestoreJobId === a)!;
    assert.equal(listed.DeletionStatus, 'SUCCESSFUL');
    assert.equal(listed.ValidationStatus, 'TIMED_OUT');
  });

  it('refuses validation results for unknown jobs, jobs of no plan and unfinished jobs', async () => {
    const rp = await backup(VOLUME);
    const unknown = await errorOf(() => t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: 'NOPE', ValidationStatus: 'SUCCESSFUL' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    const { RestoreJobId: manual } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, IamRoleArn: ROLE, Metadata: {} }));
    const notTest = await errorOf(() => t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: manual, ValidationStatus: 'SUCCESSFUL' })));
    assert.equal(notTest.name, 'InvalidRequestException');
    assert.match(notTest.message, /not started by a restore testing plan/);
    const badStatus = await errorOf(() => t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: manual, ValidationStatus: 'GREAT' as never })));
    assert.equal(badStatus.name, 'InvalidParameterValueException');

    const { RestoreTestingPlanArn: planArn } = await createPlan(t.client, 'p');
    await createSelection(t.client, 'p', 'ebs_sel', { ProtectedResourceArns: [VOLUME] });
    await until(5 * HOUR);
    const [job] = await jobsOf(planArn!);
    assert.equal(job!.Status, 'RUNNING');
    const running = await errorOf(() => t.client.send(new PutRestoreValidationResultCommand({ RestoreJobId: job!.RestoreJobId, ValidationStatus: 'SUCCESSFUL' })));
    assert.equal(running.name, 'InvalidRequestException');
    assert.match(running.message, /is RUNNING; a validation result can be sent only for a COMPLETED restore job/);
  });

  it('with ["*"] and conditions, restores one random matching resource; RANDOM_WITHIN_WINDOW picks a point in the window', async () => {
    const other = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0aaaaaaaaaaaaaaa0';
    await t.admin('PUT', '/resources', {
      resources: [
        { arn: VOLUME, tags: { env: 'prod' } },
        { arn: VOLUME2, tags: { env: 'prod', tier: 'scratch' } },
        { arn: other, tags: { env: 'dev' } },
      ],
    });
    const { RestoreTestingPlanArn: planArn } = await createPlan(t.client, 'p', {
      RecoveryPointSelection: { Algorithm: 'RANDOM_WITHIN_WINDOW', IncludeVaults: [vaultArn('v1')], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 1 },
    });
    await createSelection(t.client, 'p', 'ebs_sel', {
      ProtectedResourceArns: ['*'],
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }], StringNotEquals: [{ Key: 'aws:ResourceTag/tier', Value: 'scratch' }] },
    });
    await createSelection(t.client, 'p', 'ddb_sel', { ProtectedResourceType: 'DynamoDB', ProtectedResourceArns: [TABLE] });
    const inWindow = new Set<string>();
    for (const resource of [VOLUME, VOLUME2, other]) {
      const rp = await backup(resource);
      if (resource === VOLUME) inWindow.add(rp);
    }
    await until(HOUR);
    await backup(VOLUME, 'scratch-1'); // not in IncludeVaults
    for (let h = 2; h <= 4; h++) {
      await until(h * HOUR);
      inWindow.add(await backup(VOLUME));
    }
    await until(DAY + 6 * HOUR);
    const jobs = await jobsOf(planArn!);
    // Day 0: one resource of the wildcard selection (VOLUME2 is scratch, the other one dev), and
    // nothing for the table, which has no recovery point. Day 1: every point is older than the
    // one-day window, so nothing at all.
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.SourceResourceArn, VOLUME);
    assert.deepEqual(jobs[0]!.CreationDate, at(5 * HOUR));
    assert.ok(inWindow.has(jobs[0]!.RecoveryPointArn!), 'a random point of VOLUME from vault v1 within the window');
    const plan = (await t.client.send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: 'p' }))).RestoreTestingPlan!;
    assert.deepEqual(plan.LastExecutionTime, at(5 * HOUR), 'a firing that restores nothing is not an execution');
  });

  it('fires in the plan time zone, and an update reschedules it', async () => {
    const { RestoreTestingPlanArn: planArn } = await createPlan(t.client, 'ny', { ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'America/New_York' });
    await createSelection(t.client, 'ny', 'ebs_sel', { ProtectedResourceArns: [VOLUME] });
    await backup(VOLUME);
    await until(9 * HOUR + 59 * 60);
    assert.equal((await jobsOf(planArn!)).length, 0);
    await until(10 * HOUR);
    const [first] = await jobsOf(planArn!);
    assert.deepEqual(first!.CreationDate, at(10 * HOUR), '05:00 in New York is 10:00 UTC in winter');

    await t.client.send(new UpdateRestoreTestingPlanCommand({ RestoreTestingPlanName: 'ny', RestoreTestingPlan: { ScheduleExpression: 'cron(0 12 ? * * *)' } }));
    await until(DAY + 17 * HOUR);
    const jobs = await jobsOf(planArn!);
    assert.deepEqual(jobs.map((j) => j.CreationDate), [at(10 * HOUR), at(17 * HOUR), at(DAY + 17 * HOUR)]);
  });

  it('previews inferred metadata for a recovery point', async () => {
    const [{ RecoveryPointArn: rp }, { RecoveryPointArn: table }] = await completedBackups(t, [{ ResourceArn: VOLUME }, { ResourceArn: TABLE }]);
    const ebs = (await t.client.send(new GetRestoreTestingInferredMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp }))).InferredMetadata!;
    assert.equal(ebs.encrypted, 'true');
    assert.match(ebs.availabilityZone!, /^us-east-1[abc]$/);
    const ddb = (await t.client.send(new GetRestoreTestingInferredMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn: table }))).InferredMetadata!;
    assert.equal(ddb.deletionProtection, 'false');
    assert.match(ddb.targetTableName!, /^awsbackup-restore-test-/);
    const wrongVault = await errorOf(() => t.client.send(new GetRestoreTestingInferredMetadataCommand({ BackupVaultName: 'scratch-1', RecoveryPointArn: rp })));
    assert.equal(wrongVault.name, 'ResourceNotFoundException');
    const otherAccount = await errorOf(() =>
      t.client.send(new GetRestoreTestingInferredMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, BackupVaultAccountId: '222222222222' })),
    );
    assert.equal(otherAccount.name, 'ResourceNotFoundException');
  });
});
