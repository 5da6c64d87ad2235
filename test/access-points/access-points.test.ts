/**
 * Backup access points through raw SigV4-signed requests (no JS client has these operations):
 * statuses on the clock, the three lists and their pages, idempotent create, deletion and the
 * name's reuse, tags, and the limit of 5 per recovery point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListTagsCommand, TagResourceCommand } from '@aws-sdk/client-backup';
import { completedBackup } from '../helpers/backups.js';
import { errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { CREATING_SECONDS, DELETING_SECONDS, NAME_REUSE_SECONDS } from '../../src/services/access-points/lifecycle.js';
import { MAX_PER_ACCOUNT_REGION } from '../../src/services/access-points/access-point-service.js';
import { accessPointApi, assertError, readPolicy } from './api.js';

const BUCKET = 'arn:aws:s3:::reports-bucket';
const arnOf = (name: string, account = '111111111111'): string => `arn:aws:backup:us-east-1:${account}:accesspoint/${name}`;

describe('backup access points', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const api = () => accessPointApi(t.url);
  const s3Point = async (bucket = BUCKET) => (await completedBackup(t, { ResourceArn: bucket })).RecoveryPointArn;

  it('goes CREATING, then AVAILABLE on the clock with its S3 access point ARN and alias', async () => {
    const RecoveryPointArn = await s3Point();
    const created = await api().create({ Name: 'my-access-point', RecoveryPointArn });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json, { AccessPointArn: arnOf('my-access-point'), Status: 'CREATING' });
    const createdAt = t.hf.clock.nowMs();

    const creating = await api().describe(arnOf('my-access-point'));
    assert.equal(creating.status, 200);
    assert.deepEqual(creating.json, {
      AccessPointArn: arnOf('my-access-point'),
      AccessPointMetadata: {},
      BackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:v1',
      BackupVaultName: 'v1',
      CreationTime: createdAt / 1000,
      Name: 'my-access-point',
      RecoveryPointArn,
      ResourceArn: BUCKET,
      ResourceType: 'S3',
      Status: 'CREATING',
    });
    await t.advance(CREATING_SECONDS - 1);
    assert.equal((await api().describe(arnOf('my-access-point'))).json.Status, 'CREATING');
    await t.advance(1);
    const available = (await api().describe(arnOf('my-access-point'))).json;
    assert.equal(available.Status, 'AVAILABLE');
    assert.equal(available.AccessPointMetadata.S3AccessPointArn, 'arn:aws:s3:us-east-1:111111111111:accesspoint/my-access-point');
    assert.match(available.AccessPointMetadata.S3AccessPointAlias, /^my-access-point-[0-9a-f]{10}-ext-s3alias$/);
    assert.equal(available.CreationTime, createdAt / 1000);
  });

  it('lists by account and Region, by recovery point and by resource, a page at a time', async () => {
    const first = await s3Point();
    const second = await s3Point('arn:aws:s3:::other-bucket');
    for (const [Name, RecoveryPointArn] of [['ap-1', first], ['ap-2', second], ['ap-3', first]] as const) {
      assert.equal((await api().create({ Name, RecoveryPointArn })).status, 201);
    }
    const names = (reply: { json: { BackupAccessPoints: { Name: string }[] } }): string[] => reply.json.BackupAccessPoints.map((a) => a.Name);

    const page1 = await api().list({ MaxResults: '2' });
    assert.deepEqual(names(page1), ['ap-1', 'ap-2']);
    assert.ok(page1.json.NextToken);
    const page2 = await api().list({ MaxResults: '2', NextToken: page1.json.NextToken });
    assert.deepEqual(names(page2), ['ap-3']);
    assert.equal(page2.json.NextToken, undefined);
    // Every list member carries its metadata map, empty until AVAILABLE.
    assert.deepEqual(page2.json.BackupAccessPoints[0].AccessPointMetadata, {});

    assert.deepEqual(names(await api().byRecoveryPoint(first)), ['ap-1', 'ap-3']);
    const byPointPage = await api().byRecoveryPoint(first, { MaxResults: '1' });
    assert.deepEqual(names(byPointPage), ['ap-1']);
    assert.deepEqual(names(await api().byRecoveryPoint(first, { MaxResults: '1', NextToken: byPointPage.json.NextToken })), ['ap-3']);
    assert.deepEqual(names(await api().byResource('arn:aws:s3:::other-bucket')), ['ap-2']);

    // The lists name no error for an unknown point or resource (the model lists none): empty.
    assert.deepEqual(await api().byResource('arn:aws:s3:::nothing-here').then((r) => [r.status, r.json]), [200, { BackupAccessPoints: [] }]);
    const unknownPoint = first.replace(/.{4}$/, '0000');
    assert.deepEqual((await api().byRecoveryPoint(unknownPoint)).json, { BackupAccessPoints: [] });
    // Another account and another Region see none of them.
    assert.deepEqual((await accessPointApi(t.url, '222222222222').list()).json, { BackupAccessPoints: [] });
    assert.deepEqual((await accessPointApi(t.url, '222222222222').byRecoveryPoint(first)).json, { BackupAccessPoints: [] });
    assert.deepEqual((await accessPointApi(t.url, '111111111111', 'eu-west-1').list()).json, { BackupAccessPoints: [] });

    // A token belongs to its list and filter; MaxResults is 1 to 100.
    assertError(await api().byRecoveryPoint(second, { NextToken: byPointPage.json.NextToken }), 'InvalidParameterValueException', /NextToken is not valid/);
    assertError(await api().list({ MaxResults: '101' }), 'InvalidParameterValueException', /MaxResults must be an integer between 1 and 100; got 101/);
    assertError(await api().list({ MaxResults: '0' }), 'InvalidParameterValueException', /between 1 and 100/);
  });

  it('answers a repeated create with the same access point, and AlreadyExistsException for another request under its name', async () => {
    const RecoveryPointArn = await s3Point();
    const request = { Name: 'again', RecoveryPointArn, Tags: { team: 'audit' }, AccessPointPolicy: readPolicy('again') };
    assert.deepEqual((await api().create(request)).json, { AccessPointArn: arnOf('again'), Status: 'CREATING' });
    assert.deepEqual((await api().create({ ...request, Tags: { team: 'audit' } })).json, { AccessPointArn: arnOf('again'), Status: 'CREATING' });
    await t.advance(CREATING_SECONDS);
    assert.deepEqual((await api().create(request)).json, { AccessPointArn: arnOf('again'), Status: 'AVAILABLE' });
    const other = await api().create({ ...request, Tags: { team: 'other' } });
    assertError(other, 'AlreadyExistsException', /A backup access point named again already exists in this account and Region \(AVAILABLE\)/);
    assert.equal(other.json.Arn, arnOf('again'));
    // Another account does not see it.
    assertError(await accessPointApi(t.url, '222222222222').describe(arnOf('again')), 'ResourceNotFoundException', /was not found/);
  });

  it('is DELETING, then gone; its name is taken back only after a while (ConflictException)', async () => {
    const RecoveryPointArn = await s3Point();
    await api().create({ Name: 'short-lived', RecoveryPointArn });
    assertError(await api().remove(arnOf('short-lived')), 'InvalidRequestException', /is CREATING; delete it once DescribeBackupAccessPoint says AVAILABLE or FAILED/);
    await t.advance(CREATING_SECONDS);

    const removed = await api().remove(arnOf('short-lived'));
    assert.equal(removed.status, 204);
    assert.equal((await api().describe(arnOf('short-lived'))).json.Status, 'DELETING');
    assert.equal((await api().remove(arnOf('short-lived'))).status, 204); // idempotent while DELETING
    await t.advance(DELETING_SECONDS);
    assertError(await api().describe(arnOf('short-lived')), 'ResourceNotFoundException', /Backup access point .*short-lived was not found/);
    assertError(await api().remove(arnOf('short-lived')), 'ResourceNotFoundException', /was not found/);
    assert.deepEqual((await api().list()).json, { BackupAccessPoints: [] });

    assertError(await api().create({ Name: 'short-lived', RecoveryPointArn }), 'ConflictException', /deleted recently; it can be used again after/);
    await t.advance(NAME_REUSE_SECONDS);
    assert.equal((await api().create({ Name: 'short-lived', RecoveryPointArn })).status, 201);
  });

  it('takes tags at creation and through TagResource, and they go with it', async () => {
    const RecoveryPointArn = await s3Point();
    await api().create({ Name: 'tagged', RecoveryPointArn, Tags: { team: 'audit' } });
    await t.client.send(new TagResourceCommand({ ResourceArn: arnOf('tagged'), Tags: { case: '42' } }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: arnOf('tagged') }))).Tags, { team: 'audit', case: '42' });
    assertError(await api().create({ Name: 'bad-tags', RecoveryPointArn, Tags: { 'aws:x': 'y' } }), 'InvalidParameterValueException', /reserved for AWS use/);

    await t.advance(CREATING_SECONDS);
    await api().remove(arnOf('tagged'));
    await t.advance(DELETING_SECONDS);
    const e = await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: arnOf('tagged') })));
    assert.equal(e.name, 'ResourceNotFoundException');
  });

  it('allows 5 per recovery point in an account, whatever their status', async () => {
    const RecoveryPointArn = await s3Point();
    for (let i = 1; i <= 5; i++) assert.equal((await api().create({ Name: `ap-${i}`, RecoveryPointArn })).status, 201);
    assertError(await api().create({ Name: 'ap-6', RecoveryPointArn }), 'LimitExceededException', /already has 5 backup access points, the most an account can have per recovery point/);
    await t.advance(CREATING_SECONDS);
    await api().remove(arnOf('ap-1'));
    // DELETING still counts; gone, it does not.
    assertError(await api().create({ Name: 'ap-6', RecoveryPointArn }), 'LimitExceededException', /already has 5/);
    await t.advance(DELETING_SECONDS);
    assert.equal((await api().create({ Name: 'ap-6', RecoveryPointArn })).status, 201);
    // Another recovery point has its own 5.
    assert.equal((await api().create({ Name: 'ap-7', RecoveryPointArn: await s3Point() })).status, 201);
  });

  it('allows 10,000 per account and Region, the S3 quota of access points', async () => {
    const RecoveryPointArn = await s3Point();
    const store = t.hf.store.accessPoints;
    const template = { accountId: '111111111111', region: 'us-east-1', recoveryPointArn: 'rp', resourceArn: BUCKET, resourceType: 'S3', vaultName: 'v1', vaultArn: 'v' };
    await t.hf.store.atomically(async () => {
      for (let i = 0; i < MAX_PER_ACCOUNT_REGION - 1; i++) {
        const name = `bulk-${i}`;
        await store.insert({ ...template, arn: arnOf(name), name, status: 'AVAILABLE', creationTime: 0, metadata: {}, requestFingerprint: '' }, null);
      }
    });
    assert.equal((await api().create({ Name: 'last-one', RecoveryPointArn })).status, 201);
    assertError(await api().create({ Name: 'one-more', RecoveryPointArn }), 'LimitExceededException', /This account has 10000 access points in us-east-1, the most Amazon S3 allows/);
  });
});
