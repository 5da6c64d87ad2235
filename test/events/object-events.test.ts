/**
 * The object-level and index failure notifications, injected through the inventory: an S3 restore
 * that leaves objects out (S3_RESTORE_OBJECT_FAILED), an EKS cluster's backups and restores
 * (EKS_BACKUP_OBJECT_FAILED, EKS_RESTORE_OBJECT_FAILED, EKS_RESTORE_OBJECT_SKIPPED) and a backup
 * index that fails (RECOVERY_POINT_INDEXING_FAILED), each with the jobs' and indexes' own
 * outcome as AWS's API shows it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeBackupJobCommand,
  DescribeRestoreJobCommand,
  GetRecoveryPointIndexDetailsCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListIndexedRecoveryPointsCommand,
  PutBackupVaultNotificationsCommand,
  StartRestoreJobCommand,
  UpdateRecoveryPointIndexSettingsCommand,
} from '@aws-sdk/client-backup';
import { suiteServer } from '../helpers/suite.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:backup-events';
const BUCKET = 'arn:aws:s3:::orders-archive';
const CLUSTER = 'arn:aws:eks:us-east-1:111111111111:cluster/payments';

describe('object-level and index failure notifications', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const log = async (query: string): Promise<any[]> => (await t.admin('GET', `/events?maxResults=1000&${query}`)).json.events;
  const notify = (events: string[]) =>
    t.client.send(new PutBackupVaultNotificationsCommand({ BackupVaultName: 'v1', SNSTopicArn: TOPIC, BackupVaultEvents: events as any }));
  const restore = async (RecoveryPointArn: string, Metadata: Record<string, string> = {}): Promise<string> => {
    const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn, IamRoleArn: ROLE, Metadata }));
    await t.advance(600);
    return RestoreJobId!;
  };

  it('an S3 restore that leaves objects out completes with a status message and notifies S3_RESTORE_OBJECT_FAILED', async () => {
    const message = '2 objects were not restored: the destination bucket blocks public ACLs.';
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET, restoreFailureMessage: message }] });
    await notify(['RESTORE_JOB_COMPLETED', 'S3_RESTORE_OBJECT_FAILED']);
    const point = await completedBackup(t, { ResourceArn: BUCKET });
    const id = await restore(point.RecoveryPointArn, { DestinationBucketName: 'orders-restored' });

    // AWS: "the restore job completes successfully, but objects with public ACLs are not restored".
    const job = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId: id }));
    assert.deepEqual([job.Status, job.StatusMessage, job.CreatedResourceArn], ['COMPLETED', message, 'arn:aws:s3:::orders-restored']);
    const completed = (await log(`resource=${id}&detailType=${encodeURIComponent('Restore Job State Change')}`)).at(-1).payload.detail;
    assert.deepEqual([completed.status, completed.statusMessage], ['COMPLETED', message]);

    const notes = (await log(`resource=${id}`)).filter((e) => e.channel === 'sns');
    assert.deepEqual(notes.map((e) => e.detailType), ['RESTORE_JOB_COMPLETED', 'S3_RESTORE_OBJECT_FAILED']);
    const n = notes[1].payload;
    assert.equal(n.Subject, 'Notification from AWS Backup');
    assert.equal(
      n.Message,
      `An AWS Backup restore job completed with objects that failed to restore. Created resource ARN: arn:aws:s3:::orders-restored. Resource ARN : ${BUCKET}. RestoreJob ID : ${id}. Status message: ${message}`,
    );
    assert.deepEqual(n.MessageAttributes, {
      EventType: { DataType: 'String', StringValue: 'S3_RESTORE_OBJECT_FAILED' },
      State: { DataType: 'String', StringValue: 'COMPLETED' },
      AccountId: { DataType: 'String', StringValue: '111111111111' },
      Id: { DataType: 'String', StringValue: id },
      StartTime: { DataType: 'String', StringValue: job.CreationDate!.toISOString() },
    });
    assert.equal(notes[1].target, TOPIC);

    // The same bucket without the option restores whole, and notifies nothing more.
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET }] });
    const whole = await restore(point.RecoveryPointArn);
    assert.equal((await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId: whole }))).StatusMessage, undefined);
    assert.deepEqual((await log(`resource=${whole}`)).filter((e) => e.channel === 'sns').map((e) => e.detailType), ['RESTORE_JOB_COMPLETED']);
  });

  it('an EKS cluster is backed up and restored; its object failures and skips are notified', async () => {
    await t.admin('PUT', '/resources', {
      resources: [
        {
          arn: CLUSTER,
          failureMessage: '3 Kubernetes objects could not be backed up.',
          restoreFailureMessage: '1 persistent volume claim failed to restore.',
          restoreSkippedMessage: '12 objects already existed in the target cluster and were skipped.',
        },
      ],
    });
    await notify(['BACKUP_JOB_COMPLETED', 'EKS_BACKUP_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_SKIPPED']);
    const point = await completedBackup(t, { ResourceArn: CLUSTER });
    const backup = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: point.BackupJobId }));
    assert.deepEqual([backup.ResourceType, backup.ResourceName, backup.State], ['EKS', 'payments', 'COMPLETED']);
    assert.match(point.RecoveryPointArn, /^arn:aws:backup:us-east-1:111111111111:recovery-point:/);
    const backupNotes = (await log(`resource=${point.BackupJobId}`)).filter((e) => e.channel === 'sns');
    assert.deepEqual(backupNotes.map((e) => e.detailType), ['BACKUP_JOB_COMPLETED', 'EKS_BACKUP_OBJECT_FAILED']);
    assert.equal(
      backupNotes[1].payload.Message,
      `An AWS Backup job completed with objects that failed to back up. Recovery point ARN: ${point.RecoveryPointArn}. Resource ARN : ${CLUSTER}. BackupJob ID : ${point.BackupJobId}. Status message: 3 Kubernetes objects could not be backed up.`,
    );

    // The restore metadata names the backed-up cluster: restoring it as is targets that cluster.
    const metadata = await t.client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn: point.RecoveryPointArn }));
    assert.deepEqual(metadata.RestoreMetadata, { clusterName: 'payments' });
    const id = await restore(point.RecoveryPointArn, { clusterName: 'payments-dr' });
    const job = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId: id }));
    assert.deepEqual([job.Status, job.ResourceType, job.CreatedResourceArn], ['COMPLETED', 'EKS', 'arn:aws:eks:us-east-1:111111111111:cluster/payments-dr']);
    assert.equal(job.StatusMessage, '1 persistent volume claim failed to restore. 12 objects already existed in the target cluster and were skipped.');
    const notes = (await log(`resource=${id}`)).filter((e) => e.channel === 'sns').map((e) => e.payload);
    assert.deepEqual(notes.map((n) => n.MessageAttributes.EventType.StringValue), ['EKS_RESTORE_OBJECT_FAILED', 'EKS_RESTORE_OBJECT_SKIPPED']);
    assert.equal(
      notes[1].Message,
      `An AWS Backup restore job completed with objects that were skipped. Created resource ARN: ${job.CreatedResourceArn}. Resource ARN : ${CLUSTER}. RestoreJob ID : ${id}. Status message: 12 objects already existed in the target cluster and were skipped.`,
    );
    assert.deepEqual(notes.map((n) => n.MessageAttributes.State.StringValue), ['COMPLETED', 'COMPLETED']);
  });

  it('the object-level and index options are refused where they do not apply, naming the rule', async () => {
    const refusal = async (entry: object): Promise<string> => {
      const res = await t.admin('PUT', '/resources', { resources: [entry] });
      assert.equal(res.status, 400);
      return res.json.error;
    };
    assert.match(await refusal({ arn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0abc', restoreFailureMessage: 'x' }), /restoreFailureMessage is only for S3 buckets and EKS clusters.*type EBS/);
    assert.match(await refusal({ arn: BUCKET, restoreSkippedMessage: 'x' }), /restoreSkippedMessage is only for EKS clusters/);
    assert.match(await refusal({ arn: CLUSTER, indexOutcome: 'FAILED' }), /indexOutcome is only for the resource types AWS Backup indexes \(EBS, S3\)/);
    assert.match(await refusal({ arn: BUCKET, indexOutcome: 'BROKEN' }), /indexOutcome must be ACTIVE or FAILED/);
    assert.match(await refusal({ arn: 'arn:aws:eks:us-east-1:111111111111:cluster/-bad' }), /EKS cluster names are 1 to 100 letters/);
  });

  it('an index the inventory makes fail turns FAILED with its message and notifies RECOVERY_POINT_INDEXING_FAILED', async () => {
    const message = 'The backup index could not be created: the recovery point holds no readable file system.';
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET, indexOutcome: 'FAILED', indexFailureMessage: message }] });
    await notify(['RECOVERY_POINT_INDEX_COMPLETED', 'RECOVERY_POINT_INDEXING_FAILED']);
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    await t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn, Index: 'ENABLED', IamRoleArn: ROLE }));
    await t.advance(900);

    const details = await t.client.send(new GetRecoveryPointIndexDetailsCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
    assert.deepEqual([details.IndexStatus, details.IndexStatusMessage, details.IndexCompletionDate], ['FAILED', message, undefined]);
    const listed = await t.client.send(new ListIndexedRecoveryPointsCommand({ IndexStatus: 'FAILED' }));
    assert.deepEqual(listed.IndexedRecoveryPoints!.map((p) => [p.RecoveryPointArn, p.IndexStatus, p.IndexStatusMessage]), [[RecoveryPointArn, 'FAILED', message]]);

    const q = `resource=${encodeURIComponent(RecoveryPointArn)}`;
    const events = (await log(`${q}&detailType=${encodeURIComponent('Recovery Point Index State Change')}`)).map((e) => e.payload.detail);
    assert.deepEqual(events.map((d) => d.indexStatus), ['FAILED']);
    assert.equal(events[0].indexStatusMessage, `An AWS Backup recovery point index failed to create. Indexed recovery point arn : ${RecoveryPointArn}. ${message}`);
    assert.equal(events[0].indexCompletionTime, undefined);
    const notes = (await log(q)).filter((e) => e.channel === 'sns').map((e) => e.payload);
    assert.deepEqual(notes.map((n) => n.MessageAttributes.EventType.StringValue), ['RECOVERY_POINT_INDEXING_FAILED']);
    assert.equal(notes[0].Message, `An AWS Backup backup index job failed. Indexed recovery point arn: ${RecoveryPointArn}. Status message: ${message}`);
    assert.deepEqual(notes[0].MessageAttributes.IndexStatus, { DataType: 'String', StringValue: 'FAILED' });

    // Enabled again once the inventory no longer fails it, the index is made anew and turns ACTIVE.
    await t.admin('PUT', '/resources', { resources: [{ arn: BUCKET }] });
    await t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn, Index: 'ENABLED', IamRoleArn: ROLE }));
    await t.advance(900);
    const again = await t.client.send(new GetRecoveryPointIndexDetailsCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
    assert.deepEqual([again.IndexStatus, again.IndexStatusMessage], ['ACTIVE', undefined]);
  });
});
