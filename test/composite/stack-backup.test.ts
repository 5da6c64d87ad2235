import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListBackupJobSummariesCommand,
  ListBackupJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  StopBackupJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { DEFAULT_TEMPLATE_SIZE_BYTES } from '../../src/services/composite/stack-backup.js';
import { backupStack, DB, MEMBERS, ROLE, STACK, stackInventory, TABLE, TEMPLATE_SIZE, VOLUME } from './fixtures.js';

describe('stack (composite) backups', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;
  const job = (id: string) => t.client.send(new DescribeBackupJobCommand({ BackupJobId: id }));
  const children = async (parentId: string) => (await t.client.send(new ListBackupJobsCommand({ ByParentJobId: parentId }))).BackupJobs ?? [];
  const point = (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const listed = async (input: Record<string, unknown>) =>
    ((await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', ...input }))).RecoveryPoints ?? []);

  it('makes a parent job, a child for the template and one per supported member, skipping the others', async () => {
    await stackInventory(t);
    const started = await backupStack(t.client);
    assert.equal(started.IsParent, true);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.IsParent, true);
    assert.equal(parent.ResourceType, 'CloudFormation');
    assert.equal(parent.ResourceArn, STACK);
    assert.equal(parent.ResourceName, 'shop');
    assert.equal(parent.State, 'CREATED');
    assert.equal(parent.NumberOfChildJobs, 4, 'the template and three members; the IAM role and the Lambda function are skipped');
    assert.deepEqual(parent.ChildJobsInState, { CREATED: 4 });
    assert.equal(parent.ParentJobId, undefined);
    assert.match(parent.RecoveryPointArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    const kids = await children(started.BackupJobId);
    assert.deepEqual(kids.map((k) => [k.ResourceArn, k.ResourceType]), [[STACK, 'CloudFormation'], [VOLUME, 'EBS'], [TABLE, 'DynamoDB'], [DB, 'RDS']]);
    assert.equal(kids[0]!.ResourceName, 'shop');
    assert.equal(kids[0]!.BackupSizeInBytes, TEMPLATE_SIZE, 'the stack entry\'s sizeBytes is the template\'s');
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
    assert.deepEqual(parent.ChildJobsInState, { RUNNING: 4 });
    assert.equal(parent.PercentDone, '0.0');
    await t.advance(29);
    parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'RUNNING');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 1, RUNNING: 3 }, 'the template (30 s) first');
    assert.equal(parent.PercentDone, '25.0');
    // The composite point exists from the first nested point on, CREATING until the job ends.
    let composite = await point(compositeArn);
    assert.equal(composite.Status, 'CREATING');
    assert.deepEqual((await listed({ ByParentRecoveryPointArn: compositeArn })).map((p) => [p.ResourceArn, p.ResourceType]), [[STACK, 'CloudFormation']]);
    await t.advance(30);
    assert.deepEqual((await job(started.BackupJobId)).ChildJobsInState, { COMPLETED: 2, RUNNING: 2 });
    await t.advance(60);
    parent = await job(started.BackupJobId);
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 3, RUNNING: 1 });
    assert.equal(parent.PercentDone, '75.0');
    await t.advance(300);
    parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'COMPLETED');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 4 });
    assert.equal(parent.PercentDone, '100.0');
    assert.deepEqual(parent.CompletionDate, at(300), 'the parent ends when its last child does (children start at once)');

    composite = await point(compositeArn);
    assert.equal(composite.IsParent, true);
    assert.equal(composite.Status, 'COMPLETED');
    assert.equal(composite.ResourceArn, STACK);
    assert.equal(composite.ResourceType, 'CloudFormation');
    assert.equal(composite.ParentRecoveryPointArn, undefined);
    assert.equal(composite.BackupSizeInBytes, TEMPLATE_SIZE + 6000);
    assert.deepEqual(composite.CalculatedLifecycle?.DeleteAt, at(35 * 86_400));

    const nested = await listed({ ByParentRecoveryPointArn: compositeArn });
    assert.deepEqual(nested.map((p) => [p.ResourceArn, p.ResourceType, p.CompositeMemberIdentifier, p.IsParent]), [
      [STACK, 'CloudFormation', undefined, false],
      [VOLUME, 'EBS', 'DataVolume', false],
      [TABLE, 'DynamoDB', 'OrdersTable', false],
      [DB, 'RDS', 'Database', false],
    ]);
    const kids = await children(started.BackupJobId);
    for (const [i, k] of kids.entries()) assert.equal(k.RecoveryPointArn, nested[i]!.RecoveryPointArn);
    const templateArn = nested[0]!.RecoveryPointArn!;
    assert.match(templateArn, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:[0-9a-f-]{36}$`));
    const template = await point(templateArn);
    assert.equal(template.ParentRecoveryPointArn, compositeArn);
    assert.equal(template.CompositeMemberIdentifier, undefined);
    assert.equal(template.ResourceName, 'shop');
    assert.equal(template.BackupSizeInBytes, TEMPLATE_SIZE);
    assert.deepEqual(template.Lifecycle, { DeleteAfterDays: 35 });
    const metadata = await t.client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn: templateArn }));
    assert.deepEqual([metadata.ResourceType, metadata.RestoreMetadata], ['CloudFormation', { StackName: 'shop' }]);
    const volumePoint = await point(nested[1]!.RecoveryPointArn!);
    assert.equal(volumePoint.ParentRecoveryPointArn, compositeArn);
    assert.equal(volumePoint.CompositeMemberIdentifier, 'DataVolume');
    assert.equal(volumePoint.Status, 'COMPLETED');
    assert.deepEqual(volumePoint.Lifecycle, { DeleteAfterDays: 35 });
    assert.equal((await listed({})).length, 5, 'the vault holds the composite and its four nested points');
    assert.equal((await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints, 5);

    // The stack's ARN names both the composite and its template point.
    const byStack = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: STACK }))).RecoveryPoints ?? [];
    assert.deepEqual(byStack.map((p) => [p.RecoveryPointArn, p.IsParent, p.ParentRecoveryPointArn, p.Status]), [
      [compositeArn, true, undefined, 'COMPLETED'],
      [templateArn, false, compositeArn, 'COMPLETED'],
    ]);
    const byTable = (await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: TABLE }))).RecoveryPoints ?? [];
    assert.deepEqual(byTable.map((p) => [p.RecoveryPointArn, p.ParentRecoveryPointArn, p.IsParent]), [[nested[2]!.RecoveryPointArn, compositeArn, false]]);
    const byJobs = (await t.client.send(new ListBackupJobsCommand({ ByResourceArn: STACK }))).BackupJobs ?? [];
    assert.deepEqual(byJobs.map((j) => [j.BackupJobId, j.IsParent]), [[started.BackupJobId, true], [kids[0]!.BackupJobId, false]]);
    // Job summaries count every job: the parent and the template's are both CloudFormation jobs.
    const summaries = (await t.client.send(new ListBackupJobSummariesCommand({ ResourceType: 'CloudFormation' }))).BackupJobSummaries ?? [];
    assert.deepEqual(summaries.map((s) => [s.State, s.ResourceType, s.Count]), [['COMPLETED', 'CloudFormation', 2]]);
  });

  it('ends PARTIAL when a member fails: ListBackupJobs state=PARTIAL finds it and the composite is PARTIAL', async () => {
    await stackInventory(t, { [TABLE]: { backupOutcome: 'FAILED', failureMessage: 'Table is being deleted.' } });
    const started = await completedBackup(t, { ResourceArn: STACK }, { stepSeconds: 3600, state: 'PARTIAL' });
    const compositeArn = started.RecoveryPointArn;
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'PARTIAL');
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 3, FAILED: 1 });
    assert.match(parent.StatusMessage ?? '', /^3 of 4 child backup jobs completed \(1 FAILED\)/);
    const partial = (await t.client.send(new ListBackupJobsCommand({ ByState: 'PARTIAL' }))).BackupJobs ?? [];
    assert.deepEqual(partial.map((j) => j.BackupJobId), [started.BackupJobId]);
    const failed = (await t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', ByParentJobId: started.BackupJobId }))).BackupJobs ?? [];
    assert.deepEqual(failed.map((j) => [j.ResourceArn, j.StatusMessage]), [[TABLE, 'Table is being deleted.']]);
    const composite = await point(compositeArn);
    assert.equal(composite.Status, 'PARTIAL');
    assert.match(composite.StatusMessage ?? '', /1 of the 4 nested recovery points of this composite are missing/);
    const nested = await listed({ ByParentRecoveryPointArn: compositeArn });
    assert.deepEqual(nested.map((p) => p.CompositeMemberIdentifier), [undefined, 'DataVolume', 'Database']);
  });

  it('fails the template only when its stack entry says so (backupOutcome FAILED): PARTIAL, members kept', async () => {
    await stackInventory(t, { [STACK]: { backupOutcome: 'FAILED', failureMessage: 'Stack is UPDATE_IN_PROGRESS.' } });
    const started = await completedBackup(t, { ResourceArn: STACK }, { stepSeconds: 3600, state: 'PARTIAL' });
    assert.deepEqual((await job(started.BackupJobId)).ChildJobsInState, { COMPLETED: 3, FAILED: 1 });
    const failed = (await t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', ByParentJobId: started.BackupJobId }))).BackupJobs ?? [];
    assert.deepEqual(failed.map((j) => [j.ResourceArn, j.ResourceType, j.StatusMessage]), [[STACK, 'CloudFormation', 'Stack is UPDATE_IN_PROGRESS.']]);
    const nested = await listed({ ByParentRecoveryPointArn: started.RecoveryPointArn });
    assert.deepEqual(nested.map((p) => p.ResourceType), ['EBS', 'DynamoDB', 'RDS']);
    assert.equal((await point(started.RecoveryPointArn)).Status, 'PARTIAL');
  });

  it('starts a delayed template while its parent runs: the parent does not hold the stack back', async () => {
    // The template's job has the stack's ARN, as its RUNNING parent does; AWS's one-job-per-resource rule must not make it wait for it.
    await stackInventory(t, { [STACK]: { startDelaySeconds: 100 } });
    const started = await backupStack(t.client);
    await t.advance(60);
    assert.equal((await job(started.BackupJobId)).State, 'RUNNING');
    await t.advance(100);
    const template = (await children(started.BackupJobId))[0]!;
    assert.deepEqual([template.ResourceArn, template.State, template.CompletionDate], [STACK, 'COMPLETED', at(130)]);
    await t.advance(300);
    assert.equal((await job(started.BackupJobId)).State, 'COMPLETED');
  });

  it('ends PARTIAL with the template alone when every member fails, FAILED without a recovery point when the template fails too', async () => {
    const failing = { backupOutcome: 'FAILED' };
    await stackInventory(t, { [VOLUME]: failing, [TABLE]: failing, [DB]: failing });
    const partial = await completedBackup(t, { ResourceArn: STACK }, { stepSeconds: 3600, state: 'PARTIAL' });
    assert.deepEqual((await job(partial.BackupJobId)).ChildJobsInState, { COMPLETED: 1, FAILED: 3 });
    assert.deepEqual((await listed({ ByParentRecoveryPointArn: partial.RecoveryPointArn })).map((p) => p.ResourceType), ['CloudFormation']);
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: partial.RecoveryPointArn }));

    await stackInventory(t, { [STACK]: failing, [VOLUME]: failing, [TABLE]: failing, [DB]: failing });
    const started = await backupStack(t.client);
    await t.advance(3600);
    const parent = await job(started.BackupJobId);
    assert.equal(parent.State, 'FAILED');
    assert.deepEqual(parent.ChildJobsInState, { FAILED: 4 });
    assert.deepEqual(await listed({}), []);
  });

  it('backs up the template alone of a stack with nothing else AWS Backup supports, or not in the inventory', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: STACK, stackMembers: [{ logicalId: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/r` }] }] });
    const alone = await completedBackup(t, { ResourceArn: STACK });
    const parent = await job(alone.BackupJobId);
    assert.deepEqual([parent.NumberOfChildJobs, parent.ChildJobsInState, parent.StatusMessage], [1, { COMPLETED: 1 }, 'All 1 child backup jobs completed.']);
    const nested = await listed({ ByParentRecoveryPointArn: alone.RecoveryPointArn });
    assert.deepEqual(nested.map((p) => [p.ResourceArn, p.ResourceType, p.BackupSizeInBytes]), [[STACK, 'CloudFormation', DEFAULT_TEMPLATE_SIZE_BYTES]]);

    const unlisted = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/other/0c0c0c0c-0000-4000-8000-000000000000`;
    const other = await completedBackup(t, { ResourceArn: unlisted });
    assert.deepEqual((await job(other.BackupJobId)).ChildJobsInState, { COMPLETED: 1 });
  });

  it("reads each member's inventory entry wherever it is stored: an S3 bucket member (no account, no Region) fails as its entry says", async () => {
    const bucket = 'arn:aws:s3:::shop-assets';
    const res = await t.admin('PUT', '/resources', {
      resources: [
        { arn: STACK, stackMembers: [...MEMBERS, { logicalId: 'Assets', arn: bucket }], backupDurationSeconds: 30 },
        { arn: VOLUME, backupDurationSeconds: 60 },
        { arn: bucket, backupOutcome: 'FAILED', failureMessage: 'Bucket is being deleted.' },
      ],
    });
    assert.equal(res.status, 200);
    const started = await backupStack(t.client);
    await t.advance(3600);
    const failed = (await t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', ByParentJobId: started.BackupJobId }))).BackupJobs ?? [];
    assert.deepEqual(failed.map((j) => [j.ResourceArn, j.StatusMessage]), [[bucket, 'Bucket is being deleted.']]);
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
    assert.deepEqual(parent.ChildJobsInState, { COMPLETED: 2, ABORTED: 2 }, 'the template (30 s) and the volume (60 s) had completed');
    assert.equal((await point(compositeArn)).Status, 'PARTIAL');
  });

  it('answers the same parent for a repeated idempotency token, with no second set of children', async () => {
    await stackInventory(t);
    const a = await backupStack(t.client, { IdempotencyToken: 'tok-1' });
    const b = await backupStack(t.client, { IdempotencyToken: 'tok-1' });
    assert.equal(a.BackupJobId, b.BackupJobId);
    assert.equal((await t.client.send(new ListBackupJobsCommand({}))).BackupJobs!.length, 5);
  });

  it('makes composite jobs on the path backup plans use (backupJobs.start)', async () => {
    await stackInventory(t);
    const createdBy = { BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-plan:plan-1`, BackupRuleId: 'rule-1' };
    const parent = await t.hf.services.exports.jobs.backupJobs.start({ accountId: ACCOUNT, region: 'us-east-1' }, t.base, { BackupVaultName: 'v1', ResourceArn: STACK, IamRoleArn: ROLE }, { createdBy });
    assert.equal(parent.isParent, true);
    const kids = await children(parent.id);
    assert.equal(kids.length, 4);
    for (const k of kids) assert.equal(k.CreatedBy?.BackupPlanId, 'plan-1');
    await t.advance(3600);
    assert.equal((await job(parent.id)).State, 'COMPLETED');
    const nested = await listed({ ByBackupPlanId: 'plan-1' });
    assert.equal(nested.length, 5, 'the composite and its nested points carry the plan');
  });
});
