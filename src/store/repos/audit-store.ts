/**
 * Persistence of Backup Audit Manager's time-driven steps and report jobs (migration 005).
 * Frameworks, report plans and the organization are low-volume and live in the docs table.
 */
import type { Scope } from '../types.js';

export interface ScheduledStep extends Scope {
  kind: string;
  id: string;
  dueMs: number;
}

/** The members of a report job the store indexes; the rest of the record is kept as JSON. */
export interface IndexedReportJob extends Scope {
  id: string;
  planName: string;
  status: string;
  /** Epoch ms. */
  creationTime: number;
  idempotencyToken?: string;
}

export interface ReportJobFilter {
  planName?: string;
  status?: string;
  /** Exclusive epoch-ms bounds on creationTime. */
  createdAfter?: number;
  createdBefore?: number;
}

export interface ScheduleStore {
  /** Sets (or moves) the due time of one pending step. */
  schedule(step: ScheduledStep): Promise<void>;
  unschedule(kind: string, scope: Scope, id: string): Promise<void>;
  /** The earliest due time of any pending step (an indexed MIN). */
  nextDue(): Promise<number | undefined>;
  /** Pending steps due at or before nowMs, earliest first. */
  dueSteps(nowMs: number, limit: number): Promise<ScheduledStep[]>;
}

/** A report job's upload waiting in the report outbox (SQLite migration 024, PostgreSQL 025). */
export interface PendingUpload extends Scope {
  jobId: string;
  /** The business instant the job ran: what the report is as of. */
  atMs: number;
  /** Business time of the next attempt. */
  dueMs: number;
  /** Attempts started so far. */
  attempts: number;
  lastError?: string;
}

/**
 * The report outbox: `enqueueUpload` and `removeUpload` run in the caller's transaction (with the
 * job's state change); the attempt calls (`dueUploads`, `claimUpload`, `uploadFailed`) run outside
 * any transaction, each one statement.
 */
export interface ReportUploadOutbox {
  enqueueUpload(upload: Omit<PendingUpload, 'attempts' | 'lastError'>): Promise<void>;
  /** The earliest due time of any pending upload (an indexed MIN). */
  nextUploadDue(): Promise<number | undefined>;
  /** Uploads due at or before nowMs, earliest first. */
  dueUploads(nowMs: number, limit: number): Promise<PendingUpload[]>;
  /**
   * Starts the next attempt of an upload last seen with `attempts` attempts: true for exactly one
   * caller (whichever instance). It counts the attempt and moves the upload's due time to
   * retryAtMs, when it is due again should this attempt never end.
   */
  claimUpload(jobId: string, attempts: number, retryAtMs: number): Promise<boolean>;
  /** Records why the attempt failed; the upload stays due at its retry time. */
  uploadFailed(jobId: string, error: string): Promise<void>;
  removeUpload(jobId: string): Promise<void>;
}

/**
 * Report jobs are kept whole; the store reads only their indexed members. A reader names the
 * record type it stored (the audit service's ReportJobRecord), as with JobsStore.
 */
export interface AuditStore extends ScheduleStore, ReportUploadOutbox {
  insertJob(job: IndexedReportJob): Promise<void>;
  updateJob(job: IndexedReportJob): Promise<void>;
  getJob<J extends IndexedReportJob>(id: string): Promise<J | undefined>;
  findJobByToken<J extends IndexedReportJob>(scope: Scope, planName: string, token: string): Promise<J | undefined>;
  /** Newest first, strictly before the keyset position `beforeSeq` when given. */
  listJobs<J extends IndexedReportJob>(scope: Scope, filter: ReportJobFilter, beforeSeq: number | undefined, limit: number): Promise<{ seq: number; job: J }[]>;
}
