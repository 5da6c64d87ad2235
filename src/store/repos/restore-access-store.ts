/**
 * Persistence of restore access backup vaults as their source vault sees them: one row per
 * restore access vault, indexed by source vault (listing, revoking, the deletion check) and by
 * engine due time (the approval worker). No rules here.
 */
import type { DocRow, Scope } from '../types.js';

/** A restore access vault, as listed under its source vault. Times are epoch milliseconds. */
export interface RestoreAccessLink {
  arn: string;
  /** Where the restore access vault itself lives (the requester's account and region). */
  accountId: string;
  region: string;
  name: string;
  source: Scope & { vaultName: string };
  vaultState: 'CREATING' | 'AVAILABLE' | 'FAILED';
  creationDate: number;
  approvalDate?: number;
}

export interface DueLink {
  dueAt: number;
  link: RestoreAccessLink;
}

export interface RestoreAccessStore {
  /** Inserts a link; dueAt is when the engine should next look at it (null: never). */
  insert(link: RestoreAccessLink, dueAt: number | null): Promise<void>;
  update(link: RestoreAccessLink, dueAt: number | null): Promise<void>;
  get(arn: string): Promise<RestoreAccessLink | undefined>;
  /** The source vault's restore access vaults after afterSeq, oldest first. */
  listBySource(source: Scope, vaultName: string, afterSeq: number, limit: number): Promise<DocRow<RestoreAccessLink>[]>;
  /** Whether the source vault has any restore access vault. */
  hasAny(source: Scope, vaultName: string): Promise<boolean>;
  delete(arn: string): Promise<void>;
  nextDue(): Promise<number | undefined>;
  due(nowMs: number, limit: number): Promise<DueLink[]>;
}
