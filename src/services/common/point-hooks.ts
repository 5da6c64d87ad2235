/**
 * The extension points of recovery points other domains contribute to (Contributions.
 * pointAnnotators, pointsCreated, pointsRemoved): members of recovery point outputs they own
 * (IndexStatus, ScanResults) and hooks on created and deleted points. recovery-points/ runs them.
 */
import type { AggregatedScanResult, IndexStatus, ScanResult } from '@aws-sdk/client-backup';
import type { JobColumns } from '../../store/repos/jobs-store.js';
import type { RecoveryPointRecord } from './recovery-point-record.js';

export interface PointAnnotation {
  IndexStatus?: IndexStatus;
  IndexStatusMessage?: string;
  /** DescribeRecoveryPoint only. */
  ScanResults?: ScanResult[];
  /** ListRecoveryPointsByBackupVault and ListRecoveryPointsByResource only. */
  AggregatedScanResult?: AggregatedScanResult;
}

export type PointAnnotator = (points: RecoveryPointRecord[]) => Promise<Map<string, PointAnnotation>>;

/**
 * Called with new recovery points inside the transaction that creates them (job worker, copies).
 * A hook's own store.atomically joins that transaction (it commits or rolls back with it). creators, when given, holds
 * the jobs that made the points, by id, as the caller has them (a store read per point spared).
 */
export type PointsCreatedHook = (points: RecoveryPointRecord[], nowMs: number, creators?: ReadonlyMap<string, JobColumns>) => Promise<void>;

/**
 * Called with recovery points being deleted, inside the transaction that deletes them, just before
 * their rows go: what goes with them (a backup index, ON DELETE CASCADE) can still be read. Scan
 * jobs of a deleted point may then go; a removed index is announced DELETED.
 */
export type PointsRemovedHook = (points: RecoveryPointRecord[]) => Promise<void>;

/** What other domains contribute to recovery points, in composition order (bound by the composer). */
export interface PointExtensions {
  annotators: readonly PointAnnotator[];
  created: readonly PointsCreatedHook[];
  removed: readonly PointsRemovedHook[];
}
