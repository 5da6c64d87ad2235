/**
 * The statuses AWS describes besides CREATING, AVAILABLE and DELETING: EXPIRED (the S3 access
 * point deleted outside AWS Backup) and FAILED (creation or deletion failed), both reached through
 * the faults admin route since no S3 stands behind Holdfast's access points; each keeps the
 * recovery point protected until the access point is deleted. Every status is announced: a
 * "Backup Access Point State Change" event and the ACCESS_POINT_* notifications a vault asks for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeleteRecoveryPointCommand } from '@aws-sdk/client-backup';
import { completedBackup } from '../helpers/backups.js';
import { errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { CREATING_SECONDS, DELETING_SECONDS } from '../../src/services/access-points/lifecycle.js';
import { accessPointApi, assertError, statusEvents, notifyOn } from './api.js';

const BUCKET = 'arn:aws:s3:::evidence-bucket';
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:vault-events';
const arnOf = (name: string): string => `arn:aws:backup:us-east-1:111111111111:accesspoint/${name}`;

describe('backup access point statuses and their events', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const api = () => accessPointApi(t.url);
  const fault = (name: string, Fault: string) => t.admin('POST', '/access-points/faults', { AccessPointArn: arnOf(name), Fault });
  const deletePoint = (RecoveryPointArn: string) => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
  const notifications = async () => {
    const all = await t.admin('GET', '/events?maxResults=1000');
    return (all.json.events as { channel: string; detailType: string; target: string; payload: { Message: string; MessageAttributes: Record<string, { StringValue: string }> } }[])
      .filter((e) => e.channel === 'sns')
      .map((e) => [e.detailType, e.target, e.payload.MessageAttributes.State!.StringValue, e.payload.Message]);
  };

  it('turns EXPIRED when its S3 access point is deleted outside AWS Backup, and keeps protecting the point until deleted', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    await t.client.send(notifyOn('v1', TOPIC, ['ACCESS_POINT_AVAILABLE', 'ACCESS_POINT_EXPIRED', 'ACCESS_POINT_DELETED']));
    await api().create({ Name: 'orphan', RecoveryPointArn });
    const createdAt = t.hf.clock.nowMs();
    // Only an AVAILABLE access point has an S3 access point to lose.
    const early = await fault('orphan', 'S3_ACCESS_POINT_DELETED');
    assert.equal(early.status, 409);
    assert.match(early.json.message ?? JSON.stringify(early.json), /applies to a backup access point that is AVAILABLE; orphan is CREATING/);
    await t.advance(CREATING_SECONDS);
    const expired = await fault('orphan', 'S3_ACCESS_POINT_DELETED');
    assert.equal(expired.status, 200);
    assert.equal(expired.json.Status, 'EXPIRED');

    const d = (await api().describe(arnOf('orphan'))).json;
    assert.equal(d.Status, 'EXPIRED');
    assert.match(d.StatusMessage, /^The Amazon S3 access point arn:aws:s3:us-east-1:111111111111:accesspoint\/orphan was deleted outside AWS Backup; this backup access point is no longer usable and still protects its recovery point/);
    // "lifecycle protection remains in place until you delete the orphaned backup access point"
    const refused = await errorOf(() => deletePoint(RecoveryPointArn));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, /orphan \(EXPIRED\)/);

    assert.equal((await api().remove(arnOf('orphan'))).status, 204);
    await t.advance(DELETING_SECONDS);
    await deletePoint(RecoveryPointArn);

    assert.deepEqual(await statusEvents(t, arnOf('orphan')), ['CREATING', 'AVAILABLE', 'EXPIRED', 'DELETING', 'DELETED']);
    const { json } = await t.admin('GET', `/events?detailType=${encodeURIComponent('Backup Access Point State Change')}&resource=${encodeURIComponent(arnOf('orphan'))}`);
    const available = json.events[1].payload;
    assert.equal(available.source, 'aws.backup');
    assert.deepEqual(available.resources, [arnOf('orphan'), RecoveryPointArn]);
    assert.equal(available.time, new Date(createdAt + CREATING_SECONDS * 1000).toISOString().replace('.000Z', 'Z'));
    assert.deepEqual(Object.keys(available.detail).sort(), [
      'accessPointArn', 'accessPointName', 'backupVaultArn', 'backupVaultName', 'creationTime', 'recoveryPointArn', 'resourceArn', 'resourceType', 's3AccessPointAlias', 's3AccessPointArn', 'status',
    ]);
    assert.deepEqual(
      (await notifications()).map(([event, target, state]) => [event, target, state]),
      [
        ['ACCESS_POINT_AVAILABLE', TOPIC, 'AVAILABLE'],
        ['ACCESS_POINT_EXPIRED', TOPIC, 'EXPIRED'],
        ['ACCESS_POINT_DELETED', TOPIC, 'DELETED'],
      ],
    );
    assert.equal((await notifications())[0]![3], `An AWS Backup access point is available. Access point ARN: ${arnOf('orphan')}. Recovery point ARN: ${RecoveryPointArn}`);
  });

  it('turns FAILED when its creation fails: it still protects the point and counts, and can be deleted', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    await t.client.send(notifyOn('v1', TOPIC, ['ACCESS_POINT_CREATION_FAILED']));
    await api().create({ Name: 'broken', RecoveryPointArn });
    assert.equal((await fault('broken', 'CREATE_FAILS')).json.Status, 'CREATING');
    await t.advance(CREATING_SECONDS);
    const d = (await api().describe(arnOf('broken'))).json;
    assert.equal(d.Status, 'FAILED');
    assert.deepEqual(d.AccessPointMetadata, {}, 'no S3 access point was made');
    assert.match(d.StatusMessage, /^Creation failed: Amazon S3 could not create access point broken/);
    assert.match((await errorOf(() => deletePoint(RecoveryPointArn))).message, /broken \(FAILED\)/);
    assert.equal((await api().remove(arnOf('broken'))).status, 204);
    await t.advance(DELETING_SECONDS);
    await deletePoint(RecoveryPointArn);
    assert.deepEqual(await statusEvents(t, arnOf('broken')), ['CREATING', 'FAILED', 'DELETING', 'DELETED']);
    assert.deepEqual((await notifications()).map(([event, , state]) => [event, state]), [['ACCESS_POINT_CREATION_FAILED', 'FAILED']]);
  });

  it('turns FAILED when its deletion fails, keeps its name, and is deleted by a second call', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: BUCKET });
    await t.client.send(notifyOn('v1', TOPIC, ['ACCESS_POINT_DELETION_FAILED', 'ACCESS_POINT_DELETED']));
    await api().create({ Name: 'stuck', RecoveryPointArn });
    assert.equal((await fault('stuck', 'DELETE_FAILS')).status, 409, 'a CREATING one cannot be deleted yet');
    await t.advance(CREATING_SECONDS);
    assert.equal((await fault('stuck', 'DELETE_FAILS')).status, 200);
    assert.equal((await api().remove(arnOf('stuck'))).status, 204);
    await t.advance(DELETING_SECONDS);
    const d = (await api().describe(arnOf('stuck'))).json;
    assert.equal(d.Status, 'FAILED');
    assert.match(d.StatusMessage, /^Deletion failed: .* Call DeleteBackupAccessPoint again\.$/);
    assert.ok(d.AccessPointMetadata.S3AccessPointAlias, 'its S3 access point is still there');
    assertError(await api().create({ Name: 'stuck', RecoveryPointArn, Tags: { again: 'yes' } }), 'AlreadyExistsException', /named stuck already exists .*\(FAILED\)/);
    assert.equal((await api().remove(arnOf('stuck'))).status, 204);
    await t.advance(DELETING_SECONDS);
    assert.equal((await api().describe(arnOf('stuck'))).status, 400);
    assert.deepEqual(await statusEvents(t, arnOf('stuck')), ['CREATING', 'AVAILABLE', 'DELETING', 'FAILED', 'DELETING', 'DELETED']);
    assert.deepEqual((await notifications()).map(([event, , state]) => [event, state]), [
      ['ACCESS_POINT_DELETION_FAILED', 'FAILED'],
      ['ACCESS_POINT_DELETED', 'DELETED'],
    ]);
  });

  it('refuses faults it cannot apply, with a message', async () => {
    assert.equal((await t.admin('POST', '/access-points/faults', { Fault: 'CREATE_FAILS' })).status, 400);
    assert.equal((await t.admin('POST', '/access-points/faults', { AccessPointArn: arnOf('x'), Fault: 'EXPLODES' })).status, 400);
    const missing = await fault('nothing', 'CREATE_FAILS');
    assert.equal(missing.status, 404);
  });
});
