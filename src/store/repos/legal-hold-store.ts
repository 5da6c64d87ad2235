/**
 * Persistence of legal holds and of the recovery points each hold covers. The link table is
 * indexed both ways: by hold (listing, cancelling, purging) and by recovery point (the removal
 * guard answers with one index seek on a hash of the ARN, however many holds or points there
 * are). No rules here.
 */
import type { DocRow, Scope } from '../types.js';

export type LegalHoldStatus = 'CREATING' | 'ACTIVE' | 'CANCELING' | 'CANCELED';

export interface LegalHoldSelection {
  vaultNames?: string[];
  resourceIdentifiers?: string[];
  /** Inclusive epoch-ms bounds. */
  dateRange?: { fromDate: number; toDate: number };
}

/** A legal hold as stored. Times are epoch milliseconds. */
export interface LegalHoldRecord {
  id: string;
  arn: string;
  title: string;
  description: string;
  status: LegalHoldStatus;
  creationDate: number;
  /** When the covered recovery points were attached (the hold became ACTIVE). */
  activatedAt?: number;
  cancellationDate?: number;
  cancelDescription?: string;
  retainRecordUntil?: number;
  idempotencyToken?: string;
  /** Identifies the create request, so that a retry with the same token can be recognised. */
  requestFingerprint: string;
  selection?: LegalHoldSelection;
}

/** A recovery point as recorded under a hold. */
export interface HeldPoint {
  pointArn: string;
  vaultName: string;
  resourceArn: string;
  resourceType: string;
}

/** A position in a hold's list of points (keyset pagination, insertion order). */
export interface Positioned {
  position: number;
}

export interface DueHold extends Scope {
  dueAt: number;
  hold: LegalHoldRecord;
}

export interface LegalHoldStore {
  /** Inserts a new hold; dueAt is when the engine should next look at it (null: never). */
  insert(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void>;
  /** Replaces a hold's record and its engine due time. */
  update(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void>;
  get(scope: Scope, id: string): Promise<LegalHoldRecord | undefined>;
  byIdempotencyToken(scope: Scope, token: string): Promise<LegalHoldRecord | undefined>;
  /** The scope's holds whose record is still retained at visibleAt, after afterSeq, oldest first. */
  list(scope: Scope, options: { afterSeq: number; limit: number; visibleAt: number }): Promise<DocRow<LegalHoldRecord>[]>;
  /** How many of the account's holds, in every region, have one of the given statuses. */
  countInAccount(accountId: string, statuses: LegalHoldStatus[]): Promise<number>;
  withStatus(scope: Scope, status: LegalHoldStatus): Promise<LegalHoldRecord[]>;
  /** Deletes a hold and its links. */
  delete(scope: Scope, id: string): Promise<void>;
  /** Epoch ms of the earliest engine work, or undefined. */
  nextDue(): Promise<number | undefined>;
  /** Holds due at or before nowMs, earliest first. */
  due(nowMs: number, limit: number): Promise<DueHold[]>;

  /** Records that the hold covers these points and protects them (the caller gives each once). */
  attach(scope: Scope, holdId: string, points: HeldPoint[]): Promise<void>;
  /** Stops the hold protecting its points (the links stay as the hold's record). */
  deactivate(holdId: string): Promise<void>;
  /** The id of a hold that protects the point, or undefined. One index seek. */
  protectingHold(scope: Scope, pointArn: string): Promise<string | undefined>;
  /** protectingHold() of each point, in the order given, in one statement (the lifecycle's batches). */
  protectingHolds(points: (Scope & { pointArn: string })[]): Promise<(string | undefined)[]>;
  /** The hold's points after position `after` (0: from the start), in the order they were attached. */
  points(holdId: string, after: number, limit: number): Promise<(HeldPoint & Positioned)[]>;
  /** Like points, but only those that no hold protects any more. */
  unprotectedPoints(holdId: string, after: number, limit: number): Promise<({ pointArn: string } & Positioned)[]>;
}

/** A 53-bit hash of an ARN (cyrb53): a small, evenly spread index key. Equal ARNs are compared too. */
export function arnHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
