import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CancelLegalHoldCommand,
  CreateLegalHoldCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  DisassociateRecoveryPointFromParentCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByLegalHoldCommand,
  StartRestoreJobCommand,
  UpdateRecoveryPointLifecycleCommand,
  type RecoveryPointByBackupVault,
} from '@aws-sdk/client-backup';
import { errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { backupStack, completedStack, DB, ROLE, STACK, stackInventory, TABLE, VOLUME } from './fixtures.js';

const DAY = 86_400;

describe('composite recovery points', () => {
  const t = suiteServer({ vaults: ['v1'], each: stackInventory });
  const { at } = t;
  const point = (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const listed = async (input: Record<string, unknown> = {}): Promise<RecoveryPointByBackupVault[]> =>
    (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', ...input }))).RecoveryPoints ?? [];
  const count = async (): Promise<number> => (await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints!;
  const disassociate = (arn: string) => t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const remove = (arn: string) => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const composite = (extra: Record<string, unknown> = {}) => completedStack(t, extra);
  const hold = async (resource: string): Promise<string> =>
    (await t.client.send(new CreateLegalHoldCommand({ Title: 'case', Description: 'litigation', RecoveryPointSelection: { ResourceIdentifiers: [resource] } }))).LegalHoldId!;
  const cancel = (id: string) => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: id, CancelDescription: 'settled' }));

  it('disassociates a nested point (204): it stands alone, the parent no longer lists it and turns PARTIAL', async () => {
    const { parent, nested } = await composite();
    const out = await disassociate(nested.OrdersTable!);
    assert.equal(out.$metadata.httpStatusCode, 204);
    const alone = await point(nested.OrdersTable!);
    assert.equal(alone.ParentRecoveryPointArn, undefined);
    assert.equal(alone.CompositeMemberIdentifier, undefined);
    assert.equal(alone.Status, 'COMPLETED');
    assert.deepEqual((await listed({ ByParentRecoveryPointArn: parent })).map((p) => p.CompositeMemberIdentifier), [undefined, 'DataVolume', 'Database']);
    const p = await point(parent);
    assert.equal(p.Status, 'PARTIAL');
    assert.match(p.StatusMessage ?? '', /was disassociated from this composite/);
    // Now it can be deleted on its own, and the composite keeps the rest.
    await remove(nested.OrdersTable!);
    assert.equal(await count(), 4);

    const again = await errorOf(() => disassociate(nested.OrdersTable!));
    assert.equal(again.name, 'ResourceNotFoundException');
    const noParent = await errorOf(() => disassociate(parent));
    assert.equal(noParent.name, 'InvalidRequestException');
    assert.match(noParent.message, /has no parent \(composite\) recovery point/);
    const missingVault = await errorOf(() => t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'nope', RecoveryPointArn: nested.Database! })));
    assert.equal(missingVault.name, 'ResourceNotFoundException');
  });

  it('refuses to disassociate a nested point under a legal hold (its own, or its composite\'s)', async () => {
    const { parent, template, nested } = await composite();
    const byMember = await hold(TABLE);
    const refused = await errorOf(() => disassociate(nested.OrdersTable!));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, new RegExp(`cannot be disassociated from its parent because it is under legal hold ${byMember}`));
    await t.advance(60); // the hold turns ACTIVE: still refused
    assert.equal((await errorOf(() => disassociate(nested.OrdersTable!))).name, 'InvalidRequestException');
    assert.equal((await point(nested.OrdersTable!)).ParentRecoveryPointArn, parent);
    // A hold on the stack protects every nested point through the composite.
    const byStack = await hold(STACK);
    await t.advance(60);
    const covered = (await t.client.send(new ListRecoveryPointsByLegalHoldCommand({ LegalHoldId: byStack }))).RecoveryPoints ?? [];
    assert.deepEqual(new Set(covered.map((p) => p.RecoveryPointArn)), new Set([parent, template, ...Object.values(nested)]), 'the hold attached the composite, its template and its children');
    const viaParent = await errorOf(() => disassociate(nested.Database!));
    assert.equal(viaParent.name, 'InvalidRequestException');
    assert.match(viaParent.message, new RegExp(`legal hold ${byStack}`));
    await cancel(byMember);
    await cancel(byStack);
    const out = await disassociate(nested.OrdersTable!);
    assert.equal(out.$metadata.httpStatusCode, 204);
  });

  it('deletes a composite with its nested points; refuses (deleting nothing) while a hold protects a child', async () => {
    const { parent, nested } = await composite();
    const held = await hold(DB);
    await t.advance(60);
    const refused = await errorOf(() => remove(parent));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, new RegExp(`^Composite recovery point ${parent} cannot be deleted because its nested recovery point ${nested.Database} \\(Database\\) cannot be deleted`));
    assert.match(refused.message, /cannot be deleted: The recovery point cannot be deleted because it has active legal hold\(s\)\. Nothing was deleted\.$/);
    assert.equal(await count(), 5, 'nothing was deleted');
    // A nested point cannot be deleted alone while it belongs to the composite.
    const child = await errorOf(() => remove(nested.DataVolume!));
    assert.equal(child.name, 'InvalidRequestException');
    assert.match(child.message, /Disassociate it first \(DisassociateRecoveryPointFromParent\)/);
    await cancel(held);
    await remove(parent);
    assert.equal(await count(), 0);
    assert.equal((await errorOf(() => point(nested.Database!))).name, 'ResourceNotFoundException');
  });

  it('refuses to delete a composite, or change its lifecycle, while its job still runs', async () => {
    const started = await backupStack(t.client);
    await t.advance(61);
    const compositeArn = (await t.client.send(new DescribeBackupJobCommand({ BackupJobId: started.BackupJobId }))).RecoveryPointArn!;
    assert.equal((await point(compositeArn)).Status, 'CREATING');
    const refused = await errorOf(() => remove(compositeArn));
    assert.equal(refused.name, 'InvalidResourceStateException');
    assert.match(refused.message, /is still being created/);
    const lifecycle = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: compositeArn, Lifecycle: { DeleteAfterDays: 7 } })),
    );
    assert.equal(lifecycle.name, 'InvalidRequestException');
    assert.match(lifecycle.message, /update its lifecycle once the job has ended/);
    await t.advance(3600);
    await remove(compositeArn);
    assert.equal(await count(), 0);
  });

  it('applies the lifecycle to the whole composite: updates, cold storage and deletion', async () => {
    const { parent, template, nested } = await composite({ Lifecycle: { DeleteAfterDays: 200 } });
    const out = await t.client.send(
      new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: parent, Lifecycle: { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 100 } }),
    );
    assert.deepEqual(out.CalculatedLifecycle?.DeleteAt, at(100 * DAY));
    for (const arn of [template, ...Object.values(nested)]) {
      const p = await point(arn);
      assert.deepEqual(p.Lifecycle, { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 100 });
      assert.deepEqual(p.CalculatedLifecycle?.DeleteAt, at(100 * DAY));
    }
    const onChild = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: nested.DataVolume!, Lifecycle: { DeleteAfterDays: 400 } })),
    );
    assert.equal(onChild.name, 'InvalidRequestException');
    assert.match(onChild.message, /Update the composite's lifecycle/);
    await t.advance(11 * DAY);
    assert.equal((await point(parent)).StorageClass, 'COLD');
    assert.equal((await point(nested.DataVolume!)).StorageClass, 'COLD', 'EBS supports cold storage');
    assert.equal((await point(template)).StorageClass, 'COLD', 'so does CloudFormation');
    assert.equal((await point(nested.Database!)).StorageClass, 'WARM', 'RDS does not');
    await t.advance(90 * DAY);
    assert.equal(await count(), 0, 'the composite and all its nested points were deleted together');
  });

  it('keeps an expired composite while a hold protects one child, then deletes it all once the hold is cancelled', async () => {
    const { parent, template, nested } = await composite({ Lifecycle: { DeleteAfterDays: 30 } });
    const held = await hold(VOLUME);
    await t.advance(31 * DAY);
    const p = await point(parent);
    assert.equal(p.Status, 'EXPIRED');
    assert.match(p.StatusMessage ?? '', new RegExp(`legal hold ${held}`));
    assert.equal((await point(nested.Database!)).Status, 'EXPIRED');
    assert.equal((await point(template)).Status, 'EXPIRED');
    assert.equal(await count(), 5);
    await cancel(held);
    await t.advance(1);
    assert.equal(await count(), 0);
  });

  it('lets a disassociated point keep its own lifecycle', async () => {
    const { nested } = await composite({ Lifecycle: { DeleteAfterDays: 30 } });
    await disassociate(nested.OrdersTable!);
    await t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: nested.OrdersTable!, Lifecycle: { DeleteAfterDays: 60 } }));
    await t.advance(31 * DAY);
    assert.deepEqual((await listed()).map((p) => p.RecoveryPointArn), [nested.OrdersTable]);
    await t.advance(30 * DAY);
    assert.equal(await count(), 0);
  });

  it('refuses to restore the composite; restores a nested point', async () => {
    const { parent, nested } = await composite();
    const refused = await errorOf(() => t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: parent, IamRoleArn: ROLE, Metadata: {} })));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.match(refused.message, /composite parent and cannot be restored; restore its children/);
    const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: nested.OrdersTable!, IamRoleArn: ROLE, Metadata: { targetTableName: 'orders-restored' } }));
    await t.advance(3600);
    const restore = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    assert.equal(restore.Status, 'COMPLETED');
    assert.equal(restore.ResourceType, 'DynamoDB');
    assert.match(restore.CreatedResourceArn ?? '', /:table\/orders-restored$/);
  });
});
