/**
 * Every other detail type AWS Backup documents: plans, region settings, recovery points (state
 * and storage changes, RECOVERY_POINT_MODIFIED), indexes (with their notifications) and malware
 * scan jobs, each stamped with its transition's business instant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  DeleteBackupPlanCommand,
  DeleteRecoveryPointCommand,
  PutBackupVaultNotificationsCommand,
  StartScanJobCommand,
  UpdateBackupPlanCommand,
  UpdateRecoveryPointIndexSettingsCommand,
  UpdateRecoveryPointLifecycleCommand,
  UpdateRegionSettingsCommand,
} from '@aws-sdk/client-backup';
import { suiteServer } from '../helpers/suite.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

const VOLUME = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0';
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:backup-events';
const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

describe('resource events', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const log = async (query: string): Promise<any[]> => (await t.admin('GET', `/events?maxResults=1000&${query}`)).json.events;
  const details = async (detailType: string, query = ''): Promise<any[]> =>
    (await log(`detailType=${encodeURIComponent(detailType)}${query}`)).map((e) => e.payload);

  it('a plan created, modified and deleted; a region setting changed', async () => {
    const plan = { BackupPlanName: 'p', Rules: [{ RuleName: 'r', TargetBackupVaultName: 'v1' }] };
    const { BackupPlanId, BackupPlanArn, VersionId } = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: plan }));
    await t.advance(60);
    const updated = await t.client.send(new UpdateBackupPlanCommand({ BackupPlanId, BackupPlan: { ...plan, BackupPlanName: 'p2' } }));
    await t.advance(60);
    await t.client.send(new DeleteBackupPlanCommand({ BackupPlanId }));
    const events = await details('Backup Plan State Change');
    assert.deepEqual(events.map((e) => [e.time, e.resources, e.detail]), [
      [iso(t.at(0)), [BackupPlanArn], { backupPlanId: BackupPlanId, versionId: VersionId, creationDate: t.at(0).toISOString(), state: 'CREATED' }],
      [iso(t.at(60)), [BackupPlanArn], { backupPlanId: BackupPlanId, versionId: updated.VersionId, modifiedAt: t.at(60).toISOString(), state: 'MODIFIED' }],
      [iso(t.at(120)), [BackupPlanArn], { backupPlanId: BackupPlanId, versionId: updated.VersionId, deletionDate: t.at(120).toISOString(), state: 'DELETED' }],
    ]);

    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: { Aurora: true } }));
    const [setting] = await details('Region Setting State Change');
    assert.deepEqual(setting.resources, []);
    assert.deepEqual(setting.detail, { modifiedAt: t.at(120).toISOString(), ResourceTypeOptInPreference: { Aurora: true }, state: 'MODIFIED' });
  });

  it('a recovery point completed, modified, moved to cold storage and deleted', async () => {
    await t.client.send(
      new PutBackupVaultNotificationsCommand({ BackupVaultName: 'v1', SNSTopicArn: TOPIC, BackupVaultEvents: ['RECOVERY_POINT_MODIFIED'] }),
    );
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOLUME });
    const q = `&resource=${encodeURIComponent(RecoveryPointArn)}`;
    const [completed] = await details('Recovery Point State Change', q);
    assert.deepEqual(completed.resources, [RecoveryPointArn]);
    assert.equal(completed.detail.status, 'COMPLETED');
    assert.equal(completed.detail.storageClass, 'WARM');
    assert.equal(completed.detail.isEncrypted, 'true');
    assert.equal(completed.detail.resourceArn, VOLUME);
    assert.equal(completed.detail.backupVaultName, 'v1');
    assert.equal(Date.parse(completed.time), Math.floor(Date.parse(completed.detail.completionDate) / 1000) * 1000);

    t.rebase();
    await t.client.send(
      new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 100 } }),
    );
    const [modified] = await details('Recovery Point Change', q);
    assert.equal(modified.detail.changeType, 'LIFECYCLE');
    assert.deepEqual(modified.detail.lifecycle, { deleteAfterDays: 100, moveToColdStorageAfterDays: 1 });
    assert.equal(modified.time, iso(t.at(0)));
    const [note] = await log(`detailType=RECOVERY_POINT_MODIFIED${q}`);
    assert.equal(note.target, TOPIC);
    assert.equal(note.payload.Message, `An AWS Backup recovery point was modified. Recovery point ARN: ${RecoveryPointArn}. Resource ARN : ${VOLUME}`);

    await t.advance(2 * 86400);
    const cold = (await details('Recovery Point Change', q)).at(-1);
    assert.equal(cold.detail.changeType, 'STORAGE_CLASS');
    assert.equal(cold.detail.previousStorageClass, 'WARM');
    assert.equal(cold.detail.storageClass, 'COLD');

    await t.advance(100 * 86400);
    const deleting = (await details('Recovery Point State Change', q)).at(-1);
    assert.equal(deleting.detail.status, 'DELETING');
    // At DeleteAfterDays (100) days after the point's creation, to the second.
    assert.equal(deleting.time, iso(new Date(Math.floor((Date.parse(completed.detail.creationDate) + 100 * 86400_000) / 1000) * 1000)));
  });

  it('an index turns ACTIVE and is deleted, with its notifications; a scan job runs', async () => {
    await t.client.send(
      new PutBackupVaultNotificationsCommand({
        BackupVaultName: 'v1',
        SNSTopicArn: TOPIC,
        BackupVaultEvents: ['RECOVERY_POINT_INDEX_COMPLETED', 'RECOVERY_POINT_INDEX_DELETED'],
      }),
    );
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOLUME });
    const q = `&resource=${encodeURIComponent(RecoveryPointArn)}`;
    await t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn, Index: 'ENABLED', IamRoleArn: ROLE }));
    await t.advance(3600);
    await t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn, Index: 'DISABLED', IamRoleArn: ROLE }));
    await t.advance(3600);
    const indexes = await details('Recovery Point Index State Change', q);
    assert.deepEqual(indexes.map((e) => e.detail.indexStatus), ['ACTIVE', 'DELETED']);
    assert.equal(indexes[0].detail.indexStatusMessage, `An AWS Backup recovery point index was successfully completed. Indexed recovery point arn : ${RecoveryPointArn}`);
    assert.equal(indexes[0].detail.isIndexingContinuous, false);
    const notes = (await log(`detailType=RECOVERY_POINT_INDEX_COMPLETED${q}`)).map((e) => e.payload);
    assert.equal(notes.length, 1);
    assert.deepEqual(notes[0].MessageAttributes.EventType, { DataType: 'String', StringValue: 'RECOVERY_POINT_INDEXING_COMPLETED' });
    assert.deepEqual(notes[0].MessageAttributes.IndexStatus, { DataType: 'String', StringValue: 'ACTIVE' });

    const { ScanJobId } = await t.client.send(
      new StartScanJobCommand({
        BackupVaultName: 'v1',
        RecoveryPointArn,
        IamRoleArn: ROLE,
        ScannerRoleArn: 'arn:aws:iam::111111111111:role/Scanner',
        MalwareScanner: 'GUARDDUTY',
        ScanMode: 'FULL_SCAN',
      }),
    );
    await t.advance(3600);
    const scans = await details('Scan Job State Change', `&resource=${ScanJobId}`);
    assert.deepEqual(scans.map((e) => e.detail.state), ['CREATED', 'RUNNING', 'COMPLETED']);
    assert.deepEqual(scans[2].resources, [RecoveryPointArn]);
    assert.equal(scans[2].detail.scanJobId, ScanJobId);
    assert.equal(scans[2].detail.malwareScanner, 'GUARDDUTY');
    assert.deepEqual(scans[2].detail.scanResult, { scanResultStatus: 'NO_THREATS_FOUND' });
    assert.equal(scans[0].detail.scanResult, undefined);

    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
  });

  it('an index that goes with its recovery point (deleted, or expired by its lifecycle) is announced DELETED', async () => {
    await t.client.send(
      new PutBackupVaultNotificationsCommand({ BackupVaultName: 'v1', SNSTopicArn: TOPIC, BackupVaultEvents: ['RECOVERY_POINT_INDEX_DELETED'] }),
    );
    const volume = (n: number): string => `arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcde${n}0`;
    const deleted = await completedBackup(t, { ResourceArn: volume(1) });
    const expiring = await completedBackup(t, { ResourceArn: volume(2), Lifecycle: { DeleteAfterDays: 2 } });
    for (const { RecoveryPointArn } of [deleted, expiring]) {
      await t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn, Index: 'ENABLED', IamRoleArn: ROLE }));
    }
    await t.advance(3600);
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: deleted.RecoveryPointArn }));
    const deletedAt = iso(new Date(Math.floor(t.hf.clock.nowMs() / 1000) * 1000));
    await t.advance(3 * 86400);
    for (const [{ RecoveryPointArn }, when] of [[deleted, deletedAt], [expiring, undefined]] as const) {
      const q = `&resource=${encodeURIComponent(RecoveryPointArn)}`;
      const indexes = await details('Recovery Point Index State Change', q);
      assert.deepEqual(indexes.map((e) => e.detail.indexStatus), ['ACTIVE', 'DELETED'], RecoveryPointArn);
      assert.equal(indexes[1].detail.indexStatusMessage, `An AWS Backup recovery point index was deleted. Indexed recovery point arn : ${RecoveryPointArn}`);
      assert.equal(indexes[1].detail.indexDeletionTime, new Date(Date.parse(indexes[1].time)).toISOString());
      if (when) assert.equal(indexes[1].time, when);
      const notes = (await log(`detailType=RECOVERY_POINT_INDEX_DELETED${q}`)).map((e) => e.payload);
      assert.deepEqual(notes.map((n) => n.Message), [`An AWS Backup backup index was deleted. Indexed recovery point arn: ${RecoveryPointArn}`]);
    }
  });
});
