/**
 * Recovery points: one row each, filterable members as indexed columns, the record as JSON.
 * No business rules here.
 */
import type { Scope } from '../types.js';

export interface RecoveryPointColumns extends Scope {
  arn: string;
  vaultName: string;
  resourceArn: string;
  resourceType: string;
  status: string;
  storageClass: string;
  /** Epoch ms. */
  creationDate: number;
  backupPlanId?: string;
  parentRecoveryPointArn?: string;
  isParent?: boolean;
  compositeMemberIdentifier?: string;
  /** Epoch ms of the next lifecycle step (cold storage or deletion); undefined when none. */
  lifecycleDue?: number;
}

export interface RecoveryPointFilter extends Scope {
  vaultName?: string;
  vaultNames?: string[];
  resourceArn?: string;
  resourceArns?: string[];
  resourceType?: string;
  backupPlanId?: string;
  parentRecoveryPointArn?: string;
  createdBefore?: number;
  createdAfter?: number;
}

export interface ProtectedResourceRow {
  resourceArn: string;
  resourceType: string;
  lastBackupTime: number;
  vaultName: string;
  recoveryPointArn: string;
  accountId: string;
  region: string;
}

export interface RecoveryPointsStore {
  insert(points: RecoveryPointColumns[]): Promise<void>;
  update(points: RecoveryPointColumns[]): Promise<void>;
  delete(arns: string[]): Promise<void>;
  get<P extends RecoveryPointColumns>(arn: string): Promise<P | undefined>;
  list<P extends RecoveryPointColumns>(filter: RecoveryPointFilter, afterSeq: number, limit: number): Promise<{ seq: number; point: P }[]>;
  /**
   * The seq of every point matching the filter, ascending: one pass whatever the filter (a keyset
   * walk of `list` with several vaults or resources sorts on every page). For legal holds.
   */
  matchingSeqs(filter: RecoveryPointFilter): Promise<number[]>;
  /** The indexed columns (no JSON record) of these points, in seq order. */
  columnsBySeq(seqs: number[]): Promise<RecoveryPointColumns[]>;
  count(scope: Scope, vaultName: string): Promise<number>;
  /** count() of each vault, in the order given, in one statement (a page of ListBackupVaults). */
  counts(vaults: (Scope & { vaultName: string })[]): Promise<number[]>;
  /** The number of recovery points of every account and Region that has some, from the per-vault counts. */
  scopeCounts(): Promise<(Scope & { count: number })[]>;
  nextLifecycleDue(): Promise<number | undefined>;
  lifecycleDue<P extends RecoveryPointColumns>(nowMs: number, limit: number): Promise<P[]>;
  /**
   * Makes points waiting for a later lifecycle retry due at nowMs: every EXPIRED one, or the named
   * ones (whatever their status; a point with nothing due just gets its next due time again).
   */
  retryExpired(nowMs: number, arns?: string[]): Promise<number>;
  /** Resources with recovery points (optionally in one vault), by ARN after afterArn, with their latest point. */
  protectedResources(scope: Scope, vaultName: string | undefined, afterArn: string, limit: number): Promise<ProtectedResourceRow[]>;
  /** One resource's latest recovery point, as protectedResources answers it. */
  protectedResource(scope: Scope, resourceArn: string): Promise<ProtectedResourceRow | undefined>;
}
