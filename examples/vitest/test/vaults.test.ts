import { CreateBackupVaultCommand, DescribeBackupVaultCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { expect, test } from 'vitest';
import { freshAccount } from './holdfast.js';

test('creates a vault in its own account', async () => {
  const { account, backup } = freshAccount();
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'orders' }));
  const vault = await backup.send(new DescribeBackupVaultCommand({ BackupVaultName: 'orders' }));
  expect(vault.BackupVaultArn).toBe(`arn:aws:backup:us-east-1:${account}:backup-vault:orders`);
});

test('sees no vault of another account', async () => {
  const { backup } = freshAccount();
  const { BackupVaultList } = await backup.send(new ListBackupVaultsCommand({}));
  expect(BackupVaultList).toEqual([]);
});

test('refuses a vault name twice, as AWS does', async () => {
  const { backup } = freshAccount();
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'twice' }));
  await expect(backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'twice' }))).rejects.toMatchObject({ name: 'AlreadyExistsException' });
});
