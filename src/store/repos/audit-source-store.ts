/**
 * What Backup Audit Manager reads from other domains' tables, for job reports and compliance
 * controls: jobs in keyset batches by account, Region and period, and where a resource has
 * recovery points in any account and Region. Read only; no business rules here.
 */
import type { JobColumns, JobKind } from './jobs-store.js';

/** Keyset position among finished jobs: (completion date, seq). */
export interface FinishedPosition {
  completionDate: number;
  seq: number;
}

export interface RecoveryPointPlace {
  accountId: string;
  region: string;
  status: string;
}

export interface AuditSourceStore {
  /** The Regions in which an account has jobs of this kind, in order. */
  jobRegions(kind: JobKind, accountId: string): Promise<string[]>;
  /**
   * Jobs of one account and Region created before toMs that finished at or after fromMs, in
   * (completion date, seq) order after `after`.
   */
  finishedJobs<J extends JobColumns>(
    kind: JobKind, accountId: string, region: string, fromMs: number, toMs: number, after: FinishedPosition | undefined, limit: number,
  ): Promise<{ jobs: J[]; last?: FinishedPosition }>;
  /** Jobs of one account and Region created before toMs that have not finished, in seq order after afterSeq. */
  openJobs<J extends JobColumns>(kind: JobKind, accountId: string, region: string, toMs: number, afterSeq: number, limit: number): Promise<{ jobs: J[]; lastSeq?: number }>;
  /** Every account, Region and status in which the resource has recovery points. */
  recoveryPointPlaces(resourceArn: string): Promise<RecoveryPointPlace[]>;
}
