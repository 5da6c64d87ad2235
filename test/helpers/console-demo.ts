/**
 * A small, lifelike account for the console's screenshots and tests, made through the SDK and the
 * admin inventory route: three vaults (one under Vault Lock, one with an access policy and
 * notifications), a daily plan over tagged resources with a copy to a second vault, a resource
 * whose backups fail, a long on-demand job still running, a legal hold, a restore, an audit
 * framework and a report job.
 */
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateFrameworkCommand,
  CreateLegalHoldCommand,
  CreateReportPlanCommand,
  ListRecoveryPointsByBackupVaultCommand,
  PutBackupVaultAccessPolicyCommand,
  PutBackupVaultLockConfigurationCommand,
  PutBackupVaultNotificationsCommand,
  StartBackupJobCommand,
  StartReportJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { ROLE } from './backups.js';
import { ACCOUNT, type TestServer } from './server.js';

const VOL = (n: number): string => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0${n}23456789abcdef0`;
export const DEMO = {
  volumes: [1, 2, 3].map(VOL),
  table: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`,
  database: `arn:aws:rds:us-east-1:${ACCOUNT}:db:reporting`,
};

const HOUR = 3600;

export async function seedConsoleDemo(t: TestServer): Promise<void> {
  const c = t.client;
  for (const name of ['main', 'audit-copy', 'scratch']) await c.send(new CreateBackupVaultCommand({ BackupVaultName: name }));
  await c.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'main', MinRetentionDays: 1, MaxRetentionDays: 365, ChangeableForDays: 3 }));
  await c.send(new PutBackupVaultLockConfigurationCommand({ BackupVaultName: 'scratch', MinRetentionDays: 1 }));
  await c.send(
    new PutBackupVaultNotificationsCommand({ BackupVaultName: 'audit-copy', SNSTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:backup-events`, BackupVaultEvents: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED'] }),
  );
  await c.send(
    new PutBackupVaultAccessPolicyCommand({
      BackupVaultName: 'audit-copy',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: '*', Action: 'backup:DeleteRecoveryPoint', Resource: '*' }],
      }),
    }),
  );
  await t.admin('PUT', '/resources', {
    resources: [
      ...DEMO.volumes.map((arn, i) => ({ arn, tags: { backup: 'daily' }, backupDurationSeconds: 900 + i * 600 })),
      { arn: DEMO.table, tags: { backup: 'daily' }, backupOutcome: 'FAILED', failureMessage: 'Table orders is being deleted', backupDurationSeconds: 120 },
      { arn: DEMO.database, backupDurationSeconds: 6 * HOUR },
    ],
  });
  const plan = await c.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: 'daily',
        Rules: [
          {
            RuleName: 'nightly',
            TargetBackupVaultName: 'main',
            ScheduleExpression: 'cron(0 5 ? * * *)',
            StartWindowMinutes: 60,
            Lifecycle: { DeleteAfterDays: 7 },
            CopyActions: [{ DestinationBackupVaultArn: `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:audit-copy`, Lifecycle: { DeleteAfterDays: 30 } }],
          },
        ],
      },
    }),
  );
  await c.send(
    new CreateBackupSelectionCommand({
      BackupPlanId: plan.BackupPlanId,
      BackupSelection: { SelectionName: 'tagged', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] },
    }),
  );
  // Three nights of the plan.
  await t.advance(3 * 24 * HOUR);
  const points = (await c.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'main' }))).RecoveryPoints ?? [];
  await c.send(
    new CreateLegalHoldCommand({
      Title: 'case-2026-014',
      Description: 'Litigation hold on the first volume',
      RecoveryPointSelection: { VaultNames: ['main'], ResourceIdentifiers: [DEMO.volumes[0]!], DateRange: { FromDate: new Date(0), ToDate: new Date(Date.parse('2026-01-03T00:00:00Z')) } },
    }),
  );
  const first = points.find((p) => p.ResourceArn === DEMO.volumes[1] && p.Status === 'COMPLETED');
  if (first) await c.send(new StartRestoreJobCommand({ RecoveryPointArn: first.RecoveryPointArn, IamRoleArn: ROLE, Metadata: { availabilityZone: 'us-east-1a' } }));
  await c.send(
    new CreateFrameworkCommand({
      FrameworkName: 'baseline',
      FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }, { ControlName: 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN' }],
    }),
  );
  await t.admin('PUT', '/buckets/backup-reports');
  await c.send(
    new CreateReportPlanCommand({ ReportPlanName: 'jobs', ReportDeliveryChannel: { S3BucketName: 'backup-reports', Formats: ['CSV'] }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' } }),
  );
  await c.send(new StartReportJobCommand({ ReportPlanName: 'jobs' }));
  await c.send(new StartBackupJobCommand({ BackupVaultName: 'scratch', ResourceArn: DEMO.database, IamRoleArn: ROLE, Lifecycle: { DeleteAfterDays: 2 } }));
  await t.advance(2 * HOUR);
}
