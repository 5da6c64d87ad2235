/**
 * The composite (parent) recovery point of a stack backup or of a composite copy. It is made when
 * the first child point arrives (Status CREATING) and settled when its job ends (rollup.ts).
 */
import type { BackupJobRecord, CopyJobRecord } from '../jobs/job-record.js';
import { restoreMetadataFor, type RecoveryPointRecord } from '../recovery-points/record.js';
import type { VaultRecord } from '../vaults/vault-record.js';

/** The parent point of a stack backup job. */
export function backupParentPoint(job: BackupJobRecord, vault: VaultRecord, t: number): RecoveryPointRecord {
  return {
    arn: job.recoveryPointArn,
    accountId: job.accountId,
    region: job.region,
    vaultName: vault.name,
    vaultArn: vault.arn,
    vaultType: vault.vaultType,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    resourceName: job.resourceName,
    status: 'CREATING',
    storageClass: 'WARM',
    creationDate: job.creationDate,
    initiationDate: job.initiationDate,
    completionDate: t,
    backupSizeInBytes: 0,
    backupPlanId: job.createdBy?.BackupPlanId,
    createdBy: job.createdBy,
    iamRoleArn: job.iamRoleArn,
    lifecycle: job.lifecycle,
    encryptionKeyArn: vault.encryptionKeyArn,
    restoreMetadata: restoreMetadataFor(job.resourceType, job.resourceArn, job.resourceName, job.region, 0),
    createdByJobId: job.id,
    isParent: true,
    expectedChildren: job.numberOfChildJobs ?? 0,
  };
}

/** The destination composite of a parent copy job, from its source composite. */
export function copyParentPoint(job: CopyJobRecord, source: RecoveryPointRecord, vault: VaultRecord, t: number): RecoveryPointRecord {
  return {
    ...source,
    arn: job.plannedDestinationArn!,
    accountId: job.destination.accountId,
    region: job.destination.region,
    vaultName: vault.name,
    vaultArn: vault.arn,
    vaultType: vault.vaultType,
    sourceBackupVaultArn: job.sourceVaultArn,
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    resourceName: job.resourceName,
    status: 'CREATING',
    statusMessage: undefined,
    storageClass: 'WARM',
    creationDate: job.creationDate,
    completionDate: t,
    backupSizeInBytes: 0,
    lifecycle: job.lifecycle,
    lifecycleDue: undefined,
    encryptionKeyArn: vault.encryptionKeyArn,
    createdBy: job.createdBy,
    iamRoleArn: job.iamRoleArn,
    backupPlanId: job.createdBy?.BackupPlanId,
    lastRestoreTime: undefined,
    continuous: undefined,
    parentRecoveryPointArn: undefined,
    compositeMemberIdentifier: undefined,
    isParent: true,
    createdByJobId: job.id,
    expectedChildren: job.numberOfChildJobs ?? 0,
  };
}
