/**
 * Fixtures of the legal-hold tests that run over the real jobs and recovery-point domain through
 * the SDK: backups made with StartBackupJob on the frozen clock, holds, and a composite stack
 * stored directly.
 */
import {
  CancelLegalHoldCommand,
  CreateLegalHoldCommand,
  DeleteRecoveryPointCommand,
  DescribeRecoveryPointCommand,
  GetLegalHoldCommand,
  ListRecoveryPointsByLegalHoldCommand,
  type BackupClient,
  type CreateLegalHoldCommandInput,
  type RecoveryPointMember,
} from '@aws-sdk/client-backup';
import { randomUUID } from 'node:crypto';
import type { RecoveryPointRecord } from '../../src/services/common/recovery-point-record.js';
import { ACCOUNT, type TestServer } from '../helpers/server.js';
import { completedBackups, ROLE } from '../helpers/backups.js';

export { ROLE };
export const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const DB = `arn:aws:rds:us-east-1:${ACCOUNT}:db:prod-db`;
export const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/shop/0f1e2d3c-0000-4000-8000-000000000001`;
export const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };
export const DAY = 86_400;

/** [vault, resource ARN, more StartBackupJob input]. */
export type BackupSpec = readonly [vault: string, resourceArn: string, extra?: Record<string, unknown>];

/**
 * Backups started at one instant (the clock moves 60 s until they have completed): their
 * recovery point ARNs, from DescribeBackupJob, in order.
 */
export async function points<const T extends readonly BackupSpec[]>(t: TestServer, ...backups: T): Promise<{ [K in keyof T]: string }> {
  const done = await completedBackups(t, backups.map(([BackupVaultName, ResourceArn, extra]) => ({ BackupVaultName, ResourceArn, ...extra })));
  return done.map((b) => b.RecoveryPointArn) as { [K in keyof T]: string };
}

export async function createHold(client: BackupClient, input: Partial<CreateLegalHoldCommandInput> = {}): Promise<string> {
  const out = await client.send(new CreateLegalHoldCommand({ Title: 'case-1', Description: 'litigation', ...input }));
  return out.LegalHoldId!;
}

export async function holdStatus(client: BackupClient, id: string): Promise<string | undefined> {
  return (await client.send(new GetLegalHoldCommand({ LegalHoldId: id }))).Status;
}

export async function cancelHold(client: BackupClient, id: string): Promise<void> {
  await client.send(new CancelLegalHoldCommand({ LegalHoldId: id, CancelDescription: 'case closed' }));
}

/** Every member ListRecoveryPointsByLegalHold answers, following NextToken. */
export async function heldPoints(client: BackupClient, id: string, pageSize?: number): Promise<RecoveryPointMember[]> {
  const all: RecoveryPointMember[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListRecoveryPointsByLegalHoldCommand({ LegalHoldId: id, NextToken: token, MaxResults: pageSize }));
    all.push(...page.RecoveryPoints!);
    token = page.NextToken;
  } while (token);
  return all;
}

export const heldArns = async (client: BackupClient, id: string): Promise<string[]> => (await heldPoints(client, id)).map((p) => p.RecoveryPointArn!).sort();

export const deletePoint = (client: BackupClient, vault: string, arn: string) =>
  client.send(new DeleteRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));

/** Whether the point still exists (DescribeRecoveryPoint), and its status. */
export async function pointStatus(client: BackupClient, vault: string, arn: string): Promise<string | undefined> {
  try {
    return (await client.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }))).Status;
  } catch (e) {
    if ((e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

/**
 * Stores a composite parent (a CloudFormation stack backup) with two children in `vault`, as the
 * jobs domain will once application-stack backups land. Answers [parent, child1, child2] ARNs.
 */
export async function storeComposite(t: TestServer, vault: string, vaultArn: string): Promise<[string, string, string]> {
  const now = t.hf.clock.nowMs();
  const arn = (): string => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:${randomUUID()}`;
  const base = (resourceArn: string, resourceType: string): RecoveryPointRecord => ({
    ...SCOPE,
    arn: arn(),
    vaultName: vault,
    vaultArn,
    vaultType: 'BACKUP_VAULT',
    resourceArn,
    resourceType,
    resourceName: resourceArn.split(/[:/]/).pop()!,
    status: 'COMPLETED',
    storageClass: 'WARM',
    creationDate: now,
    completionDate: now,
    backupSizeInBytes: 1,
    iamRoleArn: ROLE,
    encryptionKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/holdfast`,
    restoreMetadata: {},
    createdByJobId: randomUUID(),
  });
  const parent = { ...base(STACK, 'CloudFormation'), isParent: true };
  const children = [
    { ...base(VOLUME, 'EBS'), parentRecoveryPointArn: parent.arn, compositeMemberIdentifier: 'Volume' },
    { ...base(TABLE, 'DynamoDB'), parentRecoveryPointArn: parent.arn, compositeMemberIdentifier: 'Table' },
  ];
  const rps = t.hf.services.exports.recoveryPoints;
  await t.hf.store.atomically(() => rps.create([parent, ...children], [undefined, undefined, undefined]));
  return [parent.arn, children[0]!.arn, children[1]!.arn];
}
