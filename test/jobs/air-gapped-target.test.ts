/**
 * Backups whose primary target is a logically air-gapped vault (StartBackupJob's
 * LogicallyAirGappedBackupVaultArn, a plan rule's TargetLogicallyAirGappedBackupVaultArn):
 * fully managed types land in the LAG vault directly, other LAG-supported types are copied there
 * from the backup vault, unsupported types stay in the backup vault; the ARN is checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateLogicallyAirGappedBackupVaultCommand,
  DescribeBackupJobCommand,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { createAirGappedVault } from '../helpers/air-gapped.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { BUCKET, DB, FILE_SYSTEM, VOLUME } from './fixtures.js';

const LAG_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:lag`;
const V1_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`;
const KEEP = { DeleteAfterDays: 10 }; // inside the LAG vault's 7..30 days

describe('backups with a logically air-gapped target', () => {
  const t = suiteServer({ vaults: ['v1'], each: async (s) => void (await createAirGappedVault(s, { BackupVaultName: 'lag' })) });

  const pointsIn = async (name: string) =>
    (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: name }))).RecoveryPoints!.map((p) => ({
      arn: p.RecoveryPointArn,
      vault: p.BackupVaultName,
      vaultArn: p.BackupVaultArn,
      type: p.VaultType,
      resource: p.ResourceArn,
    }));
  const start = (input: Record<string, unknown>) =>
    t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', IamRoleArn: ROLE, ResourceArn: BUCKET, Lifecycle: KEEP, ...input }));

  it('backs a fully managed resource (S3, EFS) up directly into the LAG vault: job and point show it', async () => {
    for (const resource of [BUCKET, FILE_SYSTEM]) {
      const done = await completedBackup(t, { ResourceArn: resource, LogicallyAirGappedBackupVaultArn: LAG_ARN, Lifecycle: KEEP });
      const job = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: done.BackupJobId }));
      assert.deepEqual([job.BackupVaultName, job.BackupVaultArn, job.VaultType], ['lag', LAG_ARN, 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT']);
      assert.ok((await pointsIn('lag')).some((p) => p.arn === done.RecoveryPointArn && p.vaultArn === LAG_ARN && p.type === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT'));
    }
    assert.deepEqual(await pointsIn('v1'), []);
    const byVault = await t.client.send(new ListBackupJobsCommand({ ByBackupVaultName: 'lag' }));
    assert.equal(byVault.BackupJobs!.length, 2);
  });

  it('backs a supported, not fully managed resource (EBS) up in the backup vault, copies it into the LAG vault, then removes the temporary point', async () => {
    const done = await completedBackup(t, { ResourceArn: VOLUME, LogicallyAirGappedBackupVaultArn: LAG_ARN, Lifecycle: KEEP });
    const job = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: done.BackupJobId }));
    assert.deepEqual([job.BackupVaultName, job.BackupVaultArn, job.VaultType], ['v1', V1_ARN, 'BACKUP_VAULT']);
    await t.advance(3600);
    const copies = (await t.client.send(new ListCopyJobsCommand({}))).CopyJobs!;
    assert.equal(copies.length, 1);
    const copy = copies[0]!;
    assert.deepEqual(
      [copy.State, copy.SourceRecoveryPointArn, copy.SourceBackupVaultArn, copy.DestinationBackupVaultArn, copy.CreatedByBackupJobId],
      ['COMPLETED', done.RecoveryPointArn, V1_ARN, LAG_ARN, done.BackupJobId],
    );
    assert.deepEqual((await pointsIn('lag')).map((p) => [p.arn, p.resource]), [[copy.DestinationRecoveryPointArn, VOLUME]]);
    // The temporary point in the backup vault is removed once copied.
    assert.deepEqual(await pointsIn('v1'), []);
  });

  it('leaves a type LAG vaults do not support (RDS) in the backup vault only', async () => {
    const done = await completedBackup(t, { ResourceArn: DB, LogicallyAirGappedBackupVaultArn: LAG_ARN, Lifecycle: KEEP });
    await t.advance(3600);
    assert.deepEqual((await pointsIn('v1')).map((p) => p.arn), [done.RecoveryPointArn]);
    assert.deepEqual(await pointsIn('lag'), []);
    assert.deepEqual((await t.client.send(new ListCopyJobsCommand({}))).CopyJobs, []);
  });

  it('refuses the ARN of a standard vault, of another account or Region, of a missing vault, or a malformed one', async () => {
    const standard = await errorOf(() => start({ LogicallyAirGappedBackupVaultArn: V1_ARN }));
    assert.equal(standard.name, 'InvalidParameterValueException');
    assert.equal(standard.message, 'LogicallyAirGappedBackupVaultArn must name a logically air-gapped vault; backup vault v1 is a BACKUP_VAULT.');
    const other = await errorOf(() => start({ LogicallyAirGappedBackupVaultArn: 'arn:aws:backup:us-west-2:111111111111:backup-vault:lag' }));
    assert.equal(other.name, 'InvalidParameterValueException');
    assert.match(other.message, /must be in the same account and Region as the backup job \(111111111111, us-east-1\)/);
    const missing = await errorOf(() => start({ LogicallyAirGappedBackupVaultArn: `${LAG_ARN}-gone` }));
    assert.deepEqual([missing.name, missing.message], ['ResourceNotFoundException', 'Backup vault lag-gone does not exist.']);
    const bad = await errorOf(() => start({ LogicallyAirGappedBackupVaultArn: 'lag' }));
    assert.equal(bad.name, 'InvalidParameterValueException');
    assert.deepEqual((await t.client.send(new ListBackupJobsCommand({}))).BackupJobs, []);
  });

  it('refuses a LAG vault that is still CREATING', async () => {
    await t.client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'fresh', MinRetentionDays: 7, MaxRetentionDays: 30 }));
    const e = await errorOf(() => start({ LogicallyAirGappedBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:fresh` }));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, 'Backup vault fresh is CREATING; backup jobs can target it only once its VaultState is AVAILABLE (see DescribeBackupVault).');
  });

  it("fails a direct backup whose retention is outside the LAG vault's range", async () => {
    for (const Lifecycle of [{ DeleteAfterDays: 3 }, { DeleteAfterDays: 31 }, {}]) await start({ LogicallyAirGappedBackupVaultArn: LAG_ARN, Lifecycle });
    await t.advance(3600);
    const jobs = (await t.client.send(new ListBackupJobsCommand({}))).BackupJobs!;
    assert.deepEqual(
      jobs.map((j) => [j.State, j.BackupVaultName, j.StatusMessage]).sort(),
      [
        ['FAILED', 'lag', 'The recovery point would be kept for 31 days, longer than the maximum retention of 30 days set by the vault lock of lag.'],
        ['FAILED', 'lag', 'The recovery point would be kept indefinitely, longer than the maximum retention of 30 days set by the vault lock of lag.'],
        ['FAILED', 'lag', "The recovery point's retention of 3 days is shorter than the minimum retention of 7 days set by the vault lock of lag."],
      ].sort(),
    );
    assert.deepEqual(await pointsIn('lag'), []);
  });

  it('fires a plan rule with TargetLogicallyAirGappedBackupVaultArn on the clock and lands its backups in the LAG vault', async () => {
    assert.equal((await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET }] })).status, 200);
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'to-lag',
          Rules: [
            { RuleName: 'daily', TargetBackupVaultName: 'v1', TargetLogicallyAirGappedBackupVaultArn: LAG_ARN, ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: KEEP },
          ],
        },
      }),
    );
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [BUCKET] } }));
    await t.advance(2 * 86_400);
    const jobs = (await t.client.send(new ListBackupJobsCommand({}))).BackupJobs!;
    assert.equal(jobs.length, 2);
    for (const j of jobs) {
      assert.deepEqual([j.State, j.BackupVaultName, j.BackupVaultArn, j.CreatedBy?.BackupPlanId], ['COMPLETED', 'lag', LAG_ARN, plan.BackupPlanId]);
    }
    const points = await pointsIn('lag');
    assert.deepEqual(points.map((p) => p.arn).sort(), jobs.map((j) => j.RecoveryPointArn).sort());
    assert.deepEqual(await pointsIn('v1'), []);
  });
});
