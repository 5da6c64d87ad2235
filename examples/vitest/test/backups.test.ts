import { CreateBackupVaultCommand, DescribeBackupJobCommand, DescribeRecoveryPointCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { expect, test } from 'vitest';
import { freshAccount, hf } from './holdfast.js';

test('a backup job completes, and its recovery point expires with the lifecycle', async () => {
  const { account, backup } = freshAccount();
  await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'nightly' }));
  const { BackupJobId } = await backup.send(
    new StartBackupJobCommand({
      BackupVaultName: 'nightly',
      ResourceArn: `arn:aws:ec2:us-east-1:${account}:volume/vol-0123456789abcdef0`,
      IamRoleArn: `arn:aws:iam::${account}:role/AWSBackupDefaultServiceRole`,
      Lifecycle: { DeleteAfterDays: 7 },
    }),
  );
  // The clock is shared by every test file: moving it is safe here because no other test
  // depends on how much time passes.
  await hf.clock.advance('1h');
  const job = await backup.send(new DescribeBackupJobCommand({ BackupJobId }));
  expect(job.State).toBe('COMPLETED');

  await hf.clock.advance('8d');
  await expect(
    backup.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'nightly', RecoveryPointArn: job.RecoveryPointArn })),
  ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});
