/** Backup access points on PostgreSQL (see SqliteAccessPointStore, migration 007). */
import type { AccessPointRecord, AccessPointStatus, AccessPointStore, DueAccessPoint } from '../repos/access-points-store.js';
import type { DocRow, Scope } from '../types.js';
import type { PgSql } from './sql.js';

type Row = { seq: number; data: string };
const parse = (data: string): AccessPointRecord => JSON.parse(data) as AccessPointRecord;
const docs = (list: Row[]): DocRow<AccessPointRecord>[] => list.map((r) => ({ seq: r.seq, doc: parse(r.data) }));

export class PgAccessPointStore implements AccessPointStore {
  constructor(private readonly sql: PgSql) {}

  async insert(r: AccessPointRecord, dueAt: number | null): Promise<void> {
    await this.sql.run(
      `INSERT INTO access_points (arn, account, region, point_arn, resource_arn, status, deleted, due_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.arn, r.accountId, r.region, r.recoveryPointArn, r.resourceArn, r.status, r.deletedAt === undefined ? 0 : 1, dueAt, JSON.stringify(r)],
    );
  }
  async update(r: AccessPointRecord, dueAt: number | null): Promise<void> {
    await this.sql.run('UPDATE access_points SET status = ?, deleted = ?, due_at = ?, data = ? WHERE arn = ?', [
      r.status, r.deletedAt === undefined ? 0 : 1, dueAt, JSON.stringify(r), r.arn,
    ]);
  }
  async get(arn: string): Promise<AccessPointRecord | undefined> {
    const [row] = await this.sql.query<{ data: string }>('SELECT data FROM access_points WHERE arn = ?', [arn]);
    return row === undefined ? undefined : parse(row.data);
  }
  async list(scope: Scope, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return docs(await this.sql.query<Row>(
      'SELECT seq, data FROM access_points WHERE account = ? AND region = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?',
      [scope.accountId, scope.region, afterSeq, limit],
    ));
  }
  async listByRecoveryPoint(pointArn: string, accountId: string | undefined, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return docs(await (accountId === undefined
      ? this.sql.query<Row>('SELECT seq, data FROM access_points WHERE point_arn = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?', [pointArn, afterSeq, limit])
      : this.sql.query<Row>(
          'SELECT seq, data FROM access_points WHERE point_arn = ? AND account = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?',
          [pointArn, accountId, afterSeq, limit],
        )));
  }
  async listByResource(scope: Scope, resourceArn: string, afterSeq: number, limit: number): Promise<DocRow<AccessPointRecord>[]> {
    return docs(await this.sql.query<Row>(
      'SELECT seq, data FROM access_points WHERE account = ? AND region = ? AND resource_arn = ? AND deleted = 0 AND seq > ? ORDER BY seq LIMIT ?',
      [scope.accountId, scope.region, resourceArn, afterSeq, limit],
    ));
  }
  async countInScope(scope: Scope): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*) AS n FROM access_points WHERE account = ? AND region = ? AND deleted = 0', [
      scope.accountId, scope.region,
    ]);
    return row!.n;
  }
  async countForRecoveryPoint(accountId: string, pointArn: string): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*) AS n FROM access_points WHERE point_arn = ? AND account = ? AND deleted = 0', [
      pointArn, accountId,
    ]);
    return row!.n;
  }
  async onRecoveryPoint(pointArn: string, except: readonly AccessPointStatus[]): Promise<AccessPointRecord[]> {
    const found = await this.sql.query<{ status: AccessPointStatus; data: string }>(
      'SELECT status, data FROM access_points WHERE point_arn = ? AND deleted = 0 ORDER BY seq',
      [pointArn],
    );
    return found.filter((r) => !except.includes(r.status)).map((r) => parse(r.data));
  }
  async onRecoveryPoints(pointArns: string[], except: readonly AccessPointStatus[]): Promise<AccessPointRecord[][]> {
    if (pointArns.length === 0) return [];
    const found = await this.sql.query<{ point_arn: string; status: AccessPointStatus; data: string }>(
      'SELECT point_arn, status, data FROM access_points WHERE point_arn = ANY(?) AND deleted = 0 ORDER BY seq',
      [pointArns],
    );
    const byPoint = new Map<string, AccessPointRecord[]>();
    for (const r of found) if (!except.includes(r.status)) byPoint.set(r.point_arn, [...(byPoint.get(r.point_arn) ?? []), parse(r.data)]);
    return pointArns.map((arn) => byPoint.get(arn) ?? []);
  }
  async purge(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM access_points WHERE arn = ?', [arn]);
  }
  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_at) AS m FROM access_points WHERE due_at IS NOT NULL');
    return row?.m ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueAccessPoint[]> {
    const found = await this.sql.query<{ due_at: number; data: string }>(
      'SELECT due_at, data FROM access_points WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?',
      [nowMs, limit],
    );
    return found.map((r) => ({ dueAt: r.due_at, record: parse(r.data) }));
  }
}
