/**
 * Malware scan jobs: one row per job, with the filterable members as indexed columns and the
 * whole record as JSON (table scan_jobs, migration 013). No business rules here.
 */
import type { Scope } from '../types.js';

/** The members of a scan job that are columns. A scan job record extends this; the store keeps it whole. */
export interface ScanJobColumns extends Scope {
  id: string;
  state: string;
  vaultName: string;
  recoveryPointArn: string;
  resourceArn: string;
  resourceType: string;
  malwareScanner: string;
  /** ScanResultStatus once the job has ended. */
  scanResult?: string;
  creationDate: number;
  completionDate?: number;
  /** Epoch ms of the next transition; undefined once the job is final. */
  dueAt?: number;
  idempotencyToken?: string;
}

export interface ScanJobFilter {
  region: string;
  /** undefined lists every account in the region. */
  accountId?: string;
  state?: string;
  vaultName?: string;
  recoveryPointArn?: string;
  resourceArn?: string;
  resourceType?: string;
  malwareScanner?: string;
  scanResult?: string;
  completeBefore?: number;
  completeAfter?: number;
  /** Only jobs still open or that ended after this instant (the list's window). */
  endedAfter?: number;
}

export interface ScanJobCountRow {
  accountId: string;
  state: string;
  resourceType: string;
  malwareScanner: string;
  scanResult: string | null;
  bucket: number;
  count: number;
}

export interface ScanJobsStore {
  insert(job: ScanJobColumns): Promise<void>;
  /** Rewrites jobs (in the caller's transaction); only state, result, completion, due time and data change. */
  update(jobs: ScanJobColumns[]): Promise<void>;
  get<J extends ScanJobColumns>(id: string): Promise<J | undefined>;
  byIdempotencyToken<J extends ScanJobColumns>(scope: Scope, token: string): Promise<J | undefined>;
  /** Jobs matching the filter after keyset position afterSeq, in creation order (limit -1: all). */
  list<J extends ScanJobColumns>(filter: ScanJobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]>;
  /** The ended jobs (completion date set) of these recovery points of one scope, in creation order. */
  endedForPoints<J extends ScanJobColumns>(scope: Scope, pointArns: string[]): Promise<J[]>;
  /**
   * The jobs of one resource in these states, newest first, created before keyset position
   * beforeSeq (undefined: from the newest), at most limit (incremental scans look for their base).
   */
  ofResource<J extends ScanJobColumns>(scope: Scope, resourceArn: string, states: string[], beforeSeq: number | undefined, limit: number): Promise<{ seq: number; job: J }[]>;
  nextDue(): Promise<number | undefined>;
  /** Every job whose next transition is due by nowMs, earliest first. */
  due<J extends ScanJobColumns>(nowMs: number, limit: number): Promise<J[]>;
  /** Counts of jobs created in [fromMs, toMs) by account, state, type, scanner, result and bucket of bucketMs. */
  counts(region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<ScanJobCountRow[]>;
  /** The Regions in which an account has scan jobs, in order (audit reports with Regions ["*"]). */
  regionsOf(accountId: string): Promise<string[]>;
  /**
   * Jobs of one scope created before toMs that ended at or after fromMs, in (completion date, seq)
   * order after `after` (audit reports, keyset batches).
   */
  endedSince<J extends ScanJobColumns>(scope: Scope, fromMs: number, toMs: number, after: ScanJobEndPosition | undefined, limit: number): Promise<{ jobs: J[]; last?: ScanJobEndPosition }>;
  /** Jobs of one scope created before toMs that have not ended, in seq order after afterSeq (audit reports). */
  openBefore<J extends ScanJobColumns>(scope: Scope, toMs: number, afterSeq: number, limit: number): Promise<{ jobs: J[]; lastSeq?: number }>;
  /** Notes that these recovery points (of one scope or several) are deleted: their scan jobs may go. */
  pointsGone(points: { accountId: string; region: string; arn: string }[]): Promise<void>;
  /** The completion date of the oldest ended job whose recovery point is deleted (index scan_jobs_gone). */
  oldestGone(): Promise<number | undefined>;
  /** Deletes up to limit ended jobs whose recovery point is deleted and that ended at or before endedBy; answers how many. */
  deleteGone(endedBy: number, limit: number): Promise<number>;
}

/** Keyset position among ended scan jobs: (completion date, seq). */
export interface ScanJobEndPosition {
  completionDate: number;
  seq: number;
}
