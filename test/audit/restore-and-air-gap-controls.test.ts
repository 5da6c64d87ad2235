/**
 * RESTORE_TIME_FOR_RESOURCES_MEET_TARGET (the latest completed restore job's minutes against
 * maxRestoreTime) and RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT (a recent recovery point in an
 * air-gapped vault of the account and Region), seen through CONTROL_COMPLIANCE_REPORT and
 * RESOURCE_COMPLIANCE_REPORT.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateLogicallyAirGappedBackupVaultCommand,
  DescribeFrameworkCommand,
  DescribeProtectedResourceCommand,
  DescribeRestoreJobCommand,
  ListFrameworksCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
  type FrameworkControl,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { completedBackup, completedBackups } from '../helpers/backups.js';
import { DB, ROLE, TABLE, vault, VOLUME } from '../jobs/fixtures.js';
import { probeControl } from './harness.js';

const VOL_ID = 'vol-0123456789abcdef0';
const MINUTE = 60;
const HOUR = 3600;
const param = (ParameterName: string, ParameterValue: string) => ({ ParameterName, ParameterValue });
const vaultArn = (name: string, region = 'us-east-1') => `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${name}`;

describe('restore time and logically air-gapped vault controls', () => {
  const t = suiteServer({
    dataDir: true,
    each: async (t) => {
      await t.admin('PUT', '/buckets/reports');
    },
  });

  const read = (bucket: string, key: string) => readFile(join(t.dataDir, 's3', bucket, ...key.split('/')), 'utf8');
  const probe = (control: FrameworkControl) => probeControl(t, t.client, control, read);
  const resources = async (...entries: Record<string, unknown>[]) => assert.equal((await t.admin('PUT', '/resources', { resources: entries })).status, 200);
  const restoreTime = (minutes: string, scope?: FrameworkControl['ControlScope']) =>
    probe({ ControlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', ControlInputParameters: [param('maxRestoreTime', minutes)], ControlScope: scope });
  const airGapped = (unit?: string, value?: string, scope?: FrameworkControl['ControlScope']) =>
    probe({
      ControlName: 'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT',
      ControlInputParameters: unit ? [param('recoveryPointAgeUnit', unit), param('recoveryPointAgeValue', value!)] : undefined,
      ControlScope: scope,
    });
  /** Restores the point and runs the clock until the job is over; answers the job. */
  const restore = async (rp: string, seconds: number) => {
    const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: {}, IamRoleArn: ROLE }));
    await t.advance(seconds);
    return t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
  };

  describe('RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', () => {
    it('compares the latest completed restore job with maxRestoreTime minutes; a resource never restored does not meet it', async () => {
      await vault(t.client);
      await resources({ arn: VOLUME, backupDurationSeconds: 10 * MINUTE }, { arn: TABLE, backupDurationSeconds: 10 * MINUTE });
      const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: VOLUME }, { stepSeconds: 10 * MINUTE });
      const ten = await restoreTime('10');
      const nine = await restoreTime('9');
      // Neither resource has been restored yet.
      assert.deepEqual(await ten.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 2, resources: { [VOL_ID]: 'NON_COMPLIANT', orders: 'NON_COMPLIANT' } });

      const job = await restore(rp, 10 * MINUTE);
      assert.equal(job.Status, 'COMPLETED');
      // The control reads the value DescribeProtectedResource answers.
      assert.equal((await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: VOLUME }))).LatestRestoreExecutionTimeMinutes, 10);
      assert.deepEqual((await ten.evaluate()).resources, { [VOL_ID]: 'COMPLIANT', orders: 'NON_COMPLIANT' });
      assert.deepEqual((await nine.evaluate()).resources, { [VOL_ID]: 'NON_COMPLIANT', orders: 'NON_COMPLIANT' });

      // Only the latest completed restore counts: a slower one makes the volume miss the 10-minute target...
      await resources({ arn: VOLUME, backupDurationSeconds: 25 * MINUTE }, { arn: TABLE, backupDurationSeconds: 10 * MINUTE });
      await restore(rp, 25 * MINUTE);
      assert.deepEqual((await ten.evaluate()).resources, { [VOL_ID]: 'NON_COMPLIANT', orders: 'NON_COMPLIANT' });
      assert.equal((await (await restoreTime('25')).evaluate()).resources[VOL_ID], 'COMPLIANT');
      // ...while a restore still running does not count yet, and a faster one that completes does.
      // (An 8-minute restore: each evaluation moves the clock 4 minutes.)
      await resources({ arn: VOLUME, backupDurationSeconds: 8 * MINUTE }, { arn: TABLE, backupDurationSeconds: 10 * MINUTE });
      const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: {}, IamRoleArn: ROLE }));
      await t.advance(MINUTE);
      assert.equal((await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }))).Status, 'RUNNING');
      assert.equal((await ten.evaluate()).resources[VOL_ID], 'NON_COMPLIANT');
      await t.advance(4 * MINUTE);
      assert.equal((await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }))).Status, 'COMPLETED');
      assert.deepEqual((await ten.evaluate()).resources, { [VOL_ID]: 'COMPLIANT', orders: 'NON_COMPLIANT' });
    });

    it('rounds a restore up to whole minutes, and respects the control scope (types, ids, tags)', async () => {
      await vault(t.client);
      await resources(
        { arn: VOLUME, backupDurationSeconds: 10 * MINUTE + 1, tags: { tier: 'gold' } },
        { arn: TABLE, backupDurationSeconds: 60, tags: { tier: 'gold' } },
        { arn: DB, backupDurationSeconds: 60 },
      );
      const [vol, table] = await completedBackups(t, [{ ResourceArn: VOLUME }, { ResourceArn: TABLE }], { stepSeconds: 11 * MINUTE });
      await restore(vol.RecoveryPointArn, 11 * MINUTE);
      await restore(table.RecoveryPointArn, MINUTE);
      // 10 minutes and one second is 11 minutes, over a 10-minute target.
      assert.deepEqual(await (await restoreTime('10')).evaluate(), {
        status: 'NON_COMPLIANT',
        compliant: 1,
        nonCompliant: 2,
        resources: { [VOL_ID]: 'NON_COMPLIANT', orders: 'COMPLIANT', 'prod-db': 'NON_COMPLIANT' },
      });
      assert.deepEqual((await (await restoreTime('11')).evaluate()).resources, { [VOL_ID]: 'COMPLIANT', orders: 'COMPLIANT', 'prod-db': 'NON_COMPLIANT' });
      assert.deepEqual(await (await restoreTime('10', { ComplianceResourceTypes: ['DynamoDB'] })).evaluate(), {
        status: 'COMPLIANT',
        compliant: 1,
        nonCompliant: 0,
        resources: { orders: 'COMPLIANT' },
      });
      assert.deepEqual((await (await restoreTime('10', { ComplianceResourceTypes: ['AWS::EC2::Volume'], ComplianceResourceIds: [VOL_ID] })).evaluate()).resources, {
        [VOL_ID]: 'NON_COMPLIANT',
      });
      assert.deepEqual((await (await restoreTime('11', { Tags: { tier: 'gold' } })).evaluate()).resources, { [VOL_ID]: 'COMPLIANT', orders: 'COMPLIANT' });
    });

    it('shows a framework with the control deployed (COMPLETED) with its parameters', async () => {
      await resources({ arn: VOLUME });
      await restoreTime('30');
      const list = await t.client.send(new ListFrameworksCommand({}));
      assert.equal(list.Frameworks!.length, 1);
      assert.equal(list.Frameworks![0]!.DeploymentStatus, 'COMPLETED');
      const fw = await t.client.send(new DescribeFrameworkCommand({ FrameworkName: list.Frameworks![0]!.FrameworkName }));
      assert.equal(fw.DeploymentStatus, 'COMPLETED');
      assert.deepEqual(fw.FrameworkControls![0]!.ControlInputParameters, [param('maxRestoreTime', '30')]);
    });
  });

  describe('RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT', () => {
    const lagVault = (name = 'lag', client = t.client) =>
      client.send(new CreateLogicallyAirGappedBackupVaultCommand({ BackupVaultName: name, MinRetentionDays: 7, MaxRetentionDays: 35 }));
    const copyTo = (rp: string, destination: string) =>
      t.client.send(
        new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: destination, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 14 } }),
      );

    it('needs a recovery point in an air-gapped vault younger than the age (default 1 day); a standard vault does not count', async () => {
      await vault(t.client);
      await lagVault();
      await resources({ arn: VOLUME }, { arn: TABLE });
      const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: VOLUME }, { stepSeconds: MINUTE });
      const p = await airGapped(); // defaults: 1 day
      assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 2, resources: { [VOL_ID]: 'NON_COMPLIANT', orders: 'NON_COMPLIANT' } });
      await copyTo(rp, vaultArn('lag'));
      await t.advance(MINUTE);
      assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 1, nonCompliant: 1, resources: { [VOL_ID]: 'COMPLIANT', orders: 'NON_COMPLIANT' } });
      // A backup straight into the air-gapped vault counts too.
      await t.client.send(new StartBackupJobCommand({ BackupVaultName: 'lag', ResourceArn: TABLE, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 7 } }));
      await t.advance(MINUTE);
      assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 2, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT', orders: 'COMPLIANT' } });
      assert.deepEqual(await (await airGapped(undefined, undefined, { ComplianceResourceTypes: ['EBS'] })).evaluate(), {
        status: 'COMPLIANT',
        compliant: 1,
        nonCompliant: 0,
        resources: { [VOL_ID]: 'COMPLIANT' },
      });
      // A day later the points are too old for the default age.
      await t.advance(24 * HOUR);
      assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 2, resources: { [VOL_ID]: 'NON_COMPLIANT', orders: 'NON_COMPLIANT' } });
    });

    it('takes the age in hours or days', async () => {
      await vault(t.client);
      await lagVault();
      await resources({ arn: VOLUME, tags: { tier: 'gold' } }, { arn: TABLE });
      const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: VOLUME }, { stepSeconds: MINUTE });
      await copyTo(rp, vaultArn('lag'));
      await t.advance(MINUTE);
      const hours24 = await airGapped('hours', '24', { Tags: { tier: 'gold' } });
      const hours30 = await airGapped('hours', '30', { Tags: { tier: 'gold' } });
      const days2 = await airGapped('days', '2', { Tags: { tier: 'gold' } });
      for (const p of [hours24, hours30, days2]) assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
      // 25 hours after the copy: too old for 24 hours, young enough for 30 hours and 2 days.
      await t.advance(25 * HOUR);
      assert.equal((await hours24.evaluate()).resources[VOL_ID], 'NON_COMPLIANT');
      assert.equal((await hours30.evaluate()).resources[VOL_ID], 'COMPLIANT');
      assert.equal((await days2.evaluate()).resources[VOL_ID], 'COMPLIANT');
      // 49 hours: too old for 2 days as well.
      await t.advance(24 * HOUR);
      assert.equal((await hours30.evaluate()).resources[VOL_ID], 'NON_COMPLIANT');
      assert.equal((await days2.evaluate()).resources[VOL_ID], 'NON_COMPLIANT');
    });

    it('counts only air-gapped vaults of the account and Region where the resource lives', async () => {
      await vault(t.client);
      const west = t.clientFor(ACCOUNT, 'us-west-2');
      await lagVault('lag-west', west);
      await resources({ arn: VOLUME });
      const { RecoveryPointArn: rp } = await completedBackup(t, { ResourceArn: VOLUME }, { stepSeconds: MINUTE });
      await copyTo(rp, vaultArn('lag-west', 'us-west-2'));
      await t.advance(MINUTE);
      assert.deepEqual(await (await airGapped()).evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    });
  });
});
