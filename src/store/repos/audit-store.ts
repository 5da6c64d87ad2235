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

/**
 * Report jobs are kept whole; the store reads only their indexed members. A reader names the
 * record type it stored (the audit service's ReportJobRecord), as with JobsStore.
 */
export interface AuditStore extends ScheduleStore {
  insertJob(job: IndexedReportJob): Promise<void>;
  updateJob(job: IndexedReportJob): Promise<void>;
  getJob<J extends IndexedReportJob>(id: string): Promise<J | undefined>;
  findJobByToken<J extends IndexedReportJob>(scope: Scope, planName: string, token: string): Promise<J | undefined>;
  /** Newest first, strictly before the keyset position `beforeSeq` when given. */
  listJobs<J extends IndexedReportJob>(scope: Scope, filter: ReportJobFilter, beforeSeq: number | undefined, limit: number): Promise<{ seq: number; job: J }[]>;
}
