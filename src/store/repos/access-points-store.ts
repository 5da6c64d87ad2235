/**
 * Persistence of backup access points: one record per name in an account and Region, listed by
 * scope, by recovery point and by backed-up resource in creation order, and found by the engine
 * by due time (SQLite: sqlite/access-points-store.ts, migration 021). No rules here: which
 * statuses protect a recovery point, and what a deleted access point's record is kept for, are
 * the domain's (services/access-points/).
 */
import type { DocRow, Scope } from '../types.js';

export type AccessPointStatus = 'CREATING' | 'AVAILABLE' | 'DELETING' | 'FAILED' | 'EXPIRED' | 'DISASSOCIATING' | 'DISASSOCIATED';

/** A backup access point as stored (it lives in accountId/region). Times are epoch milliseconds. */
export interface AccessPointRecord extends Scope {
  arn: string;
  name: string;
  recoveryPointArn: string;
  resourceArn: string;
  resourceType: string;
  vaultName: string;
  vaultArn: string;
  status: AccessPointStatus;
  statusMessage?: string;
  creationTime: number;
  /** AccessPointMetadata as answered: AccessPointInTime, then S3AccessPointArn and S3AccessPointAlias. */
  metadata: Record<string, string>;
  policy?: string;
  /** Identifies the create request, so that a retry of the same request is recognised. */
  requestFingerprint: string;
  /** Set once deleted: the row then only keeps the name from reuse. */
  deletedAt?: number;
  /** The restore access backup vault the recovery point was reached through (another account's point). */
  viaVaultArn?: string;
  /** A fault injected through the admin API, applied when the pending create or delete ends. */
  fault?: 'CREATE_FAILS' | 'DELETE_FAILS';
  /** The last status announced to the event outbox (DELETED once gone). */
  announced?: string;
}

export interface DueAccessPoint {
  dueAt: number;
  record: AccessPointRecord;
}

export interface AccessPointStore {
  /** Inserts a record whose ARN is new; dueAt is when the engine should next look at it (null: never). */
  insert(record: AccessPointRecord, dueAt: number | null): Promise<void>;
  update(record: AccessPointRecord, dueAt: number | null): Promise<void>;
  /** The record of that ARN, deleted or not. */
  get(arn: string): Promise<AccessPointRecord | undefined>;
  /** The scope's live access points after afterSeq, oldest first. */
  list(scope: Scope, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]>;
  /** A recovery point's live access points (of one account, or of every account) after afterSeq. */
  listByRecoveryPoint(pointArn: string, accountId: string | undefined, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]>;
  /** The scope's live access points of one backed-up resource after afterSeq. */
  listByResource(scope: Scope, resourceArn: string, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]>;
  /** How many live access points the scope has. */
  countInScope(scope: Scope): Promise<number>;
  /** How many live access points the account has on the recovery point, whatever their status. */
  countForRecoveryPoint(accountId: string, pointArn: string): Promise<number>;
  /** The recovery point's live access points (any account) whose status is not one of `except`. */
  onRecoveryPoint(pointArn: string, except: readonly AccessPointStatus[]): Promise<AccessPointRecord[]>;
  /** onRecoveryPoint() of each point, in the order given, in one statement (the lifecycle's batches). */
  onRecoveryPoints(pointArns: string[], except: readonly AccessPointStatus[]): Promise<AccessPointRecord[][]>;
  /** Removes the row (the name becomes free). */
  purge(arn: string): Promise<void>;
  nextDue(): Promise<number | undefined>;
  due(nowMs: number, limit: number): Promise<DueAccessPoint[]>;
}
