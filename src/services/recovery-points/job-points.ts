/**
 * The recovery point a completing backup or copy job makes (the job worker adds it; a composite's
 * parent point is this point, CREATING, with parent markers: composite/parent-points.ts).
 */
import { restoreMetadataFor, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import type { BackupJobRecord, CopyJobRecord } from '../common/job-record.js';

/** The COMPLETED point of a backup job, in its vault at t. */
export function backupPoint(job: BackupJobRecord, vault: VaultRecord, t: number): RecoveryPointRecord {
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
    status: 'COMPLETED',
    storageClass: 'WARM',
    creationDate: job.creationDate,
    initiationDate: job.initiationDate,
    completionDate: t,
    backupSizeInBytes: job.sizeBytes,
    backupPlanId: job.createdBy?.BackupPlanId,
    createdBy: job.createdBy,
    iamRoleArn: job.iamRoleArn,
    lifecycle: job.lifecycle,
    encryptionKeyArn: vault.encryptionKeyArn,
    isEncrypted: job.unencrypted ? false : undefined,
    continuous: job.continuous,
    restoreMetadata: restoreMetadataFor(job.resourceType, job.resourceArn, job.resourceName, job.region, job.sizeBytes),
    createdByJobId: job.id,
    parentRecoveryPointArn: job.parentRecoveryPointArn,
    compositeMemberIdentifier: job.compositeMemberIdentifier,
  };
}

/** The COMPLETED copy (ARN arn) of source that a copy job makes in its destination vault at t. */
export function copiedPoint(job: CopyJobRecord, source: RecoveryPointRecord, vault: VaultRecord, arn: string, t: number): RecoveryPointRecord {
  return {
    ...source,
    arn,
    accountId: job.destination.accountId,
    region: job.destination.region,
    vaultName: vault.name,
    vaultArn: vault.arn,
    vaultType: vault.vaultType,
    sourceBackupVaultArn: job.sourceVaultArn,
    status: 'COMPLETED',
    statusMessage: undefined,
    storageClass: 'WARM',
    creationDate: job.creationDate,
    completionDate: t,
    lifecycle: job.lifecycle,
    encryptionKeyArn: vault.encryptionKeyArn,
    createdBy: job.createdBy,
    iamRoleArn: job.iamRoleArn,
    backupPlanId: job.createdBy?.BackupPlanId,
    lastRestoreTime: undefined,
    continuous: undefined,
    parentRecoveryPointArn: job.parentRecoveryPointArn,
    isParent: undefined,
    compositeMemberIdentifier: job.compositeMemberIdentifier,
    expectedChildren: undefined,
    createdByJobId: job.id,
  };
}
