/** Vault Lock protects the recovery points in the vault: no manual deletion, no shorter retention; the lifecycle still ends them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteBackupVaultLockConfigurationCommand,
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  PutBackupVaultLockConfigurationCommand,
  UpdateRecoveryPointLifecycleCommand,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { TABLE, vault } from '../jobs/fixtures.js';

const DAY = 86_400;

describe('vault lock and the recovery points it protects', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('refuses deletion and shorter retention, lets the lifecycle delete, and lets go once the lock is removed', async () => {
    await vault(t.client);
    const point = async (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
    const remove = (arn: string) => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
    const retain = (arn: string, days: number) =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn, Lifecycle: { DeleteAfterDays: days } }));
    const first = await completedBackup(t, { ResourceArn: TABLE, Lifecycle: { DeleteAfterDays: 30 } });
    const second = await completedBackup(t, { ResourceArn: TABLE, Lifecycle: { DeleteAfterDays: 30 } });
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1', MinRetentionDays: 7, MaxRetentionDays: 365 }));

    const refused = await errorOf(() => remove(first.RecoveryPointArn));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, /backup vault v1 is protected by Vault Lock/);
    const shorter = await errorOf(() => retain(first.RecoveryPointArn, 20));
    assert.equal(shorter.name, 'InvalidRequestException');
    assert.match(shorter.message, /cannot be shortened from 30 to 20 days/);
    await retain(first.RecoveryPointArn, 60);

    await t.advance(31 * DAY);
    assert.equal((await errorOf(() => point(second.RecoveryPointArn))).name, 'ResourceNotFoundException', 'the lifecycle still deletes');
    assert.equal((await point(first.RecoveryPointArn)).Status, 'COMPLETED');

    await t.client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1' }));
    await remove(first.RecoveryPointArn);
  });
});
