import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteBackupVaultCommand,
  DeleteRecoveryPointCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  DisassociateRecoveryPointCommand,
  GetRecoveryPointRestoreMetadataCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRecoveryPointsByResourceCommand,
  UpdateRecoveryPointLifecycleCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import type { ExtraModule } from '../../src/domains.js';
import { DB, ROLE, TABLE, vault, VOLUME } from './fixtures.js';

const DAY = 86400;

describe('recovery points', () => {
  // A removal guard another module contributes: it refuses the points the test puts in `held`.
  const held = new Set<string>();
  const holdModule: ExtraModule = {
    name: 'test-holds',
    build: () => ({ removalGuards: [async (p, kind) => (held.has(p.arn) ? `Recovery point is under legal hold (${kind}).` : undefined)], exports: {} }),
  };
  const t = suiteServer({ vaults: ['v1'], server: { extraModules: [holdModule] } });
  const { at } = t;
  const scope = { accountId: ACCOUNT, region: 'us-east-1' };
  const describePoint = (arn: string) => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: arn }));
  const count = async (): Promise<number> => (await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints!;

  it('carries tags, restore metadata and the job details', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: VOLUME, sizeBytes: 8 * 1024 ** 3 }] });
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: VOLUME, RecoveryPointTags: { team: 'a' } });
    const p = await describePoint(RecoveryPointArn);
    assert.equal(p.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.equal(p.IamRoleArn, ROLE);
    assert.equal(p.BackupSizeInBytes, 8 * 1024 ** 3);
    assert.equal(p.ResourceName, 'vol-0123456789abcdef0');
    assert.equal(p.IsParent, false);
    assert.deepEqual(p.CreationDate, at(0));
    assert.deepEqual(await t.hf.store.tags.get(RecoveryPointArn), { team: 'a' });
    const meta = await t.client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'v1', RecoveryPointArn }));
    assert.equal(meta.ResourceType, 'EBS');
    assert.equal(meta.RestoreMetadata!.volumeId, 'vol-0123456789abcdef0');
    assert.equal(meta.RestoreMetadata!.volumeSize, '8');
    const wrongVault = await errorOf(() => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'nope', RecoveryPointArn })));
    assert.equal(wrongVault.name, 'ResourceNotFoundException');
    await vault(t.client, 'v2');
    const otherVault = await errorOf(() => t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v2', RecoveryPointArn })));
    assert.equal(otherVault.name, 'ResourceNotFoundException');
  });

  it('lists by vault with every filter, and by resource', async () => {
    const a = await completedBackup(t, { ResourceArn: VOLUME }); // created at 0
    const b = await completedBackup(t, { ResourceArn: TABLE }); // created at 60
    await t.advance(DAY);
    const c = await completedBackup(t, { ResourceArn: VOLUME }); // created at DAY + 120
    const list = async (input: Record<string, unknown>): Promise<string[]> =>
      ((await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', ...input }))).RecoveryPoints ?? []).map((p) => p.RecoveryPointArn!);
    assert.deepEqual(await list({}), [a.RecoveryPointArn, b.RecoveryPointArn, c.RecoveryPointArn]);
    assert.deepEqual(await list({ ByResourceArn: VOLUME }), [a.RecoveryPointArn, c.RecoveryPointArn]);
    assert.deepEqual(await list({ ByResourceType: 'DynamoDB' }), [b.RecoveryPointArn]);
    assert.deepEqual(await list({ ByCreatedAfter: at(DAY) }), [c.RecoveryPointArn]);
    assert.deepEqual(await list({ ByCreatedBefore: at(DAY), ByResourceArn: VOLUME }), [a.RecoveryPointArn]);
    assert.deepEqual(await list({ ByCreatedAfter: at(1), ByCreatedBefore: at(DAY) }), [b.RecoveryPointArn]);
    assert.deepEqual(await list({ ByBackupPlanId: 'plan-1' }), []);
    assert.deepEqual(await list({ ByParentRecoveryPointArn: a.RecoveryPointArn }), []);
    const page = await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', MaxResults: 2 }));
    assert.equal(page.RecoveryPoints!.length, 2);
    const rest = await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'v1', MaxResults: 2, NextToken: page.NextToken }));
    assert.deepEqual(rest.RecoveryPoints!.map((p) => p.RecoveryPointArn), [c.RecoveryPointArn]);
    const missing = await errorOf(() => t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');

    const byResource = await t.client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: VOLUME }));
    assert.deepEqual(byResource.RecoveryPoints!.map((p) => p.RecoveryPointArn), [a.RecoveryPointArn, c.RecoveryPointArn]);
    assert.equal(byResource.RecoveryPoints![0]!.BackupVaultName, 'v1');
    assert.equal(byResource.RecoveryPoints![0]!.Status, 'COMPLETED');
  });

  it('deletes points, keeps NumberOfRecoveryPoints true and lets an empty vault go', async () => {
    const a = await completedBackup(t, { ResourceArn: VOLUME });
    const b = await completedBackup(t, { ResourceArn: TABLE });
    assert.equal(await count(), 2);
    const refused = await errorOf(() => t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' })));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.equal(refused.message, 'Backup vault cannot be deleted because it contains recovery points.');
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: a.RecoveryPointArn }));
    assert.equal(await count(), 1);
    assert.equal((await errorOf(() => describePoint(a.RecoveryPointArn))).name, 'ResourceNotFoundException');
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: b.RecoveryPointArn }));
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'v1' }));
  });

  it('asks the removal guards before deleting or disassociating', async () => {
    const a = await completedBackup(t, { ResourceArn: VOLUME, Lifecycle: { DeleteAfterDays: 10 } });
    held.add(a.RecoveryPointArn);
    const e = await errorOf(() => t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: a.RecoveryPointArn })));
    assert.equal(e.name, 'InvalidRequestException');
    assert.equal(e.message, 'Recovery point is under legal hold (delete).');

    // Lifecycle deletion waits: the point is EXPIRED while the guard refuses.
    await t.advance(10 * DAY);
    let p = await describePoint(a.RecoveryPointArn);
    assert.equal(p.Status, 'EXPIRED');
    assert.match(p.StatusMessage!, /under legal hold \(lifecycle-delete\)/);
    await t.advance(3 * DAY);
    assert.equal((await describePoint(a.RecoveryPointArn)).Status, 'EXPIRED');
    // Lifting the guard and rechecking deletes it at the next engine pass.
    held.delete(a.RecoveryPointArn);
    await t.hf.services.exports.recoveryPoints.onHoldsReleased(scope, [a.RecoveryPointArn]);
    await t.advance(0);
    assert.equal((await errorOf(() => describePoint(a.RecoveryPointArn))).name, 'ResourceNotFoundException');

    // Without a recheck, a guarded point is retried a day later on its own.
    const b = await completedBackup(t, { ResourceArn: VOLUME, Lifecycle: { DeleteAfterDays: 1 } });
    held.add(b.RecoveryPointArn);
    await t.advance(DAY);
    p = await describePoint(b.RecoveryPointArn);
    assert.equal(p.Status, 'EXPIRED');
    held.delete(b.RecoveryPointArn);
    await t.advance(DAY);
    assert.equal((await errorOf(() => describePoint(b.RecoveryPointArn))).name, 'ResourceNotFoundException');
    assert.equal(await count(), 0);
  });

  it('runs the lifecycle on the clock: cold storage for the types that have it, then deletion', async () => {
    const ebs = await completedBackup(t, { ResourceArn: VOLUME, Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 } });
    const rds = await completedBackup(t, { ResourceArn: DB, Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 } }); // created at 60
    const r = await describePoint(rds.RecoveryPointArn);
    assert.deepEqual(r.CalculatedLifecycle, { DeleteAt: at(120 * DAY + 60) });
    await t.advance(30 * DAY);
    assert.equal((await describePoint(ebs.RecoveryPointArn)).StorageClass, 'COLD');
    assert.equal((await describePoint(rds.RecoveryPointArn)).StorageClass, 'WARM');
    await t.advance(90 * DAY - 121); // to 120 days less a second
    assert.equal(await count(), 2);
    await t.advance(1);
    assert.equal(await count(), 1, 'the EBS point goes at 120 days');
    await t.advance(60);
    assert.equal(await count(), 0, 'the RDS point, made a minute later, a minute later');
  });

  it('updates the lifecycle by AWS rules', async () => {
    const ebs = await completedBackup(t, { ResourceArn: VOLUME, Lifecycle: { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 100 } });
    const rds = await completedBackup(t, { ResourceArn: DB });
    const up = await t.client.send(
      new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: ebs.RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 20, DeleteAfterDays: 200 } }),
    );
    assert.deepEqual(up.CalculatedLifecycle, { MoveToColdStorageAt: at(20 * DAY), DeleteAt: at(200 * DAY) });
    assert.equal(up.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    const rule = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: ebs.RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 20, DeleteAfterDays: 50 } })),
    );
    assert.equal(rule.name, 'InvalidParameterValueException');
    assert.match(rule.message, /90 days apart/);
    const noCold = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: rds.RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 20, DeleteAfterDays: 200 } })),
    );
    assert.match(noCold.message, /RDS cannot move to cold storage/);
    await t.advance(20 * DAY);
    assert.equal((await describePoint(ebs.RecoveryPointArn)).StorageClass, 'COLD');
    const early = await errorOf(() =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: ebs.RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 200 } })),
    );
    assert.equal(early.name, 'InvalidParameterValueException');
    assert.match(early.message, /already in cold storage/);
    // Retention can still be extended while the transition stays as it was.
    await t.client.send(
      new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: ebs.RecoveryPointArn, Lifecycle: { MoveToColdStorageAfterDays: 20, DeleteAfterDays: 300 } }),
    );
  });

  it('disassociates continuous backups only', async () => {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: DB });
    const job = await t.hf.services.exports.jobs.backupJobs.start(scope, t.hf.clock.nowMs(), { BackupVaultName: 'v1', ResourceArn: DB, IamRoleArn: ROLE }, { continuous: true });
    await t.advance(60);
    const e = await errorOf(() => t.client.send(new DisassociateRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn })));
    assert.equal(e.name, 'InvalidRequestException');
    assert.match(e.message, /not a continuous backup/);
    await t.client.send(new DisassociateRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: job.recoveryPointArn }));
    assert.equal(await count(), 1);
  });
});
