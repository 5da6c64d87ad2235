/** Vault Lock protects the recovery points in the vault: no manual deletion, no shorter retention; the lifecycle still ends them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteBackupVaultLockConfigurationCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  PutBackupVaultLockConfigurationCommand,
  StartCopyJobCommand,
  UpdateRecoveryPointLifecycleCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
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

  it('holds backup jobs, copy jobs and lifecycle updates to one retention range, inclusive at both ends', async () => {
    await t.admin('POST', '/reset');
    await vault(t.client, 'v1');
    await vault(t.client, 'locked');
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'locked', MinRetentionDays: 7, MaxRetentionDays: 30 }));
    const tooShort = (days: number) => `The recovery point's retention of ${days} days is shorter than the minimum retention of 7 days set by the vault lock of locked.`;
    const tooLong = (days: number) => `The recovery point would be kept for ${days} days, longer than the maximum retention of 30 days set by the vault lock of locked.`;

    // Backup jobs: 7 and 30 days pass, 6 and 31 fail with the rule's message.
    for (const [days, state] of [[6, 'FAILED'], [7, 'COMPLETED'], [30, 'COMPLETED'], [31, 'FAILED']] as const) {
      const job = await completedBackup(t, { BackupVaultName: 'locked', ResourceArn: TABLE, Lifecycle: { DeleteAfterDays: days } }, { state });
      if (state === 'FAILED') {
        const described = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: job.BackupJobId }));
        assert.equal(described.StatusMessage, days < 7 ? tooShort(days) : tooLong(days));
      }
    }

    // Copy jobs into the locked vault: the same rule and message.
    const source = await completedBackup(t, { ResourceArn: TABLE, Lifecycle: { DeleteAfterDays: 100 } });
    const copy = async (days: number) => {
      const { CopyJobId } = await t.client.send(
        new StartCopyJobCommand({
          RecoveryPointArn: source.RecoveryPointArn,
          SourceBackupVaultName: 'v1',
          DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:locked`,
          IamRoleArn: ROLE,
          Lifecycle: { DeleteAfterDays: days },
        }),
      );
      await t.advance(3600);
      return (await t.client.send(new DescribeCopyJobCommand({ CopyJobId }))).CopyJob!;
    };
    assert.deepEqual(await copy(6).then((j) => [j.State, j.StatusMessage]), ['FAILED', tooShort(6)]);
    assert.deepEqual(await copy(31).then((j) => [j.State, j.StatusMessage]), ['FAILED', tooLong(31)]);
    const kept = await copy(7);
    assert.equal(kept.State, 'COMPLETED');

    // Lifecycle updates of a point in the locked vault: out of range refused, the upper bound accepted.
    const retain = (days: number) =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'locked', RecoveryPointArn: kept.DestinationRecoveryPointArn!, Lifecycle: { DeleteAfterDays: days } }));
    const refused = await errorOf(() => retain(31));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.equal(refused.message, tooLong(31));
    await retain(30);
  });
});
