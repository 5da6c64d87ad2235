/**
 * Backup indexes of recovery points: one row per recovery point that has an index (table
 * recovery_point_indexes, migration 013; a row goes with its recovery point). No business rules.
 */
import type { Scope } from '../types.js';

export interface PointIndexColumns extends Scope {
  /** The recovery point's ARN. */
  arn: string;
  sourceResourceArn: string;
  resourceType: string;
  status: string;
  /** Epoch ms: the recovery point's creation. */
  backupCreationDate: number;
  /** Epoch ms of the next transition (PENDING -> ACTIVE, DELETING -> gone); undefined when none. */
  dueAt?: number;
}

export interface PointIndexFilter extends Scope {
  sourceResourceArn?: string;
  resourceType?: string;
  status?: string;
  createdBefore?: number;
  createdAfter?: number;
}

export interface PointIndexesStore {
  /** Inserts or replaces the index row of a recovery point (a replaced row moves to the end of the list order). */
  put(index: PointIndexColumns): Promise<void>;
  update(indexes: PointIndexColumns[]): Promise<void>;
  delete(arns: string[]): Promise<void>;
  get<I extends PointIndexColumns>(arn: string): Promise<I | undefined>;
  /** The index rows of these recovery points (those that have one). */
  getMany<I extends PointIndexColumns>(arns: string[]): Promise<I[]>;
  list<I extends PointIndexColumns>(filter: PointIndexFilter, afterSeq: number, limit: number): Promise<{ seq: number; index: I }[]>;
  nextDue(): Promise<number | undefined>;
  due<I extends PointIndexColumns>(nowMs: number, limit: number): Promise<I[]>;
}
