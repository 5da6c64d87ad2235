/** Shared fixtures of the restore testing tests. */
import { CreateRestoreTestingPlanCommand, CreateRestoreTestingSelectionCommand, type BackupClient } from '@aws-sdk/client-backup';
import type { CreateRestoreTestingPlanInput, RestoreTestingSelectionForCreate } from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';

export const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
export const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
export const VOLUME2 = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef1`;
export const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;
export const vaultArn = (name: string): string => `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:${name}`;

export function planInput(name = 'daily_test', extra: Partial<CreateRestoreTestingPlanInput['RestoreTestingPlan']> = {}): CreateRestoreTestingPlanInput {
  return {
    RestoreTestingPlan: {
      RestoreTestingPlanName: name,
      ScheduleExpression: 'cron(0 5 ? * * *)',
      RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] },
      ...extra,
    },
  };
}

export async function createPlan(client: BackupClient, name = 'daily_test', extra: Partial<CreateRestoreTestingPlanInput['RestoreTestingPlan']> = {}) {
  return client.send(new CreateRestoreTestingPlanCommand(planInput(name, extra)));
}

export function selectionInput(name = 'ebs_sel', extra: Partial<RestoreTestingSelectionForCreate> = {}): RestoreTestingSelectionForCreate {
  return { RestoreTestingSelectionName: name, IamRoleArn: ROLE, ProtectedResourceType: 'EBS', ProtectedResourceArns: ['*'], ...extra };
}

export async function createSelection(client: BackupClient, plan: string, name = 'ebs_sel', extra: Partial<RestoreTestingSelectionForCreate> = {}) {
  return client.send(new CreateRestoreTestingSelectionCommand({ RestoreTestingPlanName: plan, RestoreTestingSelection: selectionInput(name, extra) }));
}
