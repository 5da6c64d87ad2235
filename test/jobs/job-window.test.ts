/**
 * Job windows (docs/jobs.md): backup, copy, restore and scan jobs are listed and described while
 * they run and for 30 days after they end, whatever the filters say; then their records are
 * deleted, except what other records still need (a resource's latest restore, a living recovery
 * point's scans).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateReportPlanCommand,
  DescribeBackupJobCommand,
  DescribeCopyJobCommand,
  DescribeProtectedResourceCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  DescribeScanJobCommand,
  GetRestoreJobMetadataCommand,
  ListBackupJobsCommand,
  ListBackupJobSummariesCommand,
  ListCopyJobsCommand,
  ListRestoreJobsByProtectedResourceCommand,
  ListRestoreJobsCommand,
  ListScanJobsCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import Database from 'better-sqlite3';
import { countRows } from '../helpers/table-rows.js';
import { ACCOUNT, errorOf, startTestServer } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { csvObjects, runReportJob } from '../audit/harness.js';
import { backup, DB, TABLE, VOLUME } from './fixtures.js';
import { backupStack, stackInventory } from '../composite/fixtures.js';
import { scan } from '../scan/fixtures.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DAY = 86_400;
const VOLUME2 = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0fedcba9876543210`;

describe('job windows and retention', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'], dataDir: true });
  const rows = (table: string): Promise<number> => countRows(t.hf.store, table);
  const notFound = async (fn: () => Promise<unknown>): Promise<void> => assert.equal((await errorOf(fn)).name, 'ResourceNotFoundException');
  const backupIds = async (input: Record<string, unknown> = {}): Promise<string[]> =>
    ((await t.client.send(new ListBackupJobsCommand(input))).BackupJobs ?? []).map((j) => j.BackupJobId!);

  it('lists and describes backup jobs until 30 days after they end, whatever the filters say, then deletes them', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: DB, backupDurationSeconds: 40 * DAY }] });
    const running = await backup(t.client, DB); // runs for 40 days
    const old = await completedBackup(t, { ResourceArn: VOLUME });
    await t.advance(20 * DAY);
    const recent = await completedBackup(t, { ResourceArn: TABLE });
    await t.advance(11 * DAY); // the old job ended 31 days ago; the running one was created 31 days ago

    assert.deepEqual(await backupIds(), [running.BackupJobId, recent.BackupJobId]);
    assert.deepEqual(await backupIds({ ByCreatedAfter: new Date(0) }), [running.BackupJobId, recent.BackupJobId]);
    assert.deepEqual(await backupIds({ ByCompleteBefore: t.at(DAY) }), []);
    assert.deepEqual(await backupIds({ ByResourceArn: VOLUME }), []);
    assert.deepEqual(await backupIds({ ByState: 'COMPLETED' }), [recent.BackupJobId]);
    await notFound(() => t.client.send(new DescribeBackupJobCommand({ BackupJobId: old.BackupJobId })));
    assert.equal((await t.client.send(new DescribeBackupJobCommand({ BackupJobId: running.BackupJobId }))).State, 'RUNNING');
    assert.equal((await t.client.send(new DescribeBackupJobCommand({ BackupJobId: recent.BackupJobId }))).State, 'COMPLETED');
    assert.equal(await rows('jobs'), 2, 'the old job was deleted at the first midnight out of its window');
    // Its recovery point stays, and with it the protected resource's LastBackupTime.
    const protectedVolume = await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: VOLUME }));
    assert.equal(protectedVolume.LastRecoveryPointArn, old.RecoveryPointArn);

    // A NextToken stays good while the clock moves (it is bound to the filter, not to the window).
    const first = await t.client.send(new ListBackupJobsCommand({ MaxResults: 1 }));
    await t.advance(3600);
    const second = await t.client.send(new ListBackupJobsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual(second.BackupJobs!.map((j) => j.BackupJobId), [recent.BackupJobId]);

    // Summaries count the jobs created in their own 14 days: the recent one only.
    const summaries = await t.client.send(new ListBackupJobSummariesCommand({ AggregationPeriod: 'FOURTEEN_DAYS', State: 'AGGREGATE_ALL', ResourceType: 'AGGREGATE_ALL' }));
    assert.deepEqual(summaries.BackupJobSummaries!.map((s) => s.Count), [1]);
  });

  it('keeps copy and restore jobs for 30 days after they end, and the latest restore beyond', async () => {
    const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: VOLUME });
    const { CopyJobId } = await t.client.send(
      new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v2`, IamRoleArn: ROLE }),
    );
    const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, IamRoleArn: ROLE, Metadata: { encrypted: 'false' } }));
    await t.advance(3600);
    const restore = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    assert.equal(restore.Status, 'COMPLETED');

    await t.advance(29 * DAY);
    assert.equal((await t.client.send(new ListCopyJobsCommand({}))).CopyJobs!.length, 1);
    assert.equal((await t.client.send(new ListRestoreJobsCommand({}))).RestoreJobs!.length, 1);

    await t.advance(DAY);
    assert.deepEqual((await t.client.send(new ListCopyJobsCommand({ ByCreatedAfter: new Date(0) }))).CopyJobs, []);
    assert.deepEqual((await t.client.send(new ListRestoreJobsCommand({ ByCreatedAfter: new Date(0) }))).RestoreJobs, []);
    assert.deepEqual((await t.client.send(new ListRestoreJobsByProtectedResourceCommand({ ResourceArn: VOLUME }))).RestoreJobs, []);
    await notFound(() => t.client.send(new DescribeCopyJobCommand({ CopyJobId })));
    await notFound(() => t.client.send(new DescribeRestoreJobCommand({ RestoreJobId })));
    await notFound(() => t.client.send(new GetRestoreJobMetadataCommand({ RestoreJobId })));

    await t.advance(DAY);
    assert.equal(await rows('jobs'), 0);
    const described = await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: VOLUME }));
    assert.deepEqual(described.LatestRestoreJobCreationDate, restore.CreationDate);
    assert.equal(described.LatestRestoreExecutionTimeMinutes, Math.ceil((restore.CompletionDate!.getTime() - restore.CreationDate!.getTime()) / 60_000));
    assert.deepEqual(described.LatestRestoreRecoveryPointCreationDate, restore.RecoveryPointCreationDate);
  });

  it('deletes a stack backup with its child jobs', async () => {
    await stackInventory(t);
    const { BackupJobId } = await backupStack(t.client);
    await t.advance(3600);
    assert.equal((await t.client.send(new DescribeBackupJobCommand({ BackupJobId }))).State, 'COMPLETED');
    assert.equal(await rows('jobs'), 5); // the parent, the template's child and three members
    await t.advance(31 * DAY);
    assert.deepEqual(await backupIds({ ByParentJobId: BackupJobId }), []);
    assert.equal(await rows('jobs'), 0);
  });

  it('lists scan jobs for 30 days and keeps only those whose recovery point still exists', async () => {
    const kept = (await completedBackup(t, { ResourceArn: VOLUME })).RecoveryPointArn;
    const deleted = (await completedBackup(t, { ResourceArn: VOLUME2, Lifecycle: { DeleteAfterDays: 1 } })).RecoveryPointArn;
    const keptScan = await scan(t.client, kept);
    const deletedScan = await scan(t.client, deleted);
    await t.advance(3600);
    assert.equal((await t.client.send(new ListScanJobsCommand({}))).ScanJobs!.length, 2);

    await t.advance(31 * DAY);
    assert.deepEqual((await t.client.send(new ListScanJobsCommand({ ByCompleteAfter: new Date(0) }))).ScanJobs, []);
    await notFound(() => t.client.send(new DescribeScanJobCommand({ ScanJobId: keptScan })));
    await notFound(() => t.client.send(new DescribeScanJobCommand({ ScanJobId: deletedScan })));
    assert.equal(await rows('scan_jobs'), 1, 'the scan of the deleted point is gone');
    const point = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: kept }));
    assert.deepEqual(point.ScanResults?.map((r) => r.ScanJobState), ['COMPLETED']);
  });

  it('keeps a bounded number of job records over a year of daily backups, and job reports still see their day', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }, { arn: TABLE }] });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'daily',
          Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: 35 } }],
        },
      }),
    );
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: [VOLUME, TABLE] } }));
    await t.advance(365 * DAY);

    // Jobs that ended in the last 30 days: two a day.
    const listed = await t.client.send(new ListBackupJobsCommand({}));
    assert.equal(listed.BackupJobs!.length, 60);
    const jobRows = await rows('jobs');
    assert.ok(jobRows <= 62, `${jobRows} job records after a year`);

    assert.equal((await t.admin('PUT', '/buckets/reports')).status, 200);
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'Jobs',
        ReportDeliveryChannel: { S3BucketName: 'reports', Formats: ['CSV'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
    await t.advance(60);
    const job = await runReportJob(t, t.client, 'Jobs');
    assert.equal(job.Status, 'COMPLETED');
    const csv = readFileSync(join(t.dataDir, 's3', 'reports', ...job.ReportDestination!.S3Keys![0]!.split('/')), 'utf8');
    assert.deepEqual(csvObjects(csv).map((r) => r.resourceArn).sort(), [VOLUME, TABLE].sort());
  });
});

describe('job windows on a database from before migration 020', () => {
  it("records each resource's latest restore and the scan jobs of deleted points", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-windows-'));
    let t = await startTestServer({ inMemory: false, dataDir: dir });
    try {
      await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
      const kept = (await completedBackup(t, { ResourceArn: VOLUME })).RecoveryPointArn;
      const deleted = (await completedBackup(t, { ResourceArn: VOLUME2, Lifecycle: { DeleteAfterDays: 1 } })).RecoveryPointArn;
      for (const rp of [kept, kept]) {
        await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, IamRoleArn: ROLE, Metadata: { encrypted: 'false' } }));
        await t.advance(3600);
      }
      await scan(t.client, kept);
      await scan(t.client, deleted);
      await t.advance(2 * DAY);
      const latest = await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: VOLUME }));
      await t.close();

      // The schema as it was before migration 020.
      const db = new Database(join(dir, 'holdfast.sqlite'));
      db.exec(`DROP INDEX jobs_ended; DROP TABLE resource_restores; DROP INDEX scan_jobs_gone; ALTER TABLE scan_jobs DROP COLUMN point_gone;
        DELETE FROM schema_migrations WHERE version = 20;`);
      db.close();

      t = await startTestServer({ inMemory: false, dataDir: dir, startTime: undefined });
      await t.advance(31 * DAY);
      assert.equal(await countRows(t.hf.store, 'jobs'), 0);
      assert.equal(await countRows(t.hf.store, 'scan_jobs'), 1, 'the scan of the deleted point is gone, the other stays');
      const after = await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: VOLUME }));
      assert.ok(latest.LatestRestoreJobCreationDate);
      assert.deepEqual(after.LatestRestoreJobCreationDate, latest.LatestRestoreJobCreationDate);
      assert.equal(after.LatestRestoreExecutionTimeMinutes, latest.LatestRestoreExecutionTimeMinutes);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
