/** Shared fixtures of the jobs tests. */
import { CreateBackupVaultCommand, StartBackupJobCommand, type BackupClient } from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { ROLE } from '../helpers/backups.js';

export { ROLE };
export const roleFor = (account: string): string => `arn:aws:iam::${account}:role/AWSBackupDefaultServiceRole`;
export const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod-db`;
export const BUCKET = 'arn:aws:s3:::my-bucket';
export const FILE_SYSTEM = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`;

export async function vault(client: BackupClient, name = 'v1'): Promise<void> {
  await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
}

/**
 * Starts a backup job in v1 and answers its id only: the recovery point ARN comes from
 * DescribeBackupJob (see completedBackup in test/helpers/backups.ts).
 */
export async function backup(client: BackupClient, resourceArn: string, extra: Record<string, unknown> = {}): Promise<{ BackupJobId: string }> {
  const out = await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: resourceArn, IamRoleArn: ROLE, ...extra }));
  return { BackupJobId: out.BackupJobId! };
}
