/** Backup indexes of recovery points as stored (times are epoch ms), and their timing. */
import type { GetRecoveryPointIndexDetailsOutput, IndexedRecoveryPoint } from '@aws-sdk/client-backup';
import type { PointIndexColumns } from '../../store/repos/recovery-point-indexes-store.js';
import { optionalDate as date } from '../common/time.js';

/** PENDING -> ACTIVE after this long. */
export const INDEX_CREATION_MS = 10 * 60_000;
/** DELETING -> gone after this long. */
export const INDEX_DELETION_MS = 60_000;
/** Holdfast counts one indexed item (file or object) per MiB of backup. */
const BYTES_PER_ITEM = 1024 * 1024;

export type IndexStatusValue = 'PENDING' | 'ACTIVE' | 'FAILED' | 'DELETING';

export interface PointIndexRecord extends PointIndexColumns {
  status: IndexStatusValue;
  vaultName: string;
  vaultArn: string;
  iamRoleArn?: string;
  indexCreationDate: number;
  indexCompletionDate?: number;
  indexDeletionDate?: number;
  statusMessage?: string;
  totalItemsIndexed?: number;
  /** Of the recovery point, for TotalItemsIndexed. */
  backupSizeInBytes: number;
  /** Set when the index is to fail (the inventory's indexOutcome FAILED): its IndexStatusMessage then. */
  failsWith?: string;
}

export const itemsIn = (sizeBytes: number): number => Math.max(1, Math.ceil(sizeBytes / BYTES_PER_ITEM));

export const STATUS_MESSAGES: Record<IndexStatusValue, string | undefined> = {
  PENDING: 'The backup index is being created.',
  ACTIVE: undefined,
  FAILED: 'The backup index could not be created.',
  DELETING: 'The backup index is being deleted.',
};

export function indexDetails(i: PointIndexRecord): GetRecoveryPointIndexDetailsOutput {
  return {
    RecoveryPointArn: i.arn,
    BackupVaultArn: i.vaultArn,
    SourceResourceArn: i.sourceResourceArn,
    IndexCreationDate: new Date(i.indexCreationDate),
    IndexDeletionDate: date(i.indexDeletionDate),
    IndexCompletionDate: date(i.indexCompletionDate),
    IndexStatus: i.status,
    IndexStatusMessage: i.statusMessage,
    TotalItemsIndexed: i.totalItemsIndexed,
  };
}

export function indexedPoint(i: PointIndexRecord): IndexedRecoveryPoint {
  return {
    RecoveryPointArn: i.arn,
    SourceResourceArn: i.sourceResourceArn,
    IamRoleArn: i.iamRoleArn,
    BackupCreationDate: new Date(i.backupCreationDate),
    ResourceType: i.resourceType,
    IndexCreationDate: new Date(i.indexCreationDate),
    IndexStatus: i.status,
    IndexStatusMessage: i.statusMessage,
    BackupVaultArn: i.vaultArn,
  };
}
