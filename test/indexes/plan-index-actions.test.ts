/** A backup plan rule's IndexActions give the scheduled backups of those resource types a backup index. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  ListRecoveryPointsByBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const VOLUME = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0123456789abcdef0`;
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

describe('plan IndexActions', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('indexes the EBS backups a rule asks for, and not the others', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME }, { arn: TABLE }] });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'indexed',
          Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'main', ScheduleExpression: 'cron(0 5 ? * * *)', IndexActions: [{ ResourceTypes: ['EBS'] }] }],
        },
      }),
    );
    await t.client.send(
      new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 'both', IamRoleArn: ROLE, Resources: [VOLUME, TABLE] } }),
    );
    await t.advance(86_400);
    const points = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'main' }))).RecoveryPoints ?? [];
    assert.equal(points.length, 2);
    assert.equal(points.find((p) => p.ResourceArn === VOLUME)?.IndexStatus, 'ACTIVE');
    assert.equal(points.find((p) => p.ResourceArn === TABLE)?.IndexStatus, undefined);
  });
});
