/**
 * The columns of every report template, in the order AWS documents them (developer guide,
 * "Choosing your report template", sample reports).
 */
import type { ReportTemplate } from './records.js';

const JOB_CONTEXT = [
  'backupPlanName', 'backupRuleName', 'backupRuleSchedule', 'backupRuleTimezone', 'startWindowEnd', 'backupOptions', 'isParentJob', 'parentJobId',
];
const VAULT_CONTEXT = ['vaultType', 'vaultLockStatus', 'isEncrypted', 'encryptionKeyArn', 'deleteAfterDays', 'moveToColdAfterDays', 'enableArchive'];

export const TEMPLATE_COLUMNS: Record<ReportTemplate, readonly string[]> = {
  BACKUP_JOB_REPORT: [
    'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'backupJobId', 'jobStatus', 'resourceType', 'resourceArn', 'resourceName',
    'backupPlanArn', 'backupRuleId', 'initiationDate', ...JOB_CONTEXT, 'creationDate', 'completionDate', 'recoveryPointArn', 'jobRunTime',
    'backupSizeInBytes', 'backupVaultName', 'backupVaultArn', ...VAULT_CONTEXT, 'iamRoleArn',
  ],
  COPY_JOB_REPORT: [
    'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'copyJobId', 'jobStatus', 'jobRunTime', 'resourceType', 'resourceArn',
    'resourceName', 'initiationDate', ...JOB_CONTEXT, 'creationDate', 'completionDate', 'backupSizeInBytes', 'sourceRecoveryPointArn',
    'sourceBackupVaultArn', 'destinationRecoveryPointArn', 'destinationBackupVaultArn', ...VAULT_CONTEXT, 'iamRoleArn',
  ],
  RESTORE_JOB_REPORT: [
    'reportTimePeriod', 'accountId', 'region', 'restoreJobId', 'jobStatus', 'recoveryPointArn', 'resourceName', 'initiationDate', ...JOB_CONTEXT,
    ...VAULT_CONTEXT, 'sourceResourceArn', 'backupVaultArn', 'creationDate', 'backupSizeInBytes', 'percentDone', 'iamRoleArn',
  ],
  SCAN_JOB_REPORT: [
    'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'scanJobId', 'scanId', 'malwareScanner', 'jobStatus', 'scanResultStatus',
    'statusMessage', 'resourceType', 'resourceArn', 'backupPlanArn', 'creationDate', 'recoveryPointArn', 'backupVaultName', 'backupVaultArn',
    'iamRoleArn', 'scannerRoleArn',
  ],
  CONTROL_COMPLIANCE_REPORT: [
    'accountId', 'region', 'frameworkName', 'frameworkDescription', 'controlName', 'controlComplianceStatus', 'lastEvaluationTime',
    'numResourcesCompliant', 'numResourcesNonCompliant', 'controlFrequency', 'controlScope', 'controlParameters',
  ],
  RESOURCE_COMPLIANCE_REPORT: [
    'accountId', 'region', 'frameworkName', 'frameworkDescription', 'controlName', 'resourceId', 'resourceType', 'resourceComplianceStatus',
    'lastEvaluationTime',
  ],
};
