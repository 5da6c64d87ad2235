/**
 * Members of recovery point outputs that other domains own: the backup index status
 * (services/indexes/) and malware scan results (services/scan/). Each domain registers an
 * annotator on RecoveryPointService.annotators; the service merges what they answer into
 * DescribeRecoveryPoint and both ListRecoveryPoints operations. An annotator reads only (one
 * batched query per page), and answers nothing for points it knows nothing about.
 */
import type { AggregatedScanResult, IndexStatus, ScanResult } from '@aws-sdk/client-backup';
import type { JobColumns } from '../../store/repos/jobs-store.js';
import type { RecoveryPointRecord } from './record.js';

export interface PointAnnotation {
  IndexStatus?: IndexStatus;
  IndexStatusMessage?: string;
  /** DescribeRecoveryPoint only. */
  ScanResults?: ScanResult[];
  /** ListRecoveryPointsByBackupVault and ListRecoveryPointsByResource only. */
  AggregatedScanResult?: AggregatedScanResult;
}

export type PointAnnotator = (points: RecoveryPointRecord[]) => Promise<Map<string, PointAnnotation>>;

/** Runs every annotator over the points and merges their answers by recovery point ARN. */
export async function annotate(annotators: PointAnnotator[], points: RecoveryPointRecord[]): Promise<Map<string, PointAnnotation>> {
  const merged = new Map<string, PointAnnotation>();
  if (points.length === 0) return merged;
  for (const annotator of annotators) {
    for (const [arn, a] of await annotator(points)) merged.set(arn, { ...merged.get(arn), ...a });
  }
  return merged;
}

/**
 * Called with new recovery points inside the transaction that creates them (job worker, copies).
 * A hook's own store.atomically joins that transaction (it commits or rolls back with it). creators, when given, holds
 * the jobs that made the points, by id, as the caller has them (a store read per point spared).
 */
export type PointsCreatedHook = (points: RecoveryPointRecord[], nowMs: number, creators?: ReadonlyMap<string, JobColumns>) => Promise<void>;

/** Called with deleted recovery points inside the transaction that deletes them (scan jobs of a deleted point may then go). */
export type PointsRemovedHook = (points: RecoveryPointRecord[]) => Promise<void>;
