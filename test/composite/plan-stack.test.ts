/** A backup plan that selects a CloudFormation stack makes composite jobs, and its copy action a composite copy. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  ListBackupJobsCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const STACK = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/shop/1a2b3c4d-0000-4000-a000-000000000001`;

describe('plans over application stacks', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());

  it('backs up a tag-selected stack as a composite and copies it whole to another region', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'main' }));
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await west.send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    await t.admin('PUT', '/resources', {
      resources: [
        {
          arn: STACK,
          tags: { backup: 'daily' },
          stackMembers: [
            { logicalId: 'Db', arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:shop` },
            { logicalId: 'Table', arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders` },
          ],
        },
      ],
    });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'stacks',
          Rules: [
            {
              RuleName: 'daily',
              TargetBackupVaultName: 'main',
              ScheduleExpression: 'cron(0 5 ? * * *)',
              CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:us-west-2:${ACCOUNT}:backup-vault:dr` }],
            },
          ],
        },
      }),
    );
    await t.client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: { SelectionName: 'tagged', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] },
      }),
    );
    await t.advance(86_400);

    const jobs = (await t.client.send(new ListBackupJobsCommand({}))).BackupJobs ?? [];
    const parent = jobs.find((j) => j.IsParent);
    assert.ok(parent, 'the stack was backed up as a composite');
    assert.equal(parent.State, 'COMPLETED');
    assert.equal(parent.CreatedBy?.BackupPlanId, plan.BackupPlanId);
    assert.equal(jobs.filter((j) => j.ParentJobId === parent.BackupJobId).length, 3, 'the template, the database and the table');

    const copies = (await t.client.send(new ListCopyJobsCommand({}))).CopyJobs ?? [];
    const parentCopy = copies.find((c) => c.IsParent);
    assert.ok(parentCopy, 'the copy action copied the composite');
    assert.equal(parentCopy.State, 'COMPLETED');
    assert.equal(parentCopy.SourceRecoveryPointArn, parent.RecoveryPointArn);
    assert.equal(copies.filter((c) => c.ParentJobId === parentCopy.CopyJobId).length, 3);
    const inDr = (await west.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'dr' }))).RecoveryPoints ?? [];
    assert.equal(inDr.filter((p) => p.IsParent).length, 1);
    assert.equal(inDr.filter((p) => p.ParentRecoveryPointArn).length, 3);
  });
});
