// node:test, no build step: one in-process Holdfast for this file, reset before every test.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import {
  BackupClient,
  CreateBackupVaultCommand,
  DescribeBackupJobCommand,
  ListBackupVaultsCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { startHoldfast } from 'holdfast';

const hf = await startHoldfast({ frozenClock: true, startTime: '2026-01-01T00:00:00Z' });
const backup = new BackupClient(hf.clientConfig('123456789012'));
after(() => hf.close());
beforeEach(() => hf.reset());

const VOLUME = 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0123456789abcdef0';
const ROLE = 'arn:aws:iam::123456789012:role/AWSBackupDefaultServiceRole';

test('a backup job runs for the duration the inventory gives it', async () => {
  await hf.resources.put([{ arn: VOLUME, backupDurationSeconds: 2 * 3600 }]);
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault' }));
  const { BackupJobId } = await backup.send(new StartBackupJobCommand({ BackupVaultName: 'vault', ResourceArn: VOLUME, IamRoleArn: ROLE }));
  await hf.clock.advance('1h');
  assert.notEqual((await backup.send(new DescribeBackupJobCommand({ BackupJobId }))).State, 'COMPLETED');
  await hf.clock.advance('1h');
  assert.equal((await backup.send(new DescribeBackupJobCommand({ BackupJobId }))).State, 'COMPLETED');
});

test('every test starts from an empty server', async () => {
  const { BackupVaultList } = await backup.send(new ListBackupVaultsCommand({}));
  assert.deepEqual(BackupVaultList, []);
});
