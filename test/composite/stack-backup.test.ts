import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  ListBackupJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  StopBackupJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { backupStack, DB, ROLE, STACK, stackInventory, TABLE, VOLUME } from './fixtures.js';

describe('stack (composite) backups', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;
  const job = (id: string) => t.client.send(new DescribeBackupJobCommand({ BackupJobId: id }));
  const children = async (parentId: string) => (await t.client.send(new ListBackupJobsCommand({ ByParentJobId: parentId }))).BackupJobs ?? [];
  const point = (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const listed = async (input: Record<string, unknown>) =>
    ((await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', ...input }))).RecoveryPoints ?? []);

  it('makes a parent job and one child per supported member, skipping the others', async () => {
    await stackInventory(t);
    const started = await backupStack(t.client);
    assert.equal(started.IsParent, true);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.IsParent, true);
    assert.equal(parent.ResourceType, 'CloudFormation');
    assert.equal(parent.ResourceArn, STACK);
    assert.equal(parent.ResourceName, 'shop');
    assert.equal(parent.State, 'CREATED');
    assert.equal(parent.NumberOfChildJobs, 3, 'the IAM role and the Lambda function are skipped');
    assert.deepEqual(parent.ChildJobsInState, { CREATED: 3 });
    assert.equal(parent.ParentJobId, undefined);
    assert.match(parent.RecoveryPointArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    const kids = await children(started.BackupJobId);
    assert.deepEqual(kids.map((k) => [k.ResourceArn, k.ResourceType]), [[VOLUME, 'EBS'], [TABLE, 'DynamoDB'], [DB, 'RDS']]);
    for (const k of kids) {
      assert.equal(k.ParentJobId, started.BackupJobId);
      assert.equal(k.IsParent, false);
      assert.equal(k.BackupVaultName, 'v1');
      assert.equal(k.IamRoleArn, ROLE);
    }
    const child = await job(kids[0]!.BackupJobId!);
    assert.equal(child.ParentJobId, started.BackupJobId);
    assert.equal(child.IsParent, false);
  });

  it('moves the parent state and counts with its children on the clock, then settles the composite point', async () => {
    await stackInventory(t);
    const started = await backupStack(t.client, { Lifecycle: { DeleteAfterDays: 35 } });
    await t.advance(1);
    let parent = await job(started.BackupJobId);
    const compositeArn = parent.RecoveryPointArn!;
    assert.equal(parent.State, 'RUNNING');
    assert.deepEqual(parent.ChildJobsInState, { RUNNING: 3 });
    assert.equal(parent.PercentDone, '0.0');
    await t.advance(60);
    parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'RUNNING');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 1, RUNNING: 2 });
    assert.equal(parent.PercentDone, '33.3');
    // The composite point exists from the first nested point on, CREATING until the job ends.
    let composite = await point(compositeArn);
    assert.equal(composite.Status, 'CREATING');
    assert.equal((await listed({ ByParentRecoveryPointArn: compositeArn })).length, 1);
    await t.advance(60);
    assert.deepEqual((await job(started.BackupJobId)).ChildJobsInState, { COMPLETED: 2, RUNNING: 1 });
    await t.advance(300);
    parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'COMPLETED');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 3 });
    assert.equal(parent.PercentDone, '100.0');
    assert.deepEqual(parent.CompletionDate, at(300), 'the parent ends when its last child does (children start at once)');

    composite = await point(compositeArn);
    assert.equal(composite.IsParent, true);
    assert.equal(composite.Status, 'COMPLETED');
    assert.equal(composite.ResourceArn, STACK);
    assert.equal(composite.ResourceType, 'CloudFormation');
    assert.equal(composite.ParentRecoveryPointArn, undefined);
    assert.equal(composite.BackupSizeInBytes, 6000);
    assert.deepEqual(composite.CalculatedLifecycle?.DeleteAt, at(35 * 86_400));

    const nested = await listed({ ByParentRecoveryPointArn: compositeArn });
    assert.deepEqual(nested.map((p) => [p.ResourceArn, p.CompositeMemberIdentifier, p.IsParent]), [
      [VOLUME, 'DataVolume', false],
      [TABLE, 'OrdersTable', false],
      [DB, 'Database', false],
    ]);
    const kids = await children(started.BackupJobId);
    for (const [i, k] of kids.entries()) assert.equal(k.RecoveryPointArn, nested[i]!.RecoveryPointArn);
    const volumePoint = await point(nested[0]!.RecoveryPointArn!);
    assert.equal(volumePoint.ParentRecoveryPointArn, compositeArn);
    assert.equal(volumePoint.CompositeMemberIdentifier, 'DataVolume');
    assert.equal(volumePoint.Status, 'COMPLETED');
    assert.deepEqual(volumePoint.Lifecycle, { DeleteAfterDays: 35 });
    assert.equal((await listed({})).length, 4, 'the vault holds the composite and its three nested points');

    const byStack = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: STACK }))).RecoveryPoints ?? [];
    assert.deepEqual(byStack.map((p) => [p.RecoveryPointArn, p.IsParent, p.Status]), [[compositeArn, true, 'COMPLETED']]);
    const byTable = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: TABLE }))).RecoveryPoints ?? [];
    assert.deepEqual(byTable.map((p) => [p.RecoveryPointArn, p.ParentRecoveryPointArn, p.IsParent]), [[nested[1]!.RecoveryPointArn, compositeArn, false]]);
  });

  it('ends PARTIAL when a member fails: ListBackupJobs state=PARTIAL finds it and the composite is PARTIAL', async () => {
    await stackInventory(t, { [TABLE]: { backupOutcome: 'FAILED', failureMessage: 'Table is being deleted.' } });
    const started = await completedBackup(t, { ResourceArn: STACK }, { stepSeconds: 3600, state: 'PARTIAL' });
    const compositeArn = started.RecoveryPointArn;
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'PARTIAL');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 2, FAILED: 1 });
    assert.match(parent.StatusMessage ?? '', /^2 of 3 child backup jobs completed \(1 FAILED\)/);
    const partial = (await t.client.send(new ListBackupJobsCommand({ ByState: 'PARTIAL' }))).BackupJobs ?? [];
    assert.deepEqual(partial.map((j) => j.BackupJobId), [started.BackupJobId]);
    const failed = (await t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', ByParentJobId: started.BackupJobId }))).BackupJobs ?? [];
    assert.deepEqual(failed.map((j) => [j.ResourceArn, j.StatusMessage]), [[TABLE, 'Table is being deleted.']]);
    const composite = await point(compositeArn);
    assert.equal(composite.Status, 'PARTIAL');
    assert.match(composite.StatusMessage ?? '', /1 of the 3 nested recovery points of this composite are missing/);
    const nested = await listed({ ByParentRecoveryPointArn: compositeArn });
    assert.deepEqual(nested.map((p) => p.CompositeMemberIdentifier), ['DataVolume', 'Database']);
  });

  it('ends FAILED without a recovery point when every member fails', async () => {
    const failing = { backupOutcome: 'FAILED' };
    await stackInventory(t, { [VOLUME]: failing, [TABLE]: failing, [DB]: failing });
    const started = await backupStack(t.client);
    await t.advance(3600);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'FAILED');
    assert.deepEqual(parent.ChildJobsInState, { FAILED: 3 });
    assert.deepEqual(await listed({}), []);
  });

  it('fails a stack that has nothing AWS Backup can back up, saying why', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: STACK, stackMembers: [{ logicalId: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/r` }] }] });
    const started = await backupStack(t.client);
    assert.equal(started.IsParent, true);
    await t.advance(1);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'FAILED');
    assert.equal(parent.NumberOfChildJobs, 0);
    assert.match(parent.StatusMessage ?? '', /has no resources that AWS Backup can back up/);
  });

  it('stops a parent job with its children: ABORTED, children that already finished stay', async () => {
    await stackInventory(t);
    const started = await backupStack(t.client);
    await t.advance(90);
    const compositeArn = (await job(started.BackupJobId)).RecoveryPointArn!;
    await t.client.send(new StopBackupJobCommand({ BackupJobId: started.BackupJobId }));
    assert.equal((await job(started.BackupJobId)).State, 'ABORTING');
    await t.advance(1);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'ABORTED');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 1, ABORTED: 2 });
    assert.equal((await point(compositeArn)).Status, 'PARTIAL');
  });

  it('answers the same parent for a repeated idempotency token, with no second set of children', async () => {
    await stackInventory(t);
    const a = await backupStack(t.client, { IdempotencyToken: 'tok-1' });
    const b = await backupStack(t.client, { IdempotencyToken: 'tok-1' });
    assert.equal(a.BackupJobId, b.BackupJobId);
    assert.equal((await t.client.send(new ListBackupJobsCommand({}))).BackupJobs!.length, 4);
  });

  it('makes composite jobs on the path backup plans use (backupJobs.start)', async () => {
    await stackInventory(t);
    const createdBy = { BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-plan:plan-1`, BackupRuleId: 'rule-1' };
    const parent = await t.hf.services.jobs.backupJobs.start({ accountId: ACCOUNT, region: 'us-east-1' }, t.base, { BackupVaultName: 'v1', ResourceArn: STACK, IamRoleArn: ROLE }, { createdBy });
    assert.equal(parent.isParent, true);
    const kids = await children(parent.id);
    assert.equal(kids.length, 3);
    for (const k of kids) assert.equal(k.CreatedBy?.BackupPlanId, 'plan-1');
    await t.advance(3600);
    assert.equal((await job(parent.id)).State, 'COMPLETED');
    const nested = await listed({ ByBackupPlanId: 'plan-1' });
    assert.equal(nested.length, 4, 'the composite and its nested points carry the plan');
  });
});
