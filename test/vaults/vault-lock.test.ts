import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateLogicallyAirGappedBackupVaultCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  ListBackupVaultsCommand,
  PutBackupVaultLockConfigurationCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  UpdateRecoveryPointLifecycleCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, T0 } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { LAG_CREATING_SECONDS } from '../helpers/air-gapped.js';
import { completedBackup, ROLE } from '../helpers/backups.js';
import { VOLUME } from '../jobs/fixtures.js';

const DAY = 86_400;
const V1_ARN = `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`;

describe('backup vault lock', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const describeV1 = () => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }));
  const put = (input: { MinRetentionDays?: number; MaxRetentionDays?: number; ChangeableForDays?: number }, name = 'v1') =>
    t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: name, ...input }));
  const del = (name = 'v1') => t.client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: name }));

  it('governance mode: shown as Locked without LockDate, changeable and removable at any time', async () => {
    await put({ MinRetentionDays: 7, MaxRetentionDays: 30 });
    let d = await describeV1();
    assert.equal(d.Locked, true);
    assert.equal(d.MinRetentionDays, 7);
    assert.equal(d.MaxRetentionDays, 30);
    assert.equal(d.LockDate, undefined);
    await t.advance(400 * DAY);
    await put({ MinRetentionDays: 1 });
    d = await describeV1();
    assert.equal(d.MinRetentionDays, 1);
    assert.equal(d.MaxRetentionDays, undefined);
    await del();
    d = await describeV1();
    assert.equal(d.Locked, false);
    assert.equal(d.MinRetentionDays, undefined);
    assert.equal(d.LockDate, undefined);
  });

  it('compliance mode: LockDate is now + ChangeableForDays, changeable before it, immutable on and after it', async () => {
    const start = t.hf.clock.nowMs();
    await put({ MinRetentionDays: 7, MaxRetentionDays: 30, ChangeableForDays: 3 });
    let d = await describeV1();
    assert.equal(d.Locked, true);
    assert.deepEqual(d.LockDate, new Date(start + 3 * DAY * 1000));
    // Still in the cooling-off period: a new Put replaces the lock and restarts LockDate.
    await t.advance(DAY);
    await put({ MinRetentionDays: 10, MaxRetentionDays: 40, ChangeableForDays: 5 });
    d = await describeV1();
    assert.deepEqual(d.LockDate, new Date(start + 6 * DAY * 1000));
    assert.equal(d.MinRetentionDays, 10);
    // One second before LockDate it can still change.
    await t.advance(5 * DAY - 1);
    await put({ MinRetentionDays: 10, MaxRetentionDays: 40, ChangeableForDays: 5 });
    d = await describeV1();
    assert.deepEqual(d.LockDate, new Date(t.hf.clock.nowMs() + 5 * DAY * 1000));
    // Reach the (new) LockDate exactly: now immutable.
    await t.advance(5 * DAY);
    const e1 = await errorOf(() => put({ MinRetentionDays: 1, MaxRetentionDays: 2 }));
    assert.equal(e1.name, 'InvalidRequestException');
    assert.match(e1.message, /compliance mode and became immutable on .*cannot be changed/);
    const e2 = await errorOf(() => del());
    assert.equal(e2.name, 'InvalidRequestException');
    assert.match(e2.message, /cannot be deleted/);
    d = await describeV1();
    assert.equal(d.Locked, true);
    assert.equal(d.MinRetentionDays, 10);
    assert.equal(d.MaxRetentionDays, 40);
  });

  it('a compliance lock deleted before its LockDate is gone', async () => {
    await put({ MinRetentionDays: 1, ChangeableForDays: 3 });
    await t.advance(3 * DAY - 60);
    await del();
    await t.advance(120);
    const d = await describeV1();
    assert.equal(d.Locked, false);
    assert.equal(d.LockDate, undefined);
    await put({ MinRetentionDays: 2 });
  });

  it('checks the ranges', async () => {
    const cases: [Record<string, number>, RegExp][] = [
      [{ MinRetentionDays: 0 }, /MinRetentionDays must be a whole number of days from 1 to 36500; got 0/],
      [{ MaxRetentionDays: 36501 }, /MaxRetentionDays must be a whole number of days from 1 to 36500; got 36501/],
      [{ MinRetentionDays: 10, MaxRetentionDays: 9 }, /MinRetentionDays \(10\) must not be greater than MaxRetentionDays \(9\)/],
      [{ MinRetentionDays: 1, ChangeableForDays: 2 }, /ChangeableForDays must be a whole number of days from 3 to 36500; got 2/],
      [{ MinRetentionDays: 1, ChangeableForDays: 36501 }, /ChangeableForDays .* got 36501/],
      [{ MinRetentionDays: 1.5 }, /MinRetentionDays: expected an integer/],
    ];
    for (const [input, message] of cases) {
      const e = await errorOf(() => put(input));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(input));
      assert.match(e.message, message);
    }
    await put({ MinRetentionDays: 1, MaxRetentionDays: 36500, ChangeableForDays: 36500 });
    assert.equal((await describeV1()).MaxRetentionDays, 36500);
  });

  it('answers ResourceNotFoundException for a missing vault', async () => {
    assert.equal((await errorOf(() => put({ MinRetentionDays: 1 }, 'nope'))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => del('nope'))).name, 'ResourceNotFoundException');
  });

  it('shows the lock in ListBackupVaults', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v2' }));
    const start = t.hf.clock.nowMs();
    await put({ MinRetentionDays: 3, MaxRetentionDays: 9, ChangeableForDays: 4 }, 'v2');
    const list = (await t.client.send(new ListBackupVaultsCommand({}))).BackupVaultList ?? [];
    const v1 = list.find((v) => v.BackupVaultName === 'v1')!;
    const v2 = list.find((v) => v.BackupVaultName === 'v2')!;
    assert.equal(v1.Locked, false);
    assert.equal(v2.Locked, true);
    assert.equal(v2.MinRetentionDays, 3);
    assert.equal(v2.MaxRetentionDays, 9);
    assert.deepEqual(v2.LockDate, new Date(start + 4 * DAY * 1000));
  });

  it('fails backup and copy jobs into the vault whose retention the lock refuses, and refuses such lifecycle updates', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'src' }));
    const source = await completedBackup(t, { BackupVaultName: 'src', ResourceArn: VOLUME, Lifecycle: { DeleteAfterDays: 400 } });
    await put({ MinRetentionDays: 7, MaxRetentionDays: 30 });
    const tooShort = "The recovery point's retention of 6 days is shorter than the minimum retention of 7 days set by the vault lock of v1.";
    const cases: [number | undefined, string, string | undefined][] = [
      [6, 'FAILED', tooShort],
      [7, 'COMPLETED', undefined],
      [30, 'COMPLETED', undefined],
      [31, 'FAILED', 'The recovery point would be kept for 31 days, longer than the maximum retention of 30 days set by the vault lock of v1.'],
      [undefined, 'FAILED', 'The recovery point would be kept indefinitely, longer than the maximum retention of 30 days set by the vault lock of v1.'],
    ];
    const lifecycle = (days: number | undefined) => (days === undefined ? {} : { Lifecycle: { DeleteAfterDays: days } });
    const started = [];
    for (const [days, state, message] of cases) {
      const backup = await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE, ...lifecycle(days) }));
      const copy = await t.client.send(
        new StartCopyJobCommand({ SourceBackupVaultName: 'src', RecoveryPointArn: source.RecoveryPointArn, DestinationBackupVaultArn: V1_ARN, IamRoleArn: ROLE, ...lifecycle(days) }),
      );
      started.push({ days, state, message, backup: backup.BackupJobId!, copy: copy.CopyJobId! });
    }
    await t.advance(3600);
    for (const s of started) {
      const backup = await t.client.send(new DescribeBackupJobCommand({ BackupJobId: s.backup }));
      const copy = (await t.client.send(new DescribeCopyJobCommand({ CopyJobId: s.copy }))).CopyJob!;
      assert.deepEqual([backup.State, backup.StatusMessage], [s.state, s.message], `backup job kept ${s.days} days`);
      assert.deepEqual([copy.State, copy.StatusMessage], [s.state, s.message], `copy job kept ${s.days} days`);
    }
    // UpdateRecoveryPointLifecycle of a point in the locked vault: the same range, refused at once.
    const kept7 = (await t.client.send(new DescribeBackupJobCommand({ BackupJobId: started[1]!.backup }))).RecoveryPointArn!;
    const update = (days: number | undefined) =>
      t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: kept7, Lifecycle: lifecycle(days).Lifecycle ?? {} }));
    for (const [days, message] of [
      [31, 'The recovery point would be kept for 31 days, longer than the maximum retention of 30 days set by the vault lock of v1.'],
      [undefined, 'The recovery point would be kept indefinitely, longer than the maximum retention of 30 days set by the vault lock of v1.'],
    ] as const) {
      const e = await errorOf(() => update(days));
      assert.deepEqual([e.name, e.message], ['InvalidRequestException', message], `update to ${days} days`);
    }
    assert.equal((await update(30)).Lifecycle?.DeleteAfterDays, 30);
  });
});

describe('logically air-gapped backup vaults', () => {
  const t = suiteServer();

  it('creates a vault whose retention range is locked from the start', async () => {
    const out = await t.client.send(
      new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: 7, MaxRetentionDays: 35, CreatorRequestId: 'c1', BackupVaultTags: { team: 'ops' } }),
    );
    assert.equal(out.BackupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:lag`);
    assert.equal(out.VaultState, 'CREATING');
    assert.deepEqual(out.CreationDate, T0);
    const d = await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'lag' }));
    assert.equal(d.VaultType, 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT');
    assert.equal(d.Locked, true);
    assert.equal(d.MinRetentionDays, 7);
    assert.equal(d.MaxRetentionDays, 35);
    assert.deepEqual(d.LockDate, T0);
    const again = await t.client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: 7, MaxRetentionDays: 35, CreatorRequestId: 'c1' }));
    assert.equal(again.BackupVaultArn, out.BackupVaultArn);
    const dup = await errorOf(() => t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'lag' })));
    assert.equal(dup.name, 'AlreadyExistsException');
    const change = await errorOf(() => t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'lag', MinRetentionDays: 8 })));
    assert.equal(change.name, 'InvalidRequestException');
    const remove = await errorOf(() => t.client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: 'lag' })));
    assert.equal(remove.name, 'InvalidRequestException');
    const byType = await t.client.send(new ListBackupVaultsCommand({ ByVaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' }));
    assert.deepEqual(byType.BackupVaultList?.map((v) => v.BackupVaultName), ['lag']);
    await t.advance(LAG_CREATING_SECONDS);
    await t.client.send(new DeleteBackupVaultCommand({ BackupVaultName: 'lag' }));
  });

  it('checks its retention range', async () => {
    const create = (min: number, max: number) =>
      t.client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: min, MaxRetentionDays: max }));
    let e = await errorOf(() => create(6, 30));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /at least 7/);
    e = await errorOf(() => create(30, 7));
    assert.equal(e.name, 'InvalidParameterValueException');
    e = await errorOf(() => create(7, 36501));
    assert.equal(e.name, 'InvalidParameterValueException');
    e = await errorOf(() => t.client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: 'lag', MinRetentionDays: 7 } as never)));
    assert.equal(e.name, 'MissingParameterValueException');
  });
});
