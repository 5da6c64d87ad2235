/**
 * StartBackupJob's RecoveryPointArn: AWS answers it "only for Amazon EFS and Advanced DynamoDB
 * resources"; DescribeBackupJob always has it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateBackupVaultCommand, DescribeBackupJobCommand, StartBackupJobCommand, UpdateRegionSettingsCommand, type BackupClient } from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { STACK, stackInventory } from '../composite/fixtures.js';
import { BUCKET, DB, FILE_SYSTEM, TABLE, VOLUME } from './fixtures.js';

describe('StartBackupJob RecoveryPointArn', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const start = (resourceArn: string, extra: Record<string, unknown> = {}, client: BackupClient = t.client) =>
    client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: resourceArn, IamRoleArn: ROLE, ...extra }));
  const described = async (id: string, client: BackupClient = t.client) => (await client.send(new DescribeBackupJobCommand({ BackupJobId: id }))).RecoveryPointArn;
  const dynamoManagement = (on: boolean, client: BackupClient = t.client) =>
    client.send(new UpdateRegionSettingsCommand({ ResourceTypeManagementPreference: { DynamoDB: on } }));

  it('is not answered for an EBS volume (nor RDS, S3); DescribeBackupJob has it', async () => {
    for (const [arn, form] of [
      [VOLUME, /^arn:aws:ec2:us-east-1::snapshot\/snap-[0-9a-f]{17}$/],
      [DB, new RegExp(`^arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:awsbackup:job-`)],
      [BUCKET, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:`)],
    ] as const) {
      const started = await start(arn);
      assert.equal(started.RecoveryPointArn, undefined, arn);
      assert.equal(started.IsParent, false);
      assert.match((await described(started.BackupJobId!))!, form);
    }
    const done = await completedBackup(t, { ResourceArn: VOLUME });
    assert.match(done.RecoveryPointArn, /^arn:aws:ec2:us-east-1::snapshot\/snap-[0-9a-f]{17}$/);
  });

  it('is answered for an EFS file system, equal to DescribeBackupJob\'s and to the point made', async () => {
    const started = await start(FILE_SYSTEM);
    assert.match(started.RecoveryPointArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    assert.equal(await described(started.BackupJobId!), started.RecoveryPointArn);
    // The same job again (IdempotencyToken) answers the same.
    const first = await start(FILE_SYSTEM, { IdempotencyToken: 'efs-1' });
    const again = await start(FILE_SYSTEM, { IdempotencyToken: 'efs-1' });
    assert.equal(again.BackupJobId, first.BackupJobId);
    assert.equal(again.RecoveryPointArn, first.RecoveryPointArn);
    assert.ok(first.RecoveryPointArn);
    const done = await completedBackup(t, { ResourceArn: FILE_SYSTEM });
    assert.match(done.RecoveryPointArn, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:`));
  });

  it('is answered for DynamoDB while full management (advanced DynamoDB) is on, the default', async () => {
    const started = await start(TABLE);
    // An advanced DynamoDB backup has the generic recovery point ARN.
    assert.match(started.RecoveryPointArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    assert.equal(await described(started.BackupJobId!), started.RecoveryPointArn);
    await dynamoManagement(true);
    assert.ok((await start(TABLE)).RecoveryPointArn);
  });

  it('is not answered for DynamoDB once full management is off in the Region, and only there', async () => {
    const token = await start(TABLE, { IdempotencyToken: 'ddb-1' });
    assert.ok(token.RecoveryPointArn);
    await dynamoManagement(false);
    const started = await start(TABLE);
    assert.equal(started.RecoveryPointArn, undefined);
    assert.match((await described(started.BackupJobId!))!, new RegExp(`^arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/backup/`));
    // A job started before the change answers as it did then (its backup was an advanced one).
    assert.equal((await start(TABLE, { IdempotencyToken: 'ddb-1' })).RecoveryPointArn, token.RecoveryPointArn);
    // EFS does not depend on the DynamoDB preference.
    assert.ok((await start(FILE_SYSTEM)).RecoveryPointArn);
    // Another Region keeps its own (default) preference.
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const westTable = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/orders`;
    assert.ok((await start(westTable, {}, west)).RecoveryPointArn);
    await dynamoManagement(true);
    assert.ok((await start(TABLE)).RecoveryPointArn);
    const done = await completedBackup(t, { ResourceArn: TABLE });
    assert.match(done.RecoveryPointArn, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:`));
  });

  it('is not answered for a stack\'s parent job, even with a DynamoDB member', async () => {
    await stackInventory(t);
    const started = await start(STACK);
    assert.equal(started.IsParent, true);
    assert.equal(started.RecoveryPointArn, undefined);
    assert.match((await described(started.BackupJobId!))!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:`));
  });
});
