/**
 * The SQLite implementation of repos/access-points-store.ts (table access_points, migration 021).
 * A deleted access point keeps its row (deleted = 1) while its name cannot be reused.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import type { DocRow, Scope } from '../types.js';
import type { AccessPointRecord, AccessPointStatus, AccessPointStore, DueAccessPoint } from '../repos/access-points-store.js';

type Row = { seq: number; data: string };
const parse = (data: string): AccessPointRecord => JSON.parse(data) as AccessPointRecord;
const rows = (list: unknown[]): DocRow<AccessPointRecord>[] => (list as Row[]).map((r) => ({ seq: r.seq, doc: parse(r.data) }));

export class SqliteAccessPointStore implements AccessPointStore {
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
  async onRecoveryPoints(pointArns: string[], except: readonly AccessPointStatus[]): Promise<AccessPointRecord[][]> {
    return Promise.all(pointArns.map((arn) => this.onRecoveryPoint(arn, except)));
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
