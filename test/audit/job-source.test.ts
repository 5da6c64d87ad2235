/** Job reports over the real jobs table: backups, copies and restores made through the SDK. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateReportPlanCommand,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
  type BackupClient,
} from '@aws-sdk/client-backup';
import type { BackupJobRecord } from '../../src/services/jobs/job-record.js';
import { TEMPLATE_COLUMNS } from '../../src/services/audit/templates.js';
import { completedBackup } from '../helpers/backups.js';
import { roleFor } from '../jobs/fixtures.js';
import { A, B, csvObjects, MGMT, orgReportSuite, parseCsv, runReportJob } from './harness.js';

const REGIONS = ['us-east-1', 'us-west-2'];
const volume = (account: string, region: string, n = 1) => `arn:aws:ec2:${region}:${account}:volume/vol-${account.slice(-1)}${region === 'us-east-1' ? 'e' : 'w'}${n}00000000000000`;

describe('job reports over the jobs table', () => {
  const { t, read } = orgReportSuite();
  const startBackup = (c: BackupClient, account: string, arn: string) =>
    c.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: arn, IamRoleArn: roleFor(account), Lifecycle: { DeleteAfterDays: 35 } }));
  const reportPlan = (c: BackupClient, name: string, template: string, extra: Record<string, unknown> = {}, formats = ['CSV']) =>
    c.send(new CreateReportPlanCommand({ ReportPlanName: name, ReportDeliveryChannel: { S3BucketName: 'reports', Formats: formats }, ReportSetting: { ReportTemplate: template, ...extra } }));

  it('reports one row per backup job of every account and Region named, finished in the period or still running', async () => {
    const failed = volume(B, 'us-west-2');
    const slow = volume(MGMT, 'us-east-1', 2);
    await t.admin('PUT', '/resources', { resources: [{ arn: failed, backupOutcome: 'FAILED', failureMessage: 'Volume is busy.' }, { arn: slow, backupDurationSeconds: 7200 }] });
    const clients = new Map<string, BackupClient>();
    for (const account of [MGMT, A, B]) {
      for (const region of REGIONS) {
        const c = t.clientFor(account, region);
        clients.set(`${account}/${region}`, c);
        await c.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
      }
    }
    const mgmt = clients.get(`${MGMT}/us-east-1`)!;
    await mgmt.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1', MinRetentionDays: 7 }));
    // A job that finished more than a day before the report is left out.
    const old = await startBackup(mgmt, MGMT, volume(MGMT, 'us-east-1', 3));
    await t.advance(25 * 3600);
    const ids = new Map<string, string>();
    for (const [key, c] of clients) {
      const [account, region] = key.split('/') as [string, string];
      ids.set(key, (await startBackup(c, account, volume(account, region))).BackupJobId!);
    }
    const running = await startBackup(mgmt, MGMT, slow);
    await t.advance(60);
    await reportPlan(mgmt, 'Org', 'BACKUP_JOB_REPORT', { Accounts: ['ROOT'], Regions: REGIONS });
    await reportPlan(mgmt, 'Everywhere', 'BACKUP_JOB_REPORT', { OrganizationUnits: ['ou-ab12-cd34ef56'], Accounts: [A], Regions: ['*'] });
    const job = await runReportJob(t, mgmt, 'Org');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    const text = await read(job);
    assert.deepEqual(parseCsv(text)[0], [...TEMPLATE_COLUMNS.BACKUP_JOB_REPORT]);
    const rows = csvObjects(text);
    assert.equal(rows.length, 7);
    assert.ok(!rows.some((r) => r.backupJobId === old.BackupJobId));
    for (const [key, id] of ids) {
      const [account, region] = key.split('/');
      const row = rows.find((r) => r.backupJobId === id)!;
      assert.ok(row, `no row for ${key}`);
      assert.equal(row.accountId, account);
      assert.equal(row.region, region);
      assert.equal(row.jobStatus, key === `${B}/us-west-2` ? 'FAILED' : 'COMPLETED');
      assert.equal(row.resourceArn, volume(account!, region!));
      assert.equal(row.backupVaultName, 'v1');
      assert.equal(row.backupVaultArn, `arn:aws:backup:${region}:${account}:backup-vault:v1`);
      assert.equal(row.vaultLockStatus, key === `${MGMT}/us-east-1` ? 'GOVERNANCE' : 'UNLOCKED');
      assert.equal(row.deleteAfterDays, '35');
      assert.equal(row.isParentJob, 'false');
      assert.equal(row.resourceType, 'EBS');
      assert.equal(row.reportTimePeriodEnd, new Date(t.hf.clock.nowMs() - 120_000).toISOString().replace('.000Z', 'Z'));
    }
    const slowRow = rows.find((r) => r.backupJobId === running.BackupJobId)!;
    assert.equal(slowRow.jobStatus, 'RUNNING');
    assert.equal(slowRow.completionDate, '');
    assert.equal(rows.find((r) => r.jobStatus === 'COMPLETED')!.jobRunTime, '0:00:05');
    // Regions "*" finds every Region the accounts have jobs in; OUs resolve to their accounts.
    const everywhere = csvObjects(await read(await runReportJob(t, mgmt, 'Everywhere')));
    assert.deepEqual(everywhere.map((r) => `${r.accountId}/${r.region}`).sort(), [`${A}/us-east-1`, `${A}/us-west-2`, `${B}/us-east-1`, `${B}/us-west-2`]);
  });

  it('reports copy and restore jobs with their own columns', async () => {
    const east = t.clientFor(MGMT, 'us-east-1');
    const west = t.clientFor(MGMT, 'us-west-2');
    await east.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: volume(MGMT, 'us-east-1'), IamRoleArn: roleFor(MGMT), Lifecycle: { DeleteAfterDays: 35 } }, { client: east });
    const copy = await east.send(
      new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: `arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr`, IamRoleArn: roleFor(MGMT) }),
    );
    const restore = await east.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: {}, IamRoleArn: roleFor(MGMT) }));
    await t.advance(60);
    await reportPlan(east, 'Copies', 'COPY_JOB_REPORT', {}, ['CSV', 'JSON']);
    await reportPlan(east, 'Restores', 'RESTORE_JOB_REPORT');
    const copies = await runReportJob(t, east, 'Copies');
    const [c] = csvObjects(await read(copies));
    assert.equal(c!.copyJobId, copy.CopyJobId);
    assert.equal(c!.jobStatus, 'COMPLETED');
    assert.equal(c!.sourceRecoveryPointArn, rp);
    assert.equal(c!.destinationBackupVaultArn, `arn:aws:backup:us-west-2:${MGMT}:backup-vault:dr`);
    assert.match(c!.destinationRecoveryPointArn!, /^arn:aws:ec2:us-west-2::snapshot\/snap-/);
    const json = JSON.parse(await read(copies, 1));
    assert.equal(json.reportItems.length, 1);
    assert.equal(json.reportItems[0].copyJobId, copy.CopyJobId);
    assert.equal(json.reportItems[0].isParentJob, false);
    const [r] = csvObjects(await read(await runReportJob(t, east, 'Restores')));
    assert.equal(r!.restoreJobId, restore.RestoreJobId);
    assert.equal(r!.recoveryPointArn, rp);
    assert.equal(r!.sourceResourceArn, volume(MGMT, 'us-east-1'));
    assert.equal(r!.percentDone, '100.0');
    assert.match(r!.reportTimePeriod!, /^\S+Z - \S+Z$/);
  });

  it('streams many jobs in keyset batches: every job once, ties on completion time included, parent and child columns filled', async () => {
    const jobs = t.hf.store.jobs;
    const now = t.hf.clock.nowMs();
    const total = 4500;
    await t.hf.store.atomically(async () => {
      for (let i = 0; i < total; i++) {
        const job = {
          kind: 'backup', id: `JOB-${i}`, accountId: A, region: 'eu-west-1', state: 'COMPLETED', resourceArn: volume(A, 'eu-west-1'), resourceType: 'EBS',
          vault: 'v1', vaultArn: `arn:aws:backup:eu-west-1:${A}:backup-vault:v1`, creationDate: now - 3_600_000,
          // 100 jobs share each completion instant, so batches end inside runs of ties.
          completionDate: now - 3_600_000 + Math.floor(i / 100) * 1000, isParent: i === 0, parentJobId: i === 0 ? undefined : 'JOB-0',
        } as unknown as BackupJobRecord;
        await jobs.insert(job);
      }
    });
    const c = t.clientFor(A, 'eu-west-1');
    await reportPlan(c, 'Many', 'BACKUP_JOB_REPORT');
    const rows = csvObjects(await read(await runReportJob(t, c, 'Many')));
    assert.equal(rows.length, total);
    assert.equal(new Set(rows.map((r) => r.backupJobId)).size, total);
    assert.equal(rows.find((r) => r.backupJobId === 'JOB-0')!.isParentJob, 'true');
    assert.equal(rows.find((r) => r.backupJobId === 'JOB-7')!.parentJobId, 'JOB-0');
  });
});
