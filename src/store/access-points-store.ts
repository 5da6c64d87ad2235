/**
 * Persistence of backup access points (migration 021). The repository is the AccessPointStore
 * interface; SQLite implements it here and a PostgreSQL version can implement the same interface
 * (its SQL is portable but for the partial index). No rules here: which statuses protect a
 * recovery point, and what a deleted access point's row is for, are the domain's
 * (services/access-points/).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { perDatabase } from './sqlite-store.js';
import type { DocRow, Scope, Store } from './types.js';

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
  /** Removes the row (the name becomes free). */
  purge(arn: string): Promise<void>;
  nextDue(): Promise<number | undefined>;
  due(nowMs: number, limit: number): Promise<DueAccessPoint[]>;
}

type Row = { seq: number; data: string };
const parse = (data: string): AccessPointRecord => JSON.parse(data) as AccessPointRecord;
const rows = (list: unknown[]): DocRow<AccessPointRecord>[] => (list as Row[]).map((r) => ({ seq: r.seq, doc: parse(r.data) }));

class SqliteAccessPointStore implements AccessPointStore {
  private readonly s: Record<string, Statement>;

  constructor(db: Db) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      insert: p(
        `INSERT INTO access_points (arn, account, region, point_arn, resource_arn, status, deleted, due_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: p('UPDATE access_points SET status = ?, deleted = ?, due_at = ?, data = ? WHERE arn = ?'),
      get: p('SELECT data FROM access_points WHERE arn = ?').pluck(),
      list: p('SELECT seq, data FROM access_points WHERE account = ? AND region = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?'),
      byPoint: p('SELECT seq, data FROM access_points WHERE point_arn = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?'),
      byPointOf: p('SELECT seq, data FROM access_points WHERE point_arn = ? AND account = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?'),
      byResource: p(
        'SELECT seq, data FROM access_points WHERE account = ? AND region = ? AND resource_arn = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?',
      ),
      countInScope: p('SELECT COUNT(*) FROM access_points WHERE account = ? AND region = ? AND deleted = 0').pluck(),
      countForPoint: p('SELECT COUNT(*) FROM access_points WHERE point_arn = ? AND account = ? AND deleted = 0').pluck(),
      onPoint: p('SELECT status, data FROM access_points WHERE point_arn = ? AND deleted = 0 ORDER BY seq'),
      purge: p('DELETE FROM access_points WHERE arn = ?'),
      nextDue: p('SELECT MIN(due_at) FROM access_points WHERE due_at IS NOT NULL').pluck(),
      due: p('SELECT due_at, data FROM access_points WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?'),
    };
  }

  async insert(r: AccessPointRecord, dueAt: number | null): Promise<void> {
    this.s.insert!.run(r.arn, r.accountId, r.region, r.recoveryPointArn, r.resourceArn, r.status, r.deletedAt === undefined ? 0 : 1, dueAt, JSON.stringify(r));
  }
  async update(r: AccessPointRecord, dueAt: number | null): Promise<void> {
    this.s.update!.run(r.status, r.deletedAt === undefined ? 0 : 1, dueAt, JSON.stringify(r), r.arn);
  }
  async get(arn: string): Promise<AccessPointRecord | undefined> {
    const data = this.s.get!.get(arn) as string | undefined;
    return data === undefined ? undefined : parse(data);
  }
  async list(scope: Scope, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return rows(this.s.list!.all(scope.accountId, scope.region, afterSeq, limit));
  }
  async listByRecoveryPoint(pointArn: string, accountId: string | undefined, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return rows(accountId === undefined ? this.s.byPoint!.all(pointArn, afterSeq, limit) : this.s.byPointOf!.all(pointArn, accountId, afterSeq, limit));
  }
  async listByResource(scope: Scope, resourceArn: string, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return rows(this.s.byResource!.all(scope.accountId, scope.region, resourceArn, afterSeq, limit));
  }
  async countInScope(scope: Scope): Promise<number> {
    return this.s.countInScope!.get(scope.accountId, scope.region) as number;
  }
  async countForRecoveryPoint(accountId: string, pointArn: string): Promise<number> {
    return this.s.countForPoint!.get(pointArn, accountId) as number;
  }
  async onRecoveryPoint(pointArn: string, except: readonly AccessPointStatus[]): Promise<AccessPointRecord[]> {
    const found = this.s.onPoint!.all(pointArn) as { status: AccessPointStatus; data: string }[];
    return found.filter((r) => !except.includes(r.status)).map((r) => parse(r.data));
  }
  async purge(arn: string): Promise<void> {
    this.s.purge!.run(arn);
  }
  async nextDue(): Promise<number | undefined> {
    return (this.s.nextDue!.get() as number | null) ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueAccessPoint[]> {
    const found = this.s.due!.all(nowMs, limit) as { due_at: number; data: string }[];
    return found.map((r) => ({ dueAt: r.due_at, record: parse(r.data) }));
  }
}

/** The access point repository of a store (SQLite today; see the interface above for another backend). */
export const accessPointStoreFor: (store: Store) => AccessPointStore = perDatabase((db) => new SqliteAccessPointStore(db));
