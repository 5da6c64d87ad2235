/**
 * The calls the Terraform AWS provider makes, replayed through the SDK with the members it sends
 * (hashicorp/terraform-provider-aws, internal/service/backup/). Terraform cannot run here; each
 * test names the provider function it replays and what the provider does with the answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateFrameworkCommand,
  CreateReportPlanCommand,
  CreateRestoreTestingPlanCommand,
  CreateRestoreTestingSelectionCommand,
  DeleteBackupPlanCommand,
  DescribeFrameworkCommand,
  DescribeRegionSettingsCommand,
  DescribeReportPlanCommand,
  GetBackupPlanCommand,
  GetRestoreTestingSelectionCommand,
  UpdateFrameworkCommand,
  UpdateRegionSettingsCommand,
  UpdateReportPlanCommand,
  UpdateRestoreTestingSelectionCommand,
} from '@aws-sdk/client-backup';
import { randomUUID } from 'node:crypto';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';

/** The provider's id.UniqueId(): a fresh idempotency token or creator request id per call. */
const uniqueId = (): string => `terraform-${randomUUID().replaceAll('-', '')}`.slice(0, 36);
const ROLE = `arn:aws:iam::${ACCOUNT}:role/tf-acc-test`;

describe('what the Terraform AWS provider sends and relies on', () => {
  const t = suiteServer({ vaults: ['tf-vault'] });

  it('plan.go findPlanByID: a plan deleted outside Terraform is ResourceNotFoundException; its VersionId still reads it', async () => {
    // resourcePlanCreate: CreateBackupPlan with the rule's defaults the schema sets (60 / 180 minutes).
    const plan = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'tf_acc_test_plan',
          Rules: [{ RuleName: 'rule', TargetBackupVaultName: 'tf-vault', ScheduleExpression: 'cron(0 12 * * ? *)', StartWindowMinutes: 60, CompletionWindowMinutes: 180 }],
        },
      }),
    );
    // Someone deletes it (the provider's own resourcePlanDelete sends the same).
    await t.client.send(new DeleteBackupPlanCommand({ BackupPlanId: plan.BackupPlanId }));
    // resourcePlanRead -> findPlanByID -> findPlan: GetBackupPlan with BackupPlanId only; on
    // ResourceNotFoundException the resource leaves the state (and testAccCheckPlanDestroy passes).
    const read = await errorOf(() => t.client.send(new GetBackupPlanCommand({ BackupPlanId: plan.BackupPlanId })));
    assert.equal(read.name, 'ResourceNotFoundException');
    // Asked for its VersionId, AWS still answers the deleted version, with its DeletionDate.
    const version = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: plan.BackupPlanId, VersionId: plan.VersionId }));
    assert.ok(version.DeletionDate instanceof Date);
    assert.equal(version.BackupPlan?.BackupPlanName, 'tf_acc_test_plan');
  });

  it('region_settings.go: UpdateRegionSettings with the documented example, then DescribeRegionSettings reads every key back', async () => {
    // website/docs/r/backup_region_settings.html.markdown, "Example Usage" (DSQL, Redshift Serverless).
    const optIn = {
      Aurora: true, CloudFormation: true, DocumentDB: true, DSQL: true, DynamoDB: true, EBS: true, EC2: true, EFS: true, FSx: true, Neptune: true,
      Redshift: true, 'Redshift Serverless': false, RDS: false, S3: false, 'SAP HANA on Amazon EC2': false, 'Storage Gateway': false, VirtualMachine: false,
    };
    const management = { CloudFormation: true, DSQL: true, DynamoDB: false, EFS: false };
    // resourceRegionSettingsUpdate sends both maps as configured.
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: optIn, ResourceTypeManagementPreference: management }));
    // resourceRegionSettingsRead sets both attributes from DescribeRegionSettings: every
    // configured key must come back with its value (else a perpetual diff).
    const read = await t.client.send(new DescribeRegionSettingsCommand({}));
    for (const [type, value] of Object.entries(optIn)) assert.equal(read.ResourceTypeOptInPreference?.[type], value, type);
    assert.deepEqual(read.ResourceTypeManagementPreference, management);
    // The acceptance test's configuration (testdata/RegionSettings/basic/main_gen.tf) adds Timestream.
    await t.client.send(new UpdateRegionSettingsCommand({ ResourceTypeOptInPreference: { ...optIn, Timestream: true } }));
    assert.equal((await t.client.send(new DescribeRegionSettingsCommand({}))).ResourceTypeOptInPreference?.Timestream, true);
  });

  it('restore_testing_selection.go: conditions name tags as aws:ResourceTag/<key> (restore_testing_selection_test.go, _updates)', async () => {
    // resourceRestoreTestingPlanCreate with the test's plan (schedule_timezone and windows defaulted by the schema).
    await t.client.send(
      new CreateRestoreTestingPlanCommand({
        RestoreTestingPlan: {
          RestoreTestingPlanName: 'tf_acc_test_plan',
          ScheduleExpression: 'cron(0 12 ? * * *)',
          ScheduleExpressionTimezone: 'UTC',
          StartWindowHours: 24,
          RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], ExcludeVaults: [], RecoveryPointTypes: ['CONTINUOUS'], SelectionWindowDays: 30 },
        },
      }),
    );
    // Create (testAccRestoreTestingSelectionConfig_basic): fwflex.Expand of the model.
    await t.client.send(
      new CreateRestoreTestingSelectionCommand({
        CreatorRequestId: uniqueId(),
        RestoreTestingPlanName: 'tf_acc_test_plan',
        RestoreTestingSelection: { RestoreTestingSelectionName: 'tf_acc_test', ProtectedResourceType: 'EC2', IamRoleArn: ROLE, ProtectedResourceArns: ['*'] },
      }),
    );
    // Update (testAccRestoreTestingSelectionConfig_updates): protected_resource_arns keeps ["*"] from the state.
    const conditions = { StringEquals: [{ Key: 'aws:ResourceTag/backup', Value: 'true' }] };
    await t.client.send(
      new UpdateRestoreTestingSelectionCommand({
        RestoreTestingPlanName: 'tf_acc_test_plan',
        RestoreTestingSelectionName: 'tf_acc_test',
        RestoreTestingSelection: {
          IamRoleArn: ROLE,
          ProtectedResourceArns: ['*'],
          ProtectedResourceConditions: conditions,
          RestoreMetadataOverrides: { instanceType: 't2.micro' },
          ValidationWindowHours: 10,
        },
      }),
    );
    const read = await t.client.send(new GetRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'tf_acc_test_plan', RestoreTestingSelectionName: 'tf_acc_test' }));
    assert.deepEqual(read.RestoreTestingSelection?.ProtectedResourceConditions?.StringEquals, conditions.StringEquals);
    assert.equal(read.RestoreTestingSelection?.ValidationWindowHours, 10);
  });

  it('framework.go and report_plan.go: an update with no description configured sends "" and is accepted', async () => {
    // resourceFrameworkCreate: no description configured, so none is sent.
    const controls = [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }];
    await t.client.send(new CreateFrameworkCommand({ IdempotencyToken: uniqueId(), FrameworkName: 'tf_acc_test_framework', FrameworkControls: controls }));
    await t.advance(60);
    // resourceFrameworkUpdate: FrameworkDescription: aws.String(d.Get("description").(string)).
    await t.client.send(
      new UpdateFrameworkCommand({ IdempotencyToken: uniqueId(), FrameworkName: 'tf_acc_test_framework', FrameworkDescription: '', FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' }] }),
    );
    assert.equal((await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'tf_acc_test_framework' }))).FrameworkDescription, '');

    // resourceReportPlanCreate: a compliance template without framework_arns, formats not configured.
    await t.client.send(
      new CreateReportPlanCommand({
        IdempotencyToken: uniqueId(),
        ReportPlanName: 'tf_acc_test_report',
        ReportDeliveryChannel: { S3BucketName: 'tf-test-bucket' },
        ReportSetting: { ReportTemplate: 'RESOURCE_COMPLIANCE_REPORT' },
      }),
    );
    await t.advance(60);
    // resourceReportPlanRead (flattenReportDeliveryChannel, flattenReportSetting): formats unset
    // in the configuration must read back unset, framework_arns too, number_of_frameworks 0.
    let plan = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'tf_acc_test_report' }))).ReportPlan!;
    assert.equal(plan.ReportDeliveryChannel?.Formats, undefined);
    assert.equal(plan.ReportSetting?.FrameworkArns, undefined);
    assert.equal(plan.ReportSetting?.NumberOfFrameworks ?? 0, 0);
    // resourceReportPlanUpdate: ReportPlanDescription: aws.String(d.Get("description").(string)).
    await t.client.send(
      new UpdateReportPlanCommand({
        IdempotencyToken: uniqueId(),
        ReportPlanName: 'tf_acc_test_report',
        ReportPlanDescription: '',
        ReportDeliveryChannel: { S3BucketName: 'tf-test-bucket', Formats: ['CSV'] },
        ReportSetting: { ReportTemplate: 'RESOURCE_COMPLIANCE_REPORT' },
      }),
    );
    await t.advance(60);
    plan = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'tf_acc_test_report' }))).ReportPlan!;
    assert.equal(plan.DeploymentStatus, 'COMPLETED');
    assert.equal(plan.ReportPlanDescription, '');
    assert.deepEqual(plan.ReportDeliveryChannel?.Formats, ['CSV']);
  });
});
