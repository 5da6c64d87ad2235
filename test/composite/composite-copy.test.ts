import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  DeleteRecoveryPointCommand,
  DescribeCopyJobCommand,
  DescribeRecoveryPointCommand,
  DisassociateRecoveryPointFromParentCommand,
  ListCopyJobsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  StartCopyJobCommand,
  type BackupClient,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { completedStack, DB, ROLE, STACK, stackInventory, TABLE, vault, VOLUME } from './fixtures.js';

describe('composite copies', () => {
  const t = suiteServer({ vaults: ['v1'], each: stackInventory });
  let west: BackupClient;
  before(() => void (west = t.clientFor(ACCOUNT, 'us-west-2')));
  const listIn = async (client: BackupClient, name: string, input: Record<string, unknown> = {}): Promise<RecoveryPointByBackupVault[]> =>
    (await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: name, ...input }))).RecoveryPoints ?? [];
  const composite = () => completedStack(t, { RecoveryPointTags: { app: 'shop' } });
  const copy = (arn: string, destination: string, extra: Record<string, unknown> = {}) =>
    t.client.send(new StartCopyJobCommand({ RecoveryPointArn: arn, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: destination, IamRoleArn: ROLE, ...extra }));
  const copyJob = async (id: string) => (await t.client.send(new DescribeCopyJobCommand({ CopyJobId: id }))).CopyJob!;

  it('copies a composite: a parent copy job with child copy jobs, and a composite with its children in the destination', async () => {
    const { parent, template, nested } = await composite();
    const dest = await vault(t.client, 'v2');
    const started = await copy(parent, dest, { Lifecycle: { DeleteAfterDays: 90 } });
    assert.equal(started.IsParent, true);
    let job = await copyJob(started.CopyJobId!);
    assert.equal(job.IsParent, true);
    assert.equal(job.ResourceArn, STACK);
    assert.equal(job.ResourceType, 'CloudFormation');
    assert.equal(job.NumberOfChildJobs, 4, 'the template is copied too');
    assert.deepEqual(job.ChildJobsInState, { CREATED: 4 });
    assert.equal(job.State, 'CREATED');
    const children = (await t.client.send(new ListCopyJobsCommand({ ByParentJobId: started.CopyJobId }))).CopyJobs ?? [];
    assert.deepEqual(children.map((c) => [c.ResourceArn, c.CompositeMemberIdentifier, c.ParentJobId, c.SourceRecoveryPointArn]), [
      [STACK, undefined, started.CopyJobId, template],
      [VOLUME, 'DataVolume', started.CopyJobId, nested.DataVolume],
      [TABLE, 'OrdersTable', started.CopyJobId, nested.OrdersTable],
      [DB, 'Database', started.CopyJobId, nested.Database],
    ]);
    await t.advance(1);
    job = await copyJob(started.CopyJobId!);
    assert.equal(job.State, 'RUNNING');
    assert.deepEqual(job.ChildJobsInState, { RUNNING: 4 });
    await t.advance(3600);
    job = await copyJob(started.CopyJobId!);
    assert.equal(job.State, 'COMPLETED');
    assert.deepEqual(job.ChildJobsInState, { COMPLETED: 4 });
    assert.ok(job.DestinationRecoveryPointArn);

    const copied = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v2', RecoveryPointArn: job.DestinationRecoveryPointArn }));
    assert.equal(copied.IsParent, true);
    assert.equal(copied.Status, 'COMPLETED');
    assert.equal(copied.ResourceArn, STACK);
    assert.equal(copied.SourceBackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.deepEqual(copied.Lifecycle, { DeleteAfterDays: 90 });
    assert.deepEqual(await t.hf.store.tags.get(copied.RecoveryPointArn!), { app: 'shop' });
    const copiedNested = await listIn(t.client, 'v2', { ByParentRecoveryPointArn: copied.RecoveryPointArn });
    assert.deepEqual(copiedNested.map((p) => [p.ResourceArn, p.ResourceType, p.CompositeMemberIdentifier, p.ParentRecoveryPointArn]), [
      [STACK, 'CloudFormation', undefined, copied.RecoveryPointArn],
      [VOLUME, 'EBS', 'DataVolume', copied.RecoveryPointArn],
      [TABLE, 'DynamoDB', 'OrdersTable', copied.RecoveryPointArn],
      [DB, 'RDS', 'Database', copied.RecoveryPointArn],
    ]);
    const childJobs = (await t.client.send(new ListCopyJobsCommand({ ByParentJobId: started.CopyJobId }))).CopyJobs ?? [];
    assert.deepEqual(childJobs.map((c) => c.DestinationRecoveryPointArn), copiedNested.map((p) => p.RecoveryPointArn));
    assert.equal((await listIn(t.client, 'v2')).length, 5);
  });

  it('copies a composite across regions', async () => {
    const { parent } = await composite();
    const dr = await vault(west, 'dr');
    const started = await copy(parent, dr);
    await t.advance(3600);
    const job = await copyJob(started.CopyJobId!);
    assert.equal(job.State, 'COMPLETED');
    assert.equal(job.DestinationBackupVaultArn, dr);
    assert.match(job.DestinationRecoveryPointArn ?? '', /^arn:aws:backup:us-west-2:111111111111:recovery-point:/);
    const copied = await west.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'dr', RecoveryPointArn: job.DestinationRecoveryPointArn }));
    assert.equal(copied.IsParent, true);
    assert.equal(copied.Status, 'COMPLETED');
    const nested = await listIn(west, 'dr', { ByParentRecoveryPointArn: copied.RecoveryPointArn });
    assert.deepEqual(nested.map((p) => p.CompositeMemberIdentifier), [undefined, 'DataVolume', 'OrdersTable', 'Database']);
    assert.match(nested[0]!.RecoveryPointArn!, /^arn:aws:backup:us-west-2:111111111111:recovery-point:/);
    assert.match(nested[1]!.RecoveryPointArn!, /^arn:aws:ec2:us-west-2::snapshot\/snap-/);
    assert.match(nested[3]!.RecoveryPointArn!, /^arn:aws:rds:us-west-2:111111111111:snapshot:awsbackup:job-/);
    // The source region lists the jobs; the destination region's composite can be copied back.
    const back = await west.send(new StartCopyJobCommand({
      RecoveryPointArn: copied.RecoveryPointArn, SourceBackupVaultName: 'dr', DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`, IamRoleArn: ROLE,
    }));
    assert.equal(back.IsParent, true);
  });

  it('ends PARTIAL when a child copy fails, and the destination composite is PARTIAL', async () => {
    const { parent, nested } = await composite();
    const dest = await vault(t.client, 'v2');
    const started = await copy(parent, dest);
    await t.advance(1);
    // The table's source point leaves the composite and is deleted while the copy runs.
    await t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: nested.OrdersTable }));
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: nested.OrdersTable }));
    await t.advance(3600);
    const job = await copyJob(started.CopyJobId!);
    assert.equal(job.State, 'PARTIAL');
    assert.deepEqual(job.ChildJobsInState, { COMPLETED: 3, FAILED: 1 });
    assert.match(job.StatusMessage ?? '', /^3 of 4 child copy jobs completed \(1 FAILED\); see ListCopyJobs/);
    const partial = (await t.client.send(new ListCopyJobsCommand({ ByState: 'PARTIAL' }))).CopyJobs ?? [];
    assert.deepEqual(partial.map((c) => c.CopyJobId), [started.CopyJobId]);
    const copied = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v2', RecoveryPointArn: job.DestinationRecoveryPointArn }));
    assert.equal(copied.Status, 'PARTIAL');
    assert.deepEqual((await listIn(t.client, 'v2', { ByParentRecoveryPointArn: copied.RecoveryPointArn })).map((p) => p.CompositeMemberIdentifier), [undefined, 'DataVolume', 'Database']);

    // A PARTIAL composite can be copied: what it still holds is copied.
    const again = await copy(parent, await vault(t.client, 'v3'));
    assert.equal((await copyJob(again.CopyJobId!)).NumberOfChildJobs, 3);
  });

  it('copies a nested point alone as a standalone point, and refuses a composite with nothing to copy', async () => {
    const { parent, template, nested } = await composite();
    const dest = await vault(t.client, 'v2');
    const single = await copy(nested.Database!, dest);
    assert.equal(single.IsParent, false);
    await t.advance(3600);
    const job = await copyJob(single.CopyJobId!);
    const copied = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v2', RecoveryPointArn: job.DestinationRecoveryPointArn }));
    assert.equal(copied.ParentRecoveryPointArn, undefined);
    assert.equal(copied.IsParent, false);
    for (const arn of [template, ...Object.values(nested)]) await t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
    const empty = await errorOf(() => copy(parent, dest));
    assert.equal(empty.name, 'InvalidRequestException');
    assert.match(empty.message, /has no COMPLETED nested recovery points to copy/);
  });
});
