/**
 * Legal-hold enforcement over real recovery points (StartBackupJob, the job worker, the lifecycle
 * worker), through the SDK on the frozen clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteBackupVaultCommand,
  DescribeRecoveryPointCommand,
  DisassociateRecoveryPointCommand,
  DisassociateRecoveryPointFromParentCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import {
  cancelHold,
  createHold,
  DAY,
  DB,
  deletePoint,
  heldArns,
  holdStatus,
  pointStatus,
  ROLE,
  SCOPE,
  points,
  storeComposite,
  TABLE,
  VOLUME,
} from './real-points.js';

describe('legal hold enforcement over real recovery points (SDK)', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });
  const v1Arn = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`;

  /** AWS's text for DeleteRecoveryPoint on a held point (docs/error-messages.md); it names no hold. */
  const DELETE_REFUSED = 'The recovery point cannot be deleted because it has active legal hold(s)';
  /** Holdfast's text for the other removals, which names the hold. */
  const refusal = (arn: string, action: string, holdId: string): RegExp =>
    new RegExp(`^Recovery point ${arn.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be ${action} because it is under legal hold ${holdId}\\. Cancel the legal hold`);

  it('refuses DeleteRecoveryPoint on a held point with AWS\'s text; an unheld point in the same vault deletes', async () => {
    const [held, free] = await points(t, ['v1', VOLUME], ['v1', TABLE]);
    const hold = await createHold(t.client, { RecoveryPointSelection: { ResourceIdentifiers: [VOLUME] } });

    // Protected from the moment CreateLegalHold answers, while the hold is still CREATING.
    assert.equal(await holdStatus(t.client, hold), 'CREATING');
    let e = await errorOf(() => deletePoint(t.client, 'v1', held));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, DELETE_REFUSED);
    assert.equal(e.$metadata?.httpStatusCode, 400);

    await t.advance(1);
    assert.equal(await holdStatus(t.client, hold), 'ACTIVE');
    e = await errorOf(() => deletePoint(t.client, 'v1', held));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, DELETE_REFUSED);
    assert.equal(await pointStatus(t.client, 'v1', held), 'COMPLETED');

    await deletePoint(t.client, 'v1', free);
    assert.equal(await pointStatus(t.client, 'v1', free), undefined);

    // Once the hold is cancelled the same call succeeds (protection ends with CancelLegalHold).
    await cancelHold(t.client, hold);
    await deletePoint(t.client, 'v1', held);
    assert.equal(await pointStatus(t.client, 'v1', held), undefined);
  });

  it('refuses DisassociateRecoveryPoint on a held continuous backup, naming the hold', async () => {
    // Continuous backups come from backup plans (EnableContinuousBackup); plans reach the jobs
    // domain through this same door.
    const job = await t.hf.services.exports.jobs.backupJobs.start(SCOPE, t.hf.clock.nowMs(), { BackupVaultName: 'v1', ResourceArn: DB, IamRoleArn: ROLE }, { continuous: true });
    const other = await t.hf.services.exports.jobs.backupJobs.start(SCOPE, t.hf.clock.nowMs(), { BackupVaultName: 'v2', ResourceArn: DB, IamRoleArn: ROLE }, { continuous: true });
    await t.advance(60);
    const hold = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'] } });
    await t.advance(1);
    const disassociate = (vault: string, arn: string) => t.client.send(new DisassociateRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }));
    const e = await errorOf(() => disassociate('v1', job.recoveryPointArn));
    assert.equal(e.name, 'InvalidRequestException');
    assert.match(e.message, refusal(job.recoveryPointArn, 'disassociated', hold));
    assert.equal(await pointStatus(t.client, 'v1', job.recoveryPointArn), 'COMPLETED');
    await disassociate('v2', other.recoveryPointArn);
    assert.equal(await pointStatus(t.client, 'v2', other.recoveryPointArn), undefined);
    await cancelHold(t.client, hold);
    await disassociate('v1', job.recoveryPointArn);
    assert.equal(await pointStatus(t.client, 'v1', job.recoveryPointArn), undefined);
  });

  it('protects the children of a held composite parent and lists them under the hold', async (ctx) => {
    const [parent, child1, child2] = await storeComposite(t, 'v1', v1Arn);
    const hold = await createHold(t.client, { RecoveryPointSelection: { ResourceIdentifiers: [(await t.hf.services.exports.recoveryPoints.get(SCOPE, parent))!.resourceArn] } });
    await t.advance(1);
    assert.deepEqual(await heldArns(t.client, hold), [parent, child1, child2].sort());
    const e = await errorOf(() => deletePoint(t.client, 'v1', child1));
    assert.equal(e.message, DELETE_REFUSED);
    // The guard the recovery-point domain asks before DisassociateRecoveryPointFromParent.
    const ref = (await t.hf.services.exports.recoveryPoints.get(SCOPE, child2))!;
    assert.match((await t.hf.services.exports.removalGuards.check(ref, 'disassociate-from-parent')) ?? '', refusal(child2, 'disassociated from its parent', hold));

    const fromParent = () => t.client.send(new DisassociateRecoveryPointFromParentCommand({ BackupVaultName: 'v1', RecoveryPointArn: child2 }));
    const sdk = await errorOf(fromParent);
    if (sdk.name === 'NotImplementedException') {
      ctx.skip('DisassociateRecoveryPointFromParent arrives with composite backups (another branch); the guard above already refuses');
      return;
    }
    assert.equal(sdk.name, 'InvalidRequestException');
    assert.match(sdk.message, refusal(child2, 'disassociated from its parent', hold));
    await cancelHold(t.client, hold);
    await fromParent();
    const after = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: child2 }));
    assert.equal(after.ParentRecoveryPointArn, undefined);
  });

  it('keeps a point under several holds until the last one is cancelled', async () => {
    const [point] = await points(t, ['v1', VOLUME]);
    const byVault = await createHold(t.client, { Title: 'by vault', RecoveryPointSelection: { VaultNames: ['v1'] } });
    const byResource = await createHold(t.client, { Title: 'by resource', RecoveryPointSelection: { ResourceIdentifiers: [VOLUME] } });
    const everything = await createHold(t.client, { Title: 'everything' });
    await t.advance(1);
    for (const id of [byVault, byResource, everything]) assert.deepEqual(await heldArns(t.client, id), [point], id);

    await cancelHold(t.client, byVault);
    await t.advance(1);
    const e = await errorOf(() => deletePoint(t.client, 'v1', point));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, DELETE_REFUSED);
    // DeleteRecoveryPoint names no hold; the guard's answer for the other removals does.
    const ref = (await t.hf.services.exports.recoveryPoints.get(SCOPE, point))!;
    const named = async (): Promise<string> => (await t.hf.services.exports.removalGuards.check(ref, 'disassociate')) ?? '';
    assert.match(await named(), /under legal hold /);
    assert.doesNotMatch(await named(), new RegExp(byVault), 'a cancelled hold is not named');
    await cancelHold(t.client, byResource);
    assert.equal((await errorOf(() => deletePoint(t.client, 'v1', point))).message, DELETE_REFUSED);
    assert.match(await named(), refusal(point, 'disassociated', everything));
    await cancelHold(t.client, everything);
    await deletePoint(t.client, 'v1', point);
  });

  it('lets the lifecycle pass a held point, and deletes it at the next clock advance after the last hold is cancelled', async () => {
    const week = { Lifecycle: { DeleteAfterDays: 7 } };
    const [held, free, held2] = await points(t, ['v1', VOLUME, week], ['v1', TABLE, week], ['v2', VOLUME, week]);
    const first = await createHold(t.client, { RecoveryPointSelection: { ResourceIdentifiers: [VOLUME] } });
    const second = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v2'] } });
    await t.advance(8 * DAY);
    assert.equal(await pointStatus(t.client, 'v1', free), undefined, 'the unheld point went at DeleteAfterDays');
    const expired = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: held }));
    assert.equal(expired.Status, 'EXPIRED');
    assert.match(expired.StatusMessage!, new RegExp(`under legal hold ${first}`));
    await t.advance(30 * DAY);
    assert.equal(await pointStatus(t.client, 'v1', held), 'EXPIRED', 'still there a month later');
    assert.equal(await pointStatus(t.client, 'v2', held2), 'EXPIRED');

    // held2 is under both holds: cancelling the first releases only `held`.
    await cancelHold(t.client, first);
    assert.equal(await pointStatus(t.client, 'v1', held), 'EXPIRED', 'nothing happens before the clock moves');
    await t.advance(1);
    assert.equal(await holdStatus(t.client, first), 'CANCELED');
    assert.equal(await pointStatus(t.client, 'v1', held), undefined, 'deleted at the next advance');
    assert.equal(await pointStatus(t.client, 'v2', held2), 'EXPIRED', 'still under the second hold');
    await cancelHold(t.client, second);
    await t.advance(0);
    assert.equal(await pointStatus(t.client, 'v2', held2), undefined);
    // The cancelled holds still list what they covered.
    assert.deepEqual(await heldArns(t.client, first), [held, held2].sort());
  });

  it('does not extend the lifecycle of a continuous backup (AWS), though it keeps refusing its deletion by a user', async () => {
    const week = { DeleteAfterDays: 7 };
    const continuous = await t.hf.services.exports.jobs.backupJobs.start(SCOPE, t.hf.clock.nowMs(), { BackupVaultName: 'v1', ResourceArn: DB, IamRoleArn: ROLE, Lifecycle: week }, { continuous: true });
    const [snapshot] = await points(t, ['v1', VOLUME, { Lifecycle: week }]);
    const hold = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'] } });
    await t.advance(1);
    assert.deepEqual(await heldArns(t.client, hold), [continuous.recoveryPointArn, snapshot].sort());
    assert.equal((await errorOf(() => deletePoint(t.client, 'v1', continuous.recoveryPointArn))).message, DELETE_REFUSED);
    await t.advance(8 * DAY);
    assert.equal(await pointStatus(t.client, 'v1', continuous.recoveryPointArn), undefined, 'deleted at the end of its retention');
    assert.equal(await pointStatus(t.client, 'v1', snapshot), 'EXPIRED', 'the snapshot waits for the hold');
  });

  it('delays the move to cold storage while a hold is in place (AWS: lifecycle changes wait)', async () => {
    const lifecycle = { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 100 };
    const [held, free] = await points(t, ['v1', VOLUME, { Lifecycle: lifecycle }], ['v2', VOLUME, { Lifecycle: lifecycle }]);
    const hold = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'] } });
    await t.advance(11 * DAY);
    const storage = async (vault: string, arn: string) =>
      (await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: arn }))).StorageClass;
    assert.equal(await storage('v2', free), 'COLD');
    assert.equal(await storage('v1', held), 'WARM');
    await t.advance(5 * DAY);
    assert.equal(await storage('v1', held), 'WARM');
    assert.equal(await pointStatus(t.client, 'v1', held), 'COMPLETED', 'retention has not ended: not EXPIRED');
    await cancelHold(t.client, hold);
    await t.advance(1);
    assert.equal(await storage('v1', held), 'COLD', 'moved at the next advance after the cancellation');
    await t.advance(85 * DAY);
    assert.equal(await pointStatus(t.client, 'v1', held), undefined, 'then deleted on its own schedule');
  });

  it('keeps deleting the vault of a held point impossible', async () => {
    const [point] = await points(t, ['v1', VOLUME, { Lifecycle: { DeleteAfterDays: 1 } }]);
    const hold = await createHold(t.client, { RecoveryPointSelection: { VaultNames: ['v1'] } });
    await t.advance(2 * DAY);
    assert.equal(await pointStatus(t.client, 'v1', point), 'EXPIRED');
    const e = await errorOf(() => t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' })));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, 'Backup vault cannot be deleted because it contains recovery points.');
    await cancelHold(t.client, hold);
    await t.advance(1);
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' }));
  });
});
