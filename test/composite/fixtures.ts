/** Shared fixtures of the composite (application stack) tests. */
import assert from 'node:assert/strict';
import { CreateBackupVaultCommand, ListRecoveryPointsByBackupVaultCommand, StartBackupJobCommand, type BackupClient } from '@aws-sdk/client-backup';
import { ACCOUNT, type TestServer } from '../helpers/server.js';
import { completedBackup, ROLE } from '../helpers/backups.js';

export { ROLE };
export const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/shop/8a1e3f40-1111-2222-3333-444455556666`;
export const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0aaa111122223333a`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:shop-db`;
/** Members AWS Backup cannot back up: skipped. */
export const IAM_ROLE = `arn:aws:iam::${ACCOUNT}:role/shop-app`;
export const LAMBDA = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:shop-api`;

export const MEMBERS = [
  { logicalId: 'DataVolume', arn: VOLUME },
  { logicalId: 'OrdersTable', arn: TABLE },
  { logicalId: 'AppRole', arn: IAM_ROLE },
  { logicalId: 'Database', arn: DB },
  { logicalId: 'ApiFunction', arn: LAMBDA },
];

/** The size of the stack's template point (the stack entry's sizeBytes). */
export const TEMPLATE_SIZE = 500;

/**
 * The stack and its members: the template (the stack's own entry) takes 30 s, the volume 60 s,
 * the table 120 s, the database 300 s.
 */
export async function stackInventory(t: TestServer, overrides: Record<string, Record<string, unknown>> = {}): Promise<void> {
  const res = await t.admin('PUT', '/resources', {
    resources: [
      { arn: STACK, stackMembers: MEMBERS, tags: { app: 'shop' }, backupDurationSeconds: 30, sizeBytes: TEMPLATE_SIZE, ...overrides[STACK] },
      { arn: VOLUME, backupDurationSeconds: 60, sizeBytes: 1000, ...overrides[VOLUME] },
      { arn: TABLE, backupDurationSeconds: 120, sizeBytes: 2000, ...overrides[TABLE] },
      { arn: DB, backupDurationSeconds: 300, sizeBytes: 3000, ...overrides[DB] },
    ],
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.json));
}

export async function vault(client: BackupClient, name = 'v1'): Promise<string> {
  return (await client.send(new CreateBackupVaultCommand({ BackupVaultName: name }))).BackupVaultArn!;
}

/**
 * Starts a backup of the stack in v1: its parent job's id. AWS answers no RecoveryPointArn for a
 * stack: the composite point's ARN comes from DescribeBackupJob (or completedBackup, helpers/backups.ts).
 */
export async function backupStack(client: BackupClient, extra: Record<string, unknown> = {}): Promise<{ BackupJobId: string; IsParent?: boolean }> {
  const out = await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: STACK, IamRoleArn: ROLE, ...extra }));
  assert.equal(out.RecoveryPointArn, undefined, 'StartBackupJob answers no RecoveryPointArn for a stack');
  return { BackupJobId: out.BackupJobId!, IsParent: out.IsParent };
}

/** A completed backup of the stack in v1 (the clock moves an hour): the composite ARN, its template point and its members' nested points by logical id. */
export async function completedStack(t: TestServer, extra: Record<string, unknown> = {}): Promise<{ parent: string; template: string; nested: Record<string, string> }> {
  const { RecoveryPointArn: parent } = await completedBackup(t, { ResourceArn: STACK, ...extra }, { stepSeconds: 3600 });
  const listed = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', ByParentRecoveryPointArn: parent }))).RecoveryPoints ?? [];
  const template = listed.filter((p) => p.ResourceType === 'CloudFormation');
  assert.equal(template.length, 1, 'one template point');
  assert.equal(template[0]!.CompositeMemberIdentifier, undefined, 'the template has no logical ID');
  const members = listed.filter((p) => p.ResourceType !== 'CloudFormation');
  return { parent, template: template[0]!.RecoveryPointArn!, nested: Object.fromEntries(members.map((p) => [p.CompositeMemberIdentifier!, p.RecoveryPointArn!])) };
}
