/** Backup, copy and restore jobs as stored (times are epoch ms), and their timing. */
import type { Lifecycle, RecoveryPointCreator } from '@aws-sdk/client-backup';
import type { JobColumns } from '../../store/repos/jobs-store.js';

/** When a job may start, must start by, must end by, and how long it runs. */
export interface JobTiming {
  /** When the job leaves CREATED/PENDING (if it starts at all). */
  startAt: number;
  /** The start window's end: a job not started by then EXPIRES. */
  startBy?: number;
  /** The complete window's end: a job still running then is cancelled. */
  completeBy?: number;
  durationMs: number;
  startedAt?: number;
  sizeBytes: number;
  /** What the job ends with if nothing interrupts it. */
  outcome: 'COMPLETED' | 'FAILED';
  /** StatusMessage / MessageCategory of that outcome. */
  outcomeMessage?: string;
  outcomeCategory?: string;
  statusMessage?: string;
  /** The state the job's last State Change event announced (jobs/job-events.ts). */
  eventState?: string;
}

export interface BackupJobRecord extends JobColumns, JobTiming {
  kind: 'backup';
  vault: string;
  vaultArn: string;
  vaultType: string;
  encryptionKeyArn: string;
  resourceName: string;
  iamRoleArn: string;
  recoveryPointArn: string;
  lifecycle?: Lifecycle;
  recoveryPointTags?: Record<string, string>;
  backupOptions?: Record<string, string>;
  backupType?: string;
  createdBy?: RecoveryPointCreator;
  initiationDate?: number;
  /** The resource was not in the inventory while --strict-resources was on. */
  unknownResource?: boolean;
  /** The source is not encrypted and the type's backups follow the source (inventory `encrypted: false`). */
  unencrypted?: boolean;
  /** Continuous backup (point-in-time recovery), set by backup plans. */
  continuous?: boolean;
  numberOfChildJobs?: number;
  childJobsInState?: Record<string, number>;
  /** A child of a stack backup: the parent's recovery point and the member's logical id. */
  parentRecoveryPointArn?: string;
  compositeMemberIdentifier?: string;
  /** StartBackupJob Index: ENABLED asks for a backup index of the new recovery point (services/indexes/). */
  index?: 'ENABLED';
  /** A DynamoDB backup started while DynamoDB's advanced features (full management) were on in the region. */
  advancedDynamoDB?: boolean;
  /** The logically air-gapped vault (ARN) that this job's point is copied into once it completes (jobs/air-gapped-target.ts). */
  airGappedCopyTo?: string;
}

export interface CopyDestination {
  accountId: string;
  region: string;
  vaultName: string;
}

export interface CopyJobRecord extends JobColumns, JobTiming {
  kind: 'copy';
  /** The destination vault ARN. */
  vault: string;
  sourceRecoveryPointArn: string;
  sourceVaultArn: string;
  sourceVaultName: string;
  destination: CopyDestination;
  resourceName: string;
  iamRoleArn: string;
  lifecycle?: Lifecycle;
  createdBy?: RecoveryPointCreator;
  createdByBackupJobId?: string;
  destinationRecoveryPointArn?: string;
  destinationEncryptionKeyArn?: string;
  destinationVaultType?: string;
  compositeMemberIdentifier?: string;
  numberOfChildJobs?: number;
  childJobsInState?: Record<string, number>;
  /** A child copy: the destination composite point it joins. A parent copy: the one it makes. */
  parentRecoveryPointArn?: string;
  plannedDestinationArn?: string;
  /** The source is the temporary point of a backup with a logically air-gapped target: removed once this copy completes. */
  removesSource?: boolean;
}

export interface RestoreJobRecord extends JobColumns, JobTiming {
  kind: 'restore';
  /** The source vault ARN. */
  vault: string;
  sourceRecoveryPointArn: string;
  recoveryPointCreationDate: number;
  metadata: Record<string, string>;
  iamRoleArn?: string;
  copySourceTags?: boolean;
  createdResourceArn?: string;
  /**
   * Object-level issues the restore completes with (the inventory's restoreFailureMessage and
   * restoreSkippedMessage): its status message, and the S3_/EKS_RESTORE_OBJECT_* notifications.
   */
  objectsFailed?: string;
  objectsSkipped?: string;
  /** Restore testing: PutRestoreValidationResult, and the deletion of the restored resource. */
  validationStatus?: string;
  validationStatusMessage?: string;
  deletionStatus?: string;
  deletionStatusMessage?: string;
}

export type JobRecord = BackupJobRecord | CopyJobRecord | RestoreJobRecord;

/** Told, inside each batch's transaction, of the backup jobs that completed in it (backup plans start their copy actions here). */
export type BackupCompletedListener = (jobs: BackupJobRecord[]) => Promise<void>;

/** Estimated progress of a job at nowMs, as AWS writes it ("42.0"). */
export function percentDone(job: JobTiming & { state: string; completionDate?: number }, nowMs: number): string {
  if (job.state === 'COMPLETED') return '100.0';
  if (job.startedAt === undefined) return '0.0';
  const end = job.completionDate ?? nowMs;
  const ratio = job.durationMs <= 0 ? 1 : Math.min(1, Math.max(0, (end - job.startedAt) / job.durationMs));
  return (Math.floor(ratio * 1000) / 10).toFixed(1);
}

/** Bytes moved so far at nowMs. */
export function bytesTransferred(job: JobTiming & { state: string; completionDate?: number }, nowMs: number): number {
  return Math.round((Number(percentDone(job, nowMs)) / 100) * job.sizeBytes);
}

export const newJobId = (uuid: string): string => uuid.toUpperCase();
