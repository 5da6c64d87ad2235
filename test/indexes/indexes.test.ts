import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  GetRecoveryPointIndexDetailsCommand,
  ListIndexedRecoveryPointsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  StartBackupJobCommand,
  UpdateRecoveryPointIndexSettingsCommand,
  type BackupClient,
  type ListIndexedRecoveryPointsCommandInput,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { BUCKET, INSTANCE, point, ROLE, TABLE, vault, VOLUME, VOLUME2 } from '../scan/fixtures.js';

async function allIndexed(client: BackupClient, input: ListIndexedRecoveryPointsCommandInput = {}, pageSize = 2): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListIndexedRecoveryPointsCommand({ ...input, MaxResults: pageSize, NextToken: token }));
    arns.push(...page.IndexedRecoveryPoints!.map((p) => p.RecoveryPointArn!));
    token = page.NextToken;
  } while (token);
  return arns;
}

describe('recovery point indexes', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;
  const settings = (arn: string, index: 'ENABLED' | 'DISABLED', vaultName = 'v1') =>
    t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: vaultName, RecoveryPointArn: arn, Index: index, IamRoleArn: ROLE }));
  const details = (arn: string) => t.client.send(new GetRecoveryPointIndexDetailsCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const describePoint = (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));

  it('creates an index PENDING -> ACTIVE on the clock, deletes it DELETING -> gone', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, sizeBytes: 64 * 1024 ** 2 }] });
    const rp = await point(t, VOLUME);
    const none = await errorOf(() => details(rp));
    assert.equal(none.name, 'ResourceNotFoundException');
    assert.match(none.message, /has no backup index/);
    assert.equal((await describePoint(rp)).IndexStatus, undefined);

    const enabled = await settings(rp, 'ENABLED');
    assert.deepEqual(
      { ...enabled, $metadata: undefined },
      { $metadata: undefined, BackupVaultName: 'v1', RecoveryPointArn: rp, IndexStatus: 'PENDING', Index: 'ENABLED' },
    );
    let d = await details(rp);
    assert.equal(d.IndexStatus, 'PENDING');
    assert.deepEqual(d.IndexCreationDate, at(60));
    assert.equal(d.IndexCompletionDate, undefined);
    assert.equal(d.SourceResourceArn, VOLUME);
    assert.equal(d.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.equal((await describePoint(rp)).IndexStatus, 'PENDING');
    // Enabling again while it is being created changes nothing.
    assert.equal((await settings(rp, 'ENABLED')).IndexStatus, 'PENDING');
    const early = await errorOf(() => settings(rp, 'DISABLED'));
    assert.equal(early.name, 'InvalidRequestException');
    assert.match(early.message, /still being created/);

    await t.advance(599);
    assert.equal((await details(rp)).IndexStatus, 'PENDING');
    await t.advance(1);
    d = await details(rp);
    assert.equal(d.IndexStatus, 'ACTIVE');
    assert.deepEqual(d.IndexCompletionDate, at(660));
    assert.equal(d.TotalItemsIndexed, 64);
    assert.equal(d.IndexStatusMessage, undefined);
    const p = await describePoint(rp);
    assert.equal(p.IndexStatus, 'ACTIVE');
    const byVault = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1' }))).RecoveryPoints![0]!;
    assert.equal(byVault.IndexStatus, 'ACTIVE');
    const byResource = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: VOLUME }))).RecoveryPoints![0]!;
    assert.equal(byResource.IndexStatus, 'ACTIVE');

    const disabled = await settings(rp, 'DISABLED');
    assert.equal(disabled.IndexStatus, 'DELETING');
    assert.equal(disabled.Index, 'DISABLED');
    d = await details(rp);
    assert.equal(d.IndexStatus, 'DELETING');
    assert.deepEqual(d.IndexDeletionDate, at(660));
    const busy = await errorOf(() => settings(rp, 'ENABLED'));
    assert.equal(busy.name, 'InvalidRequestException');
    assert.match(busy.message, /being deleted/);
    await t.advance(60);
    assert.equal((await errorOf(() => details(rp))).name, 'ResourceNotFoundException');
    assert.equal((await describePoint(rp)).IndexStatus, undefined);
    const nothing = await errorOf(() => settings(rp, 'DISABLED'));
    assert.equal(nothing.name, 'InvalidRequestException');
    assert.match(nothing.message, /has no backup index/);
    // And it can be made again.
    assert.equal((await settings(rp, 'ENABLED')).IndexStatus, 'PENDING');
  });

  it('indexes only EBS and S3 recovery points, and checks the request', async () => {
    const table = await point(t, TABLE);
    const ami = await point(t, INSTANCE);
    const rp = await point(t, BUCKET);
    for (const arn of [table, ami]) {
      const e = await errorOf(() => settings(arn, 'ENABLED'));
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.match(e.message, /support only EBS and S3/);
    }
    const noRole = await errorOf(() => t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, Index: 'ENABLED' })));
    assert.equal(noRole.name, 'MissingParameterValueException');
    assert.match(noRole.message, /IamRoleArn is required/);
    const badRole = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, Index: 'ENABLED', IamRoleArn: 'role' })),
    );
    assert.equal(badRole.name, 'InvalidParameterValueException');
    const badIndex = await errorOf(() => settings(rp, 'ON' as never));
    assert.equal(badIndex.name, 'InvalidParameterValueException');
    const noIndex = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointIndexSettingsCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, IamRoleArn: ROLE } as never)),
    );
    assert.equal(noIndex.name, 'MissingParameterValueException');
    assert.equal((await errorOf(() => settings(rp, 'ENABLED', 'nope'))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => settings(rp, 'ENABLED', 'b@d'))).name, 'InvalidParameterValueException');
    await vault(t.client, 'v2');
    assert.equal((await errorOf(() => settings(rp, 'ENABLED', 'v2'))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => settings('arn:aws:backup:us-east-1:111111111111:recovery-point:x', 'ENABLED'))).name, 'ResourceNotFoundException');
    assert.equal((await settings(rp, 'ENABLED')).IndexStatus, 'PENDING');
  });

  it('creates the index that StartBackupJob asks for when the backup completes', async () => {
    const out = await completedBackup(t, { ResourceArn: BUCKET, Index: 'ENABLED' }, { stepSeconds: 5 }); // done at 5
    const d = await details(out.RecoveryPointArn);
    assert.equal(d.IndexStatus, 'PENDING');
    assert.deepEqual(d.IndexCreationDate, at(5));
    const plain = await completedBackup(t, { ResourceArn: VOLUME }, { stepSeconds: 5 });
    assert.equal((await errorOf(() => details(plain.RecoveryPointArn))).name, 'ResourceNotFoundException');
    await t.advance(600);
    assert.equal((await details(out.RecoveryPointArn)).IndexStatus, 'ACTIVE');
    const listed = (await t.client.send(new ListIndexedRecoveryPointsCommand({}))).IndexedRecoveryPoints!;
    assert.deepEqual(listed, [
      {
        RecoveryPointArn: out.RecoveryPointArn,
        SourceResourceArn: BUCKET,
        IamRoleArn: ROLE,
        BackupCreationDate: at(0),
        ResourceType: 'S3',
        IndexCreationDate: at(5),
        IndexStatus: 'ACTIVE',
        BackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`,
      },
    ]);
    const refused = await errorOf(() => t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: TABLE, IamRoleArn: ROLE, Index: 'ENABLED' })));
    assert.equal(refused.name, 'InvalidParameterValueException');
    assert.match(refused.message, /EBS and S3/);
  });

  it('lists indexed recovery points with every filter, paging by keyset', async () => {
    const a = await point(t, VOLUME); // created at 0
    const b = await point(t, VOLUME2); // 60
    const c = await point(t, BUCKET); // 120
    const d = await point(t, VOLUME); // 180
    await point(t, VOLUME); // not indexed
    for (const arn of [a, b, c]) await settings(arn, 'ENABLED');
    await t.advance(600);
    await settings(d, 'ENABLED');
    await settings(b, 'DISABLED');

    assert.deepEqual(await allIndexed(t.client), [a, b, c, d]);
    assert.deepEqual(await allIndexed(t.client, { SourceResourceArn: VOLUME }), [a, d]);
    assert.deepEqual(await allIndexed(t.client, { ResourceType: 'S3' }), [c]);
    assert.deepEqual(await allIndexed(t.client, { ResourceType: 'EBS' }), [a, b, d]);
    assert.deepEqual(await allIndexed(t.client, { IndexStatus: 'ACTIVE' }), [a, c]);
    assert.deepEqual(await allIndexed(t.client, { IndexStatus: 'PENDING' }), [d]);
    assert.deepEqual(await allIndexed(t.client, { IndexStatus: 'DELETING' }), [b]);
    assert.deepEqual(await allIndexed(t.client, { CreatedAfter: at(60) }), [b, c, d]);
    assert.deepEqual(await allIndexed(t.client, { CreatedBefore: at(60) }), [a, b]);
    assert.deepEqual(await allIndexed(t.client, { SourceResourceArn: VOLUME, IndexStatus: 'ACTIVE', CreatedBefore: at(100) }), [a]);
    assert.deepEqual(await allIndexed(t.clientFor('222222222222')), []);

    // A deleted recovery point takes its index with it.
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: a }));
    await t.advance(600);
    assert.deepEqual(await allIndexed(t.client, {}, 1000), [c, d]);

    for (const input of [{ MaxResults: 0 }, { ResourceType: 'RDS' }, { IndexStatus: 'GONE' as never }, { NextToken: 'x.y' }]) {
      const e = await errorOf(() => t.client.send(new ListIndexedRecoveryPointsCommand(input)));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(input));
    }
  });
});
