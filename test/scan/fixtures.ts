/** Shared fixtures of the scan and index tests: real recovery points made through the SDK on the frozen clock. */
import { CreateBackupVaultCommand, StartScanJobCommand, type BackupClient, type StartScanJobCommandInput } from '@aws-sdk/client-backup';
import { ACCOUNT, type TestServer } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

export { ROLE };
export const SCANNER_ROLE = `arn:aws:iam::${ACCOUNT}:role/GuardDutyScanner`;
export const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const VOLUME2 = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0fedcba9876543210`;
export const INSTANCE = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const BUCKET = 'arn:aws:s3:::my-bucket';
export const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };

export async function vault(client: BackupClient, name = 'v1'): Promise<void> {
  await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
}

/** Backs up a resource in v1 and lets the job finish (the clock moves 60 seconds); answers the recovery point ARN. */
export async function point(t: TestServer, resourceArn: string, extra: Record<string, unknown> = {}, client = t.client): Promise<string> {
  return (await completedBackup(t, { ResourceArn: resourceArn, ...extra }, { client })).RecoveryPointArn;
}

export async function scan(client: BackupClient, recoveryPointArn: string, extra: Partial<StartScanJobCommandInput> = {}): Promise<string> {
  const out = await client.send(
    new StartScanJobCommand({
      BackupVaultName: 'v1',
      RecoveryPointArn: recoveryPointArn,
      IamRoleArn: ROLE,
      ScannerRoleArn: SCANNER_ROLE,
      MalwareScanner: 'GUARDDUTY',
      ScanMode: 'FULL_SCAN',
      ...extra,
    }),
  );
  return out.ScanJobId!;
}
