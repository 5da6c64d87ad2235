/**
 * A backup plan rule's ScanActions scan the backups it makes: on the clock, with the plan's
 * ScanSettings (resource types, scanner role), CreatedBy naming the plan and rule, and
 * INCREMENTAL_SCAN based on the newest earlier point of the resource that a scan completed.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  DescribeRecoveryPointCommand,
  DescribeScanJobCommand,
  ListBackupJobsCommand,
  ListScanJobsCommand,
  UpdateBackupPlanCommand,
  type BackupPlanInput,
  type BackupRuleInput,
  type ScanJob,
  type ScanSetting,
} from '@aws-sdk/client-backup';
import { ACCOUNT, T0, startTestServer, type TestServer } from '../helpers/server.js';
import { BUCKET, INSTANCE, ROLE, SCANNER_ROLE, TABLE, vault, VOLUME } from './fixtures.js';

const DAY = 86_400;
const HOUR = 3_600;
const at = (seconds: number): number => T0.getTime() + seconds * 1000;
const GUARDDUTY = 'GUARDDUTY';
const settings = (types: string[]): ScanSetting[] => [{ MalwareScanner: GUARDDUTY, ResourceTypes: types, ScannerRoleArn: SCANNER_ROLE }];
const rule = (extra: Partial<BackupRuleInput> = {}): BackupRuleInput => ({
  RuleName: 'daily',
  TargetBackupVaultName: 'v1',
  ScheduleExpression: 'cron(0 5 ? * * *)',
  ...extra,
});

describe('plan ScanActions', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
    await vault(t.client);
  });
  afterEach(async () => t.close());

  const plan = async (doc: Omit<BackupPlanInput, 'BackupPlanName'>, resources: string[], name = 'scanned') => {
    const p = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: name, ...doc } }));
    await t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: p.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: ROLE, Resources: resources } }));
    return p;
  };
  const scanJobs = async (): Promise<ScanJob[]> => (await t.client.send(new ListScanJobsCommand({}))).ScanJobs ?? [];
  const backupOf = async (resourceArn: string) => (await t.client.send(new ListBackupJobsCommand({ ByResourceArn: resourceArn }))).BackupJobs ?? [];

  it('scans each completed backup of a covered type on the clock, with the rule, plan and scanner role', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }, { arn: INSTANCE }, { arn: TABLE }] });
    const p = await plan({ Rules: [rule({ ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'FULL_SCAN' }] })], ScanSettings: settings(['EBS']) }, [VOLUME, INSTANCE, TABLE]);
    await t.advance(5 * HOUR - 1);
    assert.deepEqual(await scanJobs(), []);
    await t.advance(1); // 05:00: the rule fires; the backups take their default minutes to complete
    assert.deepEqual(await scanJobs(), []);
    await t.advance(HOUR);
    const [backup] = await backupOf(VOLUME);
    assert.equal(backup?.State, 'COMPLETED');
    assert.equal((await backupOf(INSTANCE))[0]?.State, 'COMPLETED');
    assert.equal((await backupOf(TABLE))[0]?.State, 'COMPLETED');

    // Only the EBS backup is scanned: the plan's ScanSettings cover EBS only (EC2 could be, DynamoDB cannot).
    const jobs = await scanJobs();
    assert.equal(jobs.length, 1);
    const job = jobs[0]!;
    assert.equal(job.ResourceArn, VOLUME);
    assert.equal(job.ResourceType, 'EBS');
    assert.equal(job.RecoveryPointArn, backup.RecoveryPointArn);
    assert.equal(job.BackupVaultName, 'v1');
    assert.equal(job.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.equal(job.AccountId, ACCOUNT);
    assert.equal(job.IamRoleArn, ROLE);
    assert.equal(job.ScannerRoleArn, SCANNER_ROLE);
    assert.equal(job.MalwareScanner, GUARDDUTY);
    assert.equal(job.ScanMode, 'FULL_SCAN');
    assert.equal(job.ScanBaseRecoveryPointArn, undefined);
    assert.deepEqual(job.CreatedBy, {
      BackupPlanArn: p.BackupPlanArn,
      BackupPlanId: p.BackupPlanId,
      BackupPlanVersion: p.VersionId,
      BackupRuleId: backup.CreatedBy!.BackupRuleId,
    });
    assert.ok(backup.CreatedBy!.BackupRuleId);
    // Created when the backup completed; GuardDuty picks it up a minute later and scans for five.
    assert.equal(job.CreationDate!.getTime(), backup.CompletionDate!.getTime());
    const done = backup.CompletionDate!.getTime();
    assert.equal(job.State, 'COMPLETED');
    assert.equal(job.CompletionDate!.getTime(), done + 60_000 + 300_000);
    assert.deepEqual(job.ScanResult, { ScanResultStatus: 'NO_THREATS_FOUND' });
    const described = await t.client.send(new DescribeScanJobCommand({ ScanJobId: job.ScanJobId }));
    assert.deepEqual(described.CreatedBy, job.CreatedBy);
    assert.ok(described.ScanId);
    const point = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: backup.RecoveryPointArn }));
    assert.deepEqual(point.ScanResults?.map((r) => [r.MalwareScanner, r.ScanJobState, r.Findings]), [[GUARDDUTY, 'COMPLETED', []]]);
  });

  it('walks through CREATED and RUNNING on the clock', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, backupDurationSeconds: 600, scanDurationSeconds: 1200 }] });
    await plan({ Rules: [rule({ ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'FULL_SCAN' }] })], ScanSettings: settings(['ALL']) }, [VOLUME]);
    await t.advance(5 * HOUR + 599);
    assert.deepEqual(await scanJobs(), []); // the backup is still running
    await t.advance(1);
    assert.deepEqual((await scanJobs()).map((j) => [j.State, j.CreationDate!.getTime()]), [['CREATED', at(5 * HOUR + 600)]]);
    await t.advance(60);
    assert.deepEqual((await scanJobs()).map((j) => j.State), ['RUNNING']);
    await t.advance(1199);
    assert.deepEqual((await scanJobs()).map((j) => j.State), ['RUNNING']);
    await t.advance(1);
    assert.deepEqual((await scanJobs()).map((j) => [j.State, j.CompletionDate!.getTime()]), [['COMPLETED', at(5 * HOUR + 600 + 60 + 1200)]]);
  });

  it('makes no scan job for a rule without ScanActions, nor for types the ScanSettings leave out', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }, { arn: INSTANCE }, { arn: BUCKET }] });
    // The plan scans, but only its rule 'scanned' asks for it; 'plain' backs up the same volume at noon.
    await plan(
      {
        Rules: [
          // One-hour start windows, so that the rules' firings do not overlap (and merge).
          rule({ RuleName: 'plain', ScheduleExpression: 'cron(0 12 ? * * *)', StartWindowMinutes: 60 }),
          rule({ RuleName: 'scanned', ScheduleExpression: 'cron(0 5 ? * * *)', StartWindowMinutes: 60, ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'FULL_SCAN' }] }),
        ],
        ScanSettings: settings(['EBS', 'S3']),
      },
      [VOLUME, INSTANCE, BUCKET],
    );
    await t.advance(DAY);
    const backups = (await t.client.send(new ListBackupJobsCommand({}))).BackupJobs ?? [];
    assert.equal(backups.length, 6);
    assert.ok(backups.every((b) => b.State === 'COMPLETED'));
    const scanned = (await scanJobs()).map((j) => [j.ResourceArn, j.CreationDate!.getTime() < at(12 * HOUR)]).sort();
    // The 05:00 backups of the EBS volume and the S3 bucket; not the EC2 instance, not the noon backups.
    assert.deepEqual(scanned, [[BUCKET, true], [VOLUME, true]].sort());
  });

  it('starts no scan job for a plan without ScanActions', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }] });
    await plan({ Rules: [rule()], ScanSettings: settings(['ALL']) }, [VOLUME]);
    await t.advance(2 * DAY);
    assert.equal((await backupOf(VOLUME)).length, 2);
    assert.deepEqual(await scanJobs(), []);
  });

  it('scans incrementally from the newest earlier point a scan completed; the first scan is full', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }] });
    await plan({ Rules: [rule({ ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'INCREMENTAL_SCAN' }] })], ScanSettings: settings(['EBS']) }, [VOLUME]);
    const points = async () => (await backupOf(VOLUME)).sort((a, b) => a.CreationDate!.getTime() - b.CreationDate!.getTime()).map((b) => b.RecoveryPointArn!);
    const jobsInOrder = async () => (await scanJobs()).map((j) => [j.RecoveryPointArn, j.ScanMode, j.ScanBaseRecoveryPointArn, j.State]);

    await t.advance(DAY); // day 1: nothing scanned before, so a full scan
    await t.advance(DAY); // day 2: incremental from day 1
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, scanOutcome: 'FAILED' }] });
    await t.advance(DAY); // day 3: incremental from day 2, and it fails
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }] });
    await t.advance(DAY); // day 4: day 3's scan failed, so the base is still day 2
    const [p1, p2, p3, p4] = await points();
    assert.deepEqual(await jobsInOrder(), [
      [p1, 'FULL_SCAN', undefined, 'COMPLETED'],
      [p2, 'INCREMENTAL_SCAN', p1, 'COMPLETED'],
      [p3, 'INCREMENTAL_SCAN', p2, 'FAILED'],
      [p4, 'INCREMENTAL_SCAN', p2, 'COMPLETED'],
    ]);
  });

  it('scans in full again when the scanned points of the resource are gone', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }] });
    await plan(
      { Rules: [rule({ Lifecycle: { DeleteAfterDays: 1 }, ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'INCREMENTAL_SCAN' }] })], ScanSettings: settings(['EBS']) },
      [VOLUME],
    );
    await t.advance(3 * DAY);
    // Each day's point expires a day after its creation, before the next backup completes: no scanned point is left to compare with.
    assert.deepEqual(
      (await scanJobs()).map((j) => [j.ScanMode, j.ScanBaseRecoveryPointArn, j.State]),
      [0, 1, 2].map(() => ['FULL_SCAN', undefined, 'COMPLETED']),
    );
  });

  it('scans a continuous (point-in-time) backup in full, over its time range', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET }] });
    await plan(
      {
        Rules: [rule({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 }, ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'INCREMENTAL_SCAN' }] })],
        ScanSettings: settings(['S3']),
      },
      [BUCKET],
    );
    await t.advance(2 * DAY);
    const jobs = await scanJobs();
    assert.equal(jobs.length, 2);
    for (const j of jobs) {
      assert.equal(j.ScanMode, 'FULL_SCAN'); // GuardDuty scans no continuous backup incrementally
      assert.equal(j.ScanBaseRecoveryPointArn, undefined);
      assert.equal(j.State, 'COMPLETED');
      assert.ok(j.ContinuousScanStartTime && j.ContinuousScanEndTime);
      assert.equal(j.ContinuousScanEndTime.getTime(), j.CreationDate!.getTime());
    }
  });

  it('uses the plan version that started the backup: an update adds scanning from the next backup on', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }] });
    const p = await plan({ Rules: [rule()] }, [VOLUME]);
    await t.advance(DAY);
    assert.deepEqual(await scanJobs(), []);
    const updated = await t.client.send(
      new UpdateBackupPlanCommand({
        BackupPlanId: p.BackupPlanId,
        BackupPlan: { BackupPlanName: 'scanned', Rules: [rule({ ScanActions: [{ MalwareScanner: GUARDDUTY, ScanMode: 'FULL_SCAN' }] })], ScanSettings: settings(['EBS']) },
      }),
    );
    assert.deepEqual(updated.ScanSettings, settings(['EBS']));
    await t.advance(DAY);
    const jobs = await scanJobs();
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.CreatedBy?.BackupPlanVersion, updated.VersionId);
    assert.notEqual(updated.VersionId, p.VersionId);
  });
});
