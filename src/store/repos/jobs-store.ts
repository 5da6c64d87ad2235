/**
 * Backup, copy and restore jobs: one table, one row per job, with the filterable members as
 * indexed columns and the whole record as JSON. No business rules here.
 */
import type { Scope } from '../types.js';

export type JobKind = 'backup' | 'copy' | 'restore';

/** The members of a job that are columns. A job record extends this; the store keeps it whole. */
export interface JobColumns extends Scope {
  kind: JobKind;
  id: string;
  state: string;
  resourceArn: string;
  resourceType: string;
  /** backup: vault name; copy: destination vault ARN; restore: source vault ARN. */
  vault?: string;
  /** copy: source recovery point ARN; restore: the recovery point restored. */
  sourceRecoveryPointArn?: string;
  messageCategory?: string;
  creationDate: number;
  completionDate?: number;
  recoveryPointCreationDate?: number;
  planArn?: string;
  parentJobId?: string;
  isParent?: boolean;
  /** Epoch ms of the next transition; undefined once the job is final. */
  dueAt?: number;
  idempotencyToken?: string;
}

export interface JobFilter {
  kind: JobKind;
  region: string;
  /** undefined lists every account in the region. */
  accountId?: string;
  state?: string;
  resourceArn?: string;
  resourceType?: string;
  vault?: string;
  sourceRecoveryPointArn?: string;
  messageCategory?: string;
  parentJobId?: string;
  planArn?: string;
  createdBefore?: number;
  createdAfter?: number;
  completeBefore?: number;
  completeAfter?: number;
  rpCreatedBefore?: number;
  rpCreatedAfter?: number;
  /** Only jobs still open or that ended after this instant (the lists' window). */
  endedAfter?: number;
}

/** A resource's latest completed restore job, kept beyond the job's own record (DescribeProtectedResource). */
export interface LatestRestore {
  jobId: string;
  creationDate: number;
  completionDate: number;
  recoveryPointCreationDate: number;
}

export interface JobCountRow {
  accountId: string;
  state: string;
  resourceType: string;
  messageCategory: string | null;
  bucket: number;
  count: number;
}

/** An account and Region with jobs, and how many (at most the cap asked for). */
export interface JobScopeCount extends Scope {
  jobs: number;
  /** The scope has more jobs than `jobs`: counting stopped at the cap. */
  capped: boolean;
}

export interface JobsStore {
  insert(job: JobColumns): Promise<void>;
  /** insert() of each job, in order (their seqs ascend with it), in one statement (a stack's jobs). */
  insertAll(jobs: JobColumns[]): Promise<void>;
  /** Rewrites jobs (all in the caller's transaction); kind, id, scope, resource, vault and parent are fixed at insert. */
  update(jobs: JobColumns[]): Promise<void>;
  get<J extends JobColumns>(kind: JobKind, id: string): Promise<J | undefined>;
  byIdempotencyToken<J extends JobColumns>(kind: JobKind, scope: Scope, token: string): Promise<J | undefined>;
  /** Jobs matching the filter after keyset position afterSeq, in creation order. */
  list<J extends JobColumns>(filter: JobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]>;
  nextDue(): Promise<number | undefined>;
  /** The RUNNING backup jobs of a resource that do work, composite parents left out (AWS runs at most one at a time). */
  runningBackups<J extends JobColumns>(scope: Scope, resourceArn: string, limit: number): Promise<J[]>;
  /** runningBackups() of each resource, in the order given, in one statement (a batch of the job worker). */
  runningBackupsOf<J extends JobColumns>(resources: (Scope & { resourceArn: string })[], limit: number): Promise<J[][]>;
  /** Every job whose next transition is due by nowMs, earliest first. */
  due<J extends JobColumns>(nowMs: number, limit: number): Promise<J[]>;
  /** How many children of a parent job are in each state (index jobs_parent). */
  childStates(kind: JobKind, scope: Scope, parentJobId: string): Promise<Record<string, number>>;
  /** Counts of jobs created in [fromMs, toMs) by account, state, type, category and bucket of bucketMs. */
  counts(kind: JobKind, region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<JobCountRow[]>;
  /**
   * Every account and Region with jobs of any kind, each with its job count up to cap (per kind):
   * one seek of jobs_order per scope and kind to find them, one bounded count each; no scan.
   */
  scopes(cap: number): Promise<JobScopeCount[]>;
  /** The completion date of the oldest ended job that is not a child job (index jobs_ended). */
  oldestEnded(): Promise<number | undefined>;
  /**
   * Deletes up to limit ended jobs that are not child jobs and ended at or before endedBy, oldest
   * first, each with its child jobs (a composite parent's); answers how many it deleted (children
   * not counted).
   */
  deleteEnded(endedBy: number, limit: number): Promise<number>;
  /** Records completed restore jobs as their resources' latest when none later is recorded (ties: the later completion). */
  noteRestores(jobs: JobColumns[]): Promise<void>;
  latestRestore(scope: Scope, resourceArn: string): Promise<LatestRestore | undefined>;
}
