/**
 * The composite (parent) recovery point of a stack backup or of a composite copy: the point its
 * job makes (jobs/job-points.ts), made when the first child point arrives (Status CREATING, no
 * size yet) and settled when its job ends (rollup.ts).
 */
import { backupPoint, copiedPoint } from '../recovery-points/job-points.js';
import type { BackupJobRecord, CopyJobRecord } from '../common/job-record.js';
import { restoreMetadataFor, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { VaultRecord } from '../vaults/vault-record.js';

/** The parent point of a stack backup job. */
export function backupParentPoint(job: BackupJobRecord, vault: VaultRecord, t: number): RecoveryPointRecord {
  return {
    ...backupPoint(job, vault, t),
    status: 'CREATING',
    backupSizeInBytes: 0,
    isEncrypted: undefined,
    continuous: undefined,
    restoreMetadata: restoreMetadataFor(job.resourceType, job.resourceArn, job.resourceName, job.region, 0),
    parentRecoveryPointArn: undefined,
    compositeMemberIdentifier: undefined,
    isParent: true,
    expectedChildren: job.numberOfChildJobs ?? 0,
  };
}

/** The destination composite of a parent copy job, from its source composite. */
export function copyParentPoint(job: CopyJobRecord, source: RecoveryPointRecord, vault: VaultRecord, t: number): RecoveryPointRecord {
  return {
    ...copiedPoint(job, source, vault, job.plannedDestinationArn!, t),
    resourceArn: job.resourceArn,
    resourceType: job.resourceType,
    resourceName: job.resourceName,
    status: 'CREATING',
    backupSizeInBytes: 0,
    lifecycleDue: undefined,
    parentRecoveryPointArn: undefined,
    compositeMemberIdentifier: undefined,
    isParent: true,
    expectedChildren: job.numberOfChildJobs ?? 0,
  };
}
