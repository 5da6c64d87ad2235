import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  ListBackupJobsCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  StopBackupJobCommand,
  UpdateRegionSettingsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { backup, DB, ROLE, TABLE, vault, VOLUME } from './fixtures.js';

describe('backup jobs', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;
  const describeJob = (id: string) => t.client.send(new DescribeBackupJobCommand({ BackupJobId: id }));

  it('moves CREATED -> RUNNING -> COMPLETED on the clock and creates a recovery point', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, sizeBytes: 1000, backupDurationSeconds: 600 }] });
    const started = await t.client.send(
      new StartBackupJobCommand({
        BackupVaultName: 'v1',
        ResourceArn: VOLUME,
        IamRoleArn: ROLE,
        Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 },
        RecoveryPointTags: { team: 'a' },
      }),
    );
    assert.match(started.BackupJobId!, /^[0-9A-F-]{36}$/);
    assert.equal(started.RecoveryPointArn, undefined, 'AWS answers it only for EFS and advanced DynamoDB');
    assert.deepEqual(started.CreationDate, at(0));
    assert.equal(started.IsParent, false);

    let d = await describeJob(started.BackupJobId!);
    assert.equal(d.State, 'CREATED');
    const recoveryPointArn = d.RecoveryPointArn!;
    assert.match(recoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\/snap-[0-9a-f]{17}$/);
    assert.equal(d.PercentDone, '0.0');
    assert.deepEqual(d.StartBy, at(8 * 3600));
    assert.equal(d.ResourceType, 'EBS');
    assert.equal(d.ResourceName, 'vol-0123456789abcdef0');
    assert.equal(d.AccountId, ACCOUNT);
    assert.equal(d.IamRoleArn, ROLE);

    await t.advance(0);
    d = await describeJob(started.BackupJobId!);
    assert.equal(d.State, 'RUNNING');
    assert.deepEqual(d.ExpectedCompletionDate, at(600));
    await t.advance(300);
    d = await describeJob(started.BackupJobId!);
    assert.equal(d.PercentDone, '50.0');
    assert.equal(d.BytesTransferred, 500);

    await t.advance(86400);
    d = await describeJob(started.BackupJobId!);
    assert.equal(d.State, 'COMPLETED');
    assert.deepEqual(d.CompletionDate, at(600));
    assert.equal(d.PercentDone, '100.0');
    assert.equal(d.BackupSizeInBytes, 1000);
    assert.equal(d.MessageCategory, 'SUCCESS');
    assert.deepEqual(d.RecoveryPointLifecycle, { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 });

    assert.equal(d.RecoveryPointArn, recoveryPointArn);
    const rp = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: recoveryPointArn }));
    assert.equal(rp.Status, 'COMPLETED');
    assert.equal(rp.StorageClass, 'WARM');
    assert.equal(rp.ResourceArn, VOLUME);
    assert.equal(rp.ResourceType, 'EBS');
    assert.equal(rp.IsEncrypted, true);
    assert.deepEqual(rp.CompletionDate, at(600));
    assert.deepEqual(rp.CalculatedLifecycle, { MoveToColdStorageAt: at(30 * 86400), DeleteAt: at(120 * 86400) });
    const v = await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }));
    assert.equal(v.NumberOfRecoveryPoints, 1);
    assert.equal(rp.EncryptionKeyArn, v.EncryptionKeyArn);
  });

  it('uses the type-specific recovery point ARN forms', async () => {
    const rds = await completedBackup(t, { ResourceArn: DB });
    assert.match(rds.RecoveryPointArn, new RegExp(`^arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:awsbackup:job-[0-9a-f-]{36}$`));
    // DynamoDB: the table's own backup form without advanced features (full management off), the
    // generic form with them (the default).
    const ddbAdvanced = await completedBackup(t, { ResourceArn: TABLE }); // started at t=60
    assert.match(ddbAdvanced.RecoveryPointArn, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeManagementPreference: { DynamoDB: false } }));
    const ddb = await completedBackup(t, { ResourceArn: TABLE }); // started at t=120
    assert.match(ddb.RecoveryPointArn, new RegExp(`^arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/backup/${at(120).getTime()}-[0-9a-f]{8}$`));
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeManagementPreference: { DynamoDB: true } }));
    // A copy keeps its source's form.
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'copies' }));
    const copied = async (rp: string): Promise<string> => {
      const { CopyJobId } = await t.client.send(
        new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:copies`, IamRoleArn: ROLE }),
      );
      await t.advance(600);
      return (await t.client.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!.DestinationRecoveryPointArn!;
    };
    assert.match(await copied(ddbAdvanced.RecoveryPointArn), /^arn:aws:backup:us-east-1:\d{12}:recovery-point:/);
    assert.match(await copied(ddb.RecoveryPointArn), /^arn:aws:dynamodb:us-east-1:\d{12}:table\/orders\/backup\//);
    const s3 = await completedBackup(t, { ResourceArn: 'arn:aws:s3:::my-bucket' });
    assert.match(s3.RecoveryPointArn, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
  });

  it('returns the same job for the same IdempotencyToken', async () => {
    const a = await backup(t.client, VOLUME, { IdempotencyToken: 'tok-1' });
    const b = await backup(t.client, VOLUME, { IdempotencyToken: 'tok-1' });
    const c = await backup(t.client, VOLUME, { IdempotencyToken: 'tok-2' });
    assert.equal(a.BackupJobId, b.BackupJobId);
    assert.notEqual(a.BackupJobId, c.BackupJobId);
  });

  it('checks the request', async () => {
    const missing = await errorOf(() => t.client.send(new StartBackupJobCommand({ BackupVaultName: 'nope', ResourceArn: VOLUME, IamRoleArn: ROLE })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const badArn = await errorOf(() => backup(t.client, 'arn:aws:sqs:us-east-1:111111111111:q'));
    assert.equal(badArn.name, 'InvalidParameterValueException');
    const otherRegion = await errorOf(() => backup(t.client, 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-1'));
    assert.match(otherRegion.message, /is in eu-west-1/);
    const window = await errorOf(() => backup(t.client, VOLUME, { StartWindowMinutes: 59 }));
    assert.equal(window.name, 'InvalidParameterValueException');
    assert.match(window.message, /StartWindowMinutes/);
    const lifecycle = await errorOf(() => backup(t.client, VOLUME, { Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 100 } }));
    assert.equal(lifecycle.name, 'InvalidParameterValueException');
    assert.equal(lifecycle.message, 'Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays');
    const role = await errorOf(() => backup(t.client, VOLUME, { IamRoleArn: 'role' }));
    assert.match(role.message, /IamRoleArn/);
    const vss = await errorOf(() => backup(t.client, VOLUME, { BackupOptions: { WindowsVSS: 'enabled' } }));
    assert.match(vss.message, /only for EC2/);
    const notFound = await errorOf(() => describeJob('00000000-0000-0000-0000-000000000000'));
    assert.equal(notFound.name, 'ResourceNotFoundException');
  });

  it('fails jobs as the inventory says', async () => {
    await t.admin('PUT', '/resources', {
      resources: [{ arn: TABLE, backupOutcome: 'FAILED', failureMessage: 'Table is being deleted', messageCategory: 'InvalidParameters', backupDurationSeconds: 10 }],
    });
    const { BackupJobId } = await backup(t.client, TABLE);
    await t.advance(60);
    const d = await describeJob(BackupJobId);
    assert.equal(d.State, 'FAILED');
    assert.equal(d.StatusMessage, 'Table is being deleted');
    assert.equal(d.MessageCategory, 'InvalidParameters');
    assert.deepEqual(d.CompletionDate, at(10));
    assert.equal((await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints, 0);
  });

  it('expires a job that does not start within its start window', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, startDelaySeconds: 7200 }] });
    const { BackupJobId } = await backup(t.client, VOLUME, { StartWindowMinutes: 60 });
    await t.advance(3599);
    assert.equal((await describeJob(BackupJobId)).State, 'CREATED');
    await t.advance(1);
    const d = await describeJob(BackupJobId);
    assert.equal(d.State, 'EXPIRED');
    assert.deepEqual(d.CompletionDate, at(3600));
    assert.match(d.StatusMessage!, /start window of 60 minutes/);
  });

  it('cancels a job that outlives its complete window', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, backupDurationSeconds: 7200 }] });
    const { BackupJobId } = await backup(t.client, VOLUME, { CompleteWindowMinutes: 60 });
    await t.advance(86400);
    const d = await describeJob(BackupJobId);
    assert.equal(d.State, 'ABORTED');
    assert.deepEqual(d.CompletionDate, at(3600));
    assert.match(d.StatusMessage!, /complete window/);
  });

  it('stops a job: ABORTING, then ABORTED', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, backupDurationSeconds: 600 }] });
    const { BackupJobId } = await backup(t.client, VOLUME);
    await t.advance(10);
    await t.client.send(new StopBackupJobCommand({ BackupJobId }));
    assert.equal((await describeJob(BackupJobId)).State, 'ABORTING');
    await t.advance(1);
    const d = await describeJob(BackupJobId);
    assert.equal(d.State, 'ABORTED');
    assert.deepEqual(d.CompletionDate, at(10));
    const again = await errorOf(() => t.client.send(new StopBackupJobCommand({ BackupJobId })));
    assert.equal(again.name, 'InvalidRequestException');
    await t.advance(3600);
    assert.equal((await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints, 0);
  });

  it('fails jobs whose retention is outside the vault lock range', async () => {
    const docs = t.hf.store.docs<any>('vault');
    const scope = { accountId: ACCOUNT, region: 'us-east-1' };
    const v = await docs.get(scope, 'v1');
    await docs.put(scope, 'v1', { ...v, lock: { minRetentionDays: 7, maxRetentionDays: 30 } });
    const short = await backup(t.client, VOLUME, { Lifecycle: { DeleteAfterDays: 3 } });
    const forever = await backup(t.client, VOLUME);
    const fine = await backup(t.client, VOLUME, { Lifecycle: { DeleteAfterDays: 10 } });
    await t.advance(60);
    const s = await describeJob(short.BackupJobId);
    assert.equal(s.State, 'FAILED');
    assert.match(s.StatusMessage!, /shorter than the minimum retention of 7 days/);
    const f = await describeJob(forever.BackupJobId);
    assert.equal(f.State, 'FAILED');
    assert.match(f.StatusMessage!, /kept indefinitely, longer than the maximum retention of 30 days/);
    assert.equal((await describeJob(fine.BackupJobId)).State, 'COMPLETED');
  });

  it('fails unknown resources with --strict-resources', async () => {
    const s = await startTestServer({ strictResources: true });
    try {
      await vault(s.client);
      await s.admin('PUT', '/resources', { resources: [{ arn: TABLE }] });
      const unknown = await backup(s.client, VOLUME);
      const known = await backup(s.client, TABLE);
      await s.advance(60);
      const u = await s.client.send(new DescribeBackupJobCommand({ BackupJobId: unknown.BackupJobId }));
      assert.equal(u.State, 'FAILED');
      assert.match(u.StatusMessage!, /Resource not found/);
      assert.equal((await s.client.send(new DescribeBackupJobCommand({ BackupJobId: known.BackupJobId }))).State, 'COMPLETED');
    } finally {
      await s.close();
    }
  });

  it('lists jobs with every filter, alone and combined, in pages', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: TABLE, backupOutcome: 'FAILED', messageCategory: 'AccessDenied' }] });
    await vault(t.client, 'v2');
    const other = t.clientFor('222222222222');
    await vault(other);
    await other.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: 'arn:aws:s3:::their-bucket', IamRoleArn: 'arn:aws:iam::222222222222:role/r' }));
    const vol = await backup(t.client, VOLUME);
    const tbl = await backup(t.client, TABLE);
    await t.advance(3600);
    const late = await backup(t.client, DB, { BackupVaultName: 'v2' });
    const list = async (input: Record<string, unknown>): Promise<string[]> =>
      ((await t.client.send(new ListBackupJobsCommand(input))).BackupJobs ?? []).map((j) => j.BackupJobId!);
    assert.deepEqual(await list({}), [vol.BackupJobId, tbl.BackupJobId, late.BackupJobId]);
    assert.deepEqual(await list({ ByResourceArn: TABLE }), [tbl.BackupJobId]);
    assert.deepEqual(await list({ ByState: 'FAILED' }), [tbl.BackupJobId]);
    assert.deepEqual(await list({ ByState: 'CREATED' }), [late.BackupJobId]);
    assert.deepEqual(await list({ ByState: 'PARTIAL' }), []);
    assert.deepEqual(await list({ ByBackupVaultName: 'v2' }), [late.BackupJobId]);
    assert.deepEqual(await list({ ByResourceType: 'EBS' }), [vol.BackupJobId]);
    assert.deepEqual(await list({ ByCreatedAfter: at(1) }), [late.BackupJobId]);
    assert.deepEqual(await list({ ByCreatedBefore: at(1) }), [vol.BackupJobId, tbl.BackupJobId]);
    assert.deepEqual(await list({ ByCompleteAfter: at(1), ByCompleteBefore: at(10) }), [vol.BackupJobId, tbl.BackupJobId]);
    assert.deepEqual(await list({ ByCompleteAfter: at(100) }), []);
    assert.deepEqual(await list({ ByMessageCategory: 'AccessDenied' }), [tbl.BackupJobId]);
    assert.deepEqual(await list({ ByMessageCategory: 'SUCCESS', ByResourceType: 'EBS', ByState: 'COMPLETED' }), [vol.BackupJobId]);
    assert.deepEqual(await list({ ByParentJobId: vol.BackupJobId }), []);
    assert.equal((await list({ ByAccountId: '*' })).length, 4);
    assert.equal((await list({ ByAccountId: '222222222222' })).length, 1);
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    assert.deepEqual((await west.send(new ListBackupJobsCommand({}))).BackupJobs, []);

    const page1 = await t.client.send(new ListBackupJobsCommand({ MaxResults: 2 }));
    assert.equal(page1.BackupJobs!.length, 2);
    const page2 = await t.client.send(new ListBackupJobsCommand({ MaxResults: 2, NextToken: page1.NextToken }));
    assert.deepEqual(page2.BackupJobs!.map((j) => j.BackupJobId), [late.BackupJobId]);
    assert.equal(page2.NextToken, undefined);
    const replay = await errorOf(() => t.client.send(new ListBackupJobsCommand({ MaxResults: 2, NextToken: page1.NextToken, ByState: 'FAILED' })));
    assert.equal(replay.name, 'InvalidParameterValueException');
  });
});
