/**
 * Every control flips from NON_COMPLIANT to COMPLIANT when the state it reads is fixed through
 * the SDK or the admin API, as a CONTROL_COMPLIANCE_REPORT and a RESOURCE_COMPLIANCE_REPORT show.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteRecoveryPointCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  StartCopyJobCommand,
  UpdateBackupPlanCommand,
  UpdateRecoveryPointLifecycleCommand,
  type FrameworkControl,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { DB, ROLE, vault, VOLUME } from '../jobs/fixtures.js';
import { probeControl } from './harness.js';

const OTHER = '222222222222';
const VOL_ID = 'vol-0123456789abcdef0';
const param = (ParameterName: string, ParameterValue: string) => ({ ParameterName, ParameterValue });
const vaultArn = (name: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:backup:${region}:${account}:backup-vault:${name}`;

describe('compliance controls, evaluated from the current state', () => {
  const t = suiteServer({ dataDir: true, each: async (t) => void (await t.admin('PUT', '/buckets/reports')) });

  const read = (bucket: string, key: string) => readFile(join(t.dataDir, 's3', bucket, ...key.split('/')), 'utf8');
  const probe = (control: FrameworkControl) => probeControl(t, t.client, control, read);
  const resources = async (...entries: Record<string, unknown>[]) => assert.equal((await t.admin('PUT', '/resources', { resources: entries })).status, 200);
  /** A completed backup of the volume in v1: its recovery point ARN. */
  const volumePoint = async (extra: Record<string, unknown> = {}) => (await completedBackup(t, { ResourceArn: VOLUME, ...extra })).RecoveryPointArn;

  it('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN: a selection of a live plan picks the resource (tags, scope by type)', async () => {
    await resources({ arn: VOLUME, tags: { backup: 'yes' } }, { arn: DB });
    await vault(t.client);
    const p = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', ControlScope: { ComplianceResourceTypes: ['EBS'] } });
    let r = await p.evaluate();
    assert.deepEqual(r, { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    const plan = await t.client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'r1', TargetBackupVaultName: 'v1' }] } }),
    );
    await t.client.send(
      new CreateBackupSelectionCommand({
        BackupPlanId: plan.BackupPlanId,
        BackupSelection: { SelectionName: 'tagged', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'yes' }] },
      }),
    );
    r = await p.evaluate();
    assert.deepEqual(r, { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
    // The RDS database is out of the control's scope (EBS only), though no plan protects it.
    assert.ok(!Object.keys(r.resources).includes('prod-db'));
  });

  it('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: a rule as frequent and as long-kept as required', async () => {
    await vault(t.client);
    const weekly = { RuleName: 'weekly', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * 1 *)', Lifecycle: { DeleteAfterDays: 7 } };
    const plan = await t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'p', Rules: [weekly] } }));
    const p = await probe({ ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK' }); // defaults: daily, 35 days
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [plan.BackupPlanId!]: 'NON_COMPLIANT' } });
    // Daily but kept too briefly still fails; daily and kept 35 days passes.
    const daily = { RuleName: 'daily', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * * *)', ScheduleExpressionTimezone: 'Europe/Paris', Lifecycle: { DeleteAfterDays: 10 } };
    await t.client.send(new UpdateBackupPlanCommand({ BackupPlanId: plan.BackupPlanId, BackupPlan: { BackupPlanName: 'p', Rules: [weekly, daily] } }));
    assert.equal((await p.evaluate()).status, 'NON_COMPLIANT');
    await t.client.send(
      new UpdateBackupPlanCommand({ BackupPlanId: plan.BackupPlanId, BackupPlan: { BackupPlanName: 'p', Rules: [weekly, { ...daily, Lifecycle: { DeleteAfterDays: 35 } }] } }),
    );
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [plan.BackupPlanId!]: 'COMPLIANT' } });
    // Every 12 hours is required: the daily rule is no longer enough.
    const hourly = await probe({
      ControlName: 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK',
      ControlInputParameters: [param('requiredFrequencyUnit', 'hours'), param('requiredFrequencyValue', '12'), param('requiredRetentionDays', '7')],
    });
    assert.equal((await hourly.evaluate()).status, 'NON_COMPLIANT');
  });

  it('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: recovery points kept at least requiredRetentionDays', async () => {
    await vault(t.client);
    const rp = await volumePoint({ Lifecycle: { DeleteAfterDays: 7 } });
    const p = await probe({ ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: [param('requiredRetentionDays', '30')] });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [rp]: 'NON_COMPLIANT' } });
    await t.client.send(new UpdateRecoveryPointLifecycleCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, Lifecycle: { DeleteAfterDays: 30 } }));
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [rp]: 'COMPLIANT' } });
  });

  it('BACKUP_RECOVERY_POINT_ENCRYPTED: the backup of an unencrypted volume is not encrypted', async () => {
    await vault(t.client);
    await resources({ arn: VOLUME, encrypted: false });
    const plain = await volumePoint();
    const p = await probe({ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [plain]: 'NON_COMPLIANT' } });
    // Encrypt the volume, back it up again and delete the unencrypted point.
    await resources({ arn: VOLUME, encrypted: true });
    const sealed = await volumePoint();
    assert.deepEqual((await p.evaluate()).resources, { [plain]: 'NON_COMPLIANT', [sealed]: 'COMPLIANT' });
    await t.client.send(new DeleteRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: plain }));
    await t.advance(60);
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [sealed]: 'COMPLIANT' } });
  });

  it('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: PutBackupVaultAccessPolicy denies deletion, with principalArnList exempt', async () => {
    await vault(t.client);
    const admin = `arn:aws:iam::${ACCOUNT}:role/Admin`;
    const p = await probe({ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', ControlInputParameters: [param('principalArnList', admin)] });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { v1: 'NON_COMPLIANT' } });
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [admin] } },
    };
    await t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'v1', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [deny] }) }));
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { v1: 'COMPLIANT' } });
  });

  it('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: a recovery point in a vault locked within the range', async () => {
    await vault(t.client);
    await resources({ arn: VOLUME });
    await volumePoint();
    const p = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', ControlInputParameters: [param('minRetentionDays', '7')] });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    // A lock whose minimum is below the control's still does not count.
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1', MinRetentionDays: 1 }));
    assert.equal((await p.evaluate()).status, 'NON_COMPLIANT');
    await t.client.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'v1', MinRetentionDays: 7, MaxRetentionDays: 365 }));
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
  });

  it('BACKUP_LAST_RECOVERY_POINT_CREATED: a recovery point younger than recoveryPointAge', async () => {
    await vault(t.client);
    await resources({ arn: VOLUME });
    const p = await probe({ ControlName: 'BACKUP_LAST_RECOVERY_POINT_CREATED', ControlInputParameters: [param('recoveryPointAgeUnit', 'hours'), param('recoveryPointAgeValue', '12')] });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    await volumePoint();
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
    await t.advance(12 * 3600);
    assert.equal((await p.evaluate()).status, 'NON_COMPLIANT');
  });

  it('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: a copy in another Region (of crossRegionList)', async () => {
    await vault(t.client);
    await t.clientFor(ACCOUNT, 'us-west-2').send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    await resources({ arn: VOLUME });
    const rp = await volumePoint();
    const p = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: [param('crossRegionList', 'us-west-2, eu-west-1')] });
    const anyRegion = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION' });
    const euOnly = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', ControlInputParameters: [param('crossRegionList', 'eu-west-1')] });
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    await t.client.send(new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: vaultArn('dr', 'us-west-2'), IamRoleArn: ROLE }));
    await t.advance(60);
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
    assert.equal((await anyRegion.evaluate()).status, 'COMPLIANT');
    assert.equal((await euOnly.evaluate()).status, 'NON_COMPLIANT');
  });

  it('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: a copy in another account (of crossAccountList)', async () => {
    await vault(t.client);
    const other = t.clientFor(OTHER);
    await other.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault-b' }));
    const allow = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' };
    await other.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'vault-b', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [allow] }) }));
    await resources({ arn: VOLUME });
    const rp = await volumePoint();
    const p = await probe({ ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', ControlInputParameters: [param('crossAccountList', OTHER)] });
    // A copy in the same account, another Region, is not a cross-account copy.
    await t.clientFor(ACCOUNT, 'us-west-2').send(new CreateBackupVaultCommand({ BackupVaultName: 'dr' }));
    await t.client.send(new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: vaultArn('dr', 'us-west-2'), IamRoleArn: ROLE }));
    await t.advance(60);
    assert.deepEqual(await p.evaluate(), { status: 'NON_COMPLIANT', compliant: 0, nonCompliant: 1, resources: { [VOL_ID]: 'NON_COMPLIANT' } });
    await t.client.send(new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: vaultArn('vault-b', 'us-east-1', OTHER), IamRoleArn: ROLE }));
    await t.advance(60);
    assert.deepEqual(await p.evaluate(), { status: 'COMPLIANT', compliant: 1, nonCompliant: 0, resources: { [VOL_ID]: 'COMPLIANT' } });
  });
});
