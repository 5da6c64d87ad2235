/** Legal holds and the points they cover on PostgreSQL (see SqliteLegalHoldStore and migration 003). */
import { arnHash, type DueHold, type HeldPoint, type LegalHoldRecord, type LegalHoldStatus, type LegalHoldStore, type Positioned } from '../repos/legal-hold-store.js';
import type { DocRow, Scope } from '../types.js';
import type { PgSql } from './sql.js';

type Data = { data: string };
const parse = (row: Data | undefined): LegalHoldRecord | undefined => (row === undefined ? undefined : (JSON.parse(row.data) as LegalHoldRecord));

export class PgLegalHoldStore implements LegalHoldStore {
  constructor(private readonly sql: PgSql) {}

  async insert(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void> {
    await this.sql.run(
      'INSERT INTO legal_holds (account, region, id, status, idempotency_token, due_at, retain_until, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [scope.accountId, scope.region, hold.id, hold.status, hold.idempotencyToken ?? null, dueAt, hold.retainRecordUntil ?? null, JSON.stringify(hold)],
    );
  }
  async update(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void> {
    await this.sql.run('UPDATE legal_holds SET status = ?, due_at = ?, retain_until = ?, data = ? WHERE account = ? AND region = ? AND id = ?', [
      hold.status, dueAt, hold.retainRecordUntil ?? null, JSON.stringify(hold), scope.accountId, scope.region, hold.id,
    ]);
  }
  async get(scope: Scope, id: string): Promise<LegalHoldRecord | undefined> {
    const [row] = await this.sql.query<Data>('SELECT data FROM legal_holds WHERE id = ? AND account = ? AND region = ?', [id, scope.accountId, scope.region]);
    return parse(row);
  }
  async byIdempotencyToken(scope: Scope, token: string): Promise<LegalHoldRecord | undefined> {
    const [row] = await this.sql.query<Data>('SELECT data FROM legal_holds WHERE account = ? AND region = ? AND idempotency_token = ?', [
      scope.accountId, scope.region, token,
    ]);
    return parse(row);
  }
  async list(scope: Scope, o: { afterSeq: number; limit: number; visibleAt: number }): Promise<DocRow<LegalHoldRecord>[]> {
    const rows = await this.sql.query<{ seq: number; data: string }>(
      'SELECT seq, data FROM legal_holds WHERE account = ? AND region = ? AND seq > ? AND (retain_until IS NULL OR retain_until > ?) ORDER BY seq LIMIT ?',
      [scope.accountId, scope.region, o.afterSeq, o.visibleAt, o.limit],
    );
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as LegalHoldRecord }));
  }
  async countInAccount(accountId: string, statuses: LegalHoldStatus[]): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*) AS n FROM legal_holds WHERE account = ? AND status = ANY(?)', [accountId, statuses]);
    return row!.n;
  }
  async withStatus(scope: Scope, status: LegalHoldStatus): Promise<LegalHoldRecord[]> {
    const rows = await this.sql.query<Data>('SELECT data FROM legal_holds WHERE account = ? AND status = ? AND region = ? ORDER BY seq', [
      scope.accountId, status, scope.region,
    ]);
    return rows.map((r) => JSON.parse(r.data) as LegalHoldRecord);
  }
  async delete(scope: Scope, id: string): Promise<void> {
    await this.sql.run('DELETE FROM legal_hold_points WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?)', [id]);
    await this.sql.run('DELETE FROM legal_holds WHERE account = ? AND region = ? AND id = ?', [scope.accountId, scope.region, id]);
  }
  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_at) AS m FROM legal_holds WHERE due_at IS NOT NULL');
    return row?.m ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueHold[]> {
    const rows = await this.sql.query<{ account: string; region: string; due_at: number; data: string }>(
      'SELECT account, region, due_at, data FROM legal_holds WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ accountId: r.account, region: r.region, dueAt: r.due_at, hold: JSON.parse(r.data) as LegalHoldRecord }));
  }
  async attach(scope: Scope, holdId: string, points: HeldPoint[]): Promise<void> {
    const [hold] = await this.sql.query<{ seq: number }>('SELECT seq FROM legal_holds WHERE id = ?', [holdId]);
    if (hold === undefined) throw new Error(`No legal hold ${holdId}`);
    if (points.length === 0) return;
    // One statement per batch, in the given order (id is the position).
    await this.sql.run(
      `INSERT INTO legal_hold_points (hold_seq, point_hash, active, account, region, point_arn, vault_name, resource_arn, resource_type)
       SELECT ?, h, 1, ?, ?, a, v, r, t FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS p(h, a, v, r, t, n)
       ORDER BY n`,
      [
        hold.seq, scope.accountId, scope.region,
        points.map((p) => arnHash(p.pointArn)), points.map((p) => p.pointArn), points.map((p) => p.vaultName),
        points.map((p) => p.resourceArn), points.map((p) => p.resourceType),
      ],
    );
  }
  async deactivate(holdId: string): Promise<void> {
    await this.sql.run('UPDATE legal_hold_points SET active = 0 WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND active = 1', [holdId]);
  }
  async protectingHold(scope: Scope, pointArn: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ id: string }>(
      `SELECT h.id FROM legal_hold_points p JOIN legal_holds h ON h.seq = p.hold_seq
       WHERE p.point_hash = ? AND p.active = 1 AND p.point_arn = ? AND p.account = ? AND p.region = ? LIMIT 1`,
      [arnHash(pointArn), pointArn, scope.accountId, scope.region],
    );
    return row?.id;
  }
  async protectingHolds(points: (Scope & { pointArn: string })[]): Promise<(string | undefined)[]> {
    if (points.length === 0) return [];
    const rows = await this.sql.query<{ id: string | null }>(
      `SELECT held.id FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS q (hash, arn, account, region, i)
       LEFT JOIN LATERAL (SELECT h.id FROM legal_hold_points p JOIN legal_holds h ON h.seq = p.hold_seq
         WHERE p.point_hash = q.hash AND p.active = 1 AND p.point_arn = q.arn AND p.account = q.account AND p.region = q.region LIMIT 1) held ON true
       ORDER BY q.i`,
      [points.map((p) => arnHash(p.pointArn)), points.map((p) => p.pointArn), points.map((p) => p.accountId), points.map((p) => p.region)],
    );
    return rows.map((r) => r.id ?? undefined);
  }
  async points(holdId: string, after: number, limit: number): Promise<(HeldPoint & Positioned)[]> {
    const rows = await this.sql.query<{ id: number; point_arn: string; vault_name: string; resource_arn: string; resource_type: string }>(
      `SELECT id, point_arn, vault_name, resource_arn, resource_type FROM legal_hold_points
       WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND id > ? ORDER BY id LIMIT ?`,
      [holdId, after, limit],
    );
    return rows.map((r) => ({ position: r.id, pointArn: r.point_arn, vaultName: r.vault_name, resourceArn: r.resource_arn, resourceType: r.resource_type }));
  }
  async unprotectedPoints(holdId: string, after: number, limit: number): Promise<({ pointArn: string } & Positioned)[]> {
    const rows = await this.sql.query<{ id: number; point_arn: string }>(
      `SELECT p.id, p.point_arn FROM legal_hold_points p
       WHERE p.hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND p.id > ?
         AND NOT EXISTS (SELECT 1 FROM legal_hold_points q
                         WHERE q.point_hash = p.point_hash AND q.active = 1 AND q.point_arn = p.point_arn
                           AND q.account = p.account AND q.region = p.region)
       ORDER BY p.id LIMIT ?`,
      [holdId, after, limit],
    );
    return rows.map((r) => ({ position: r.id, pointArn: r.point_arn }));
  }
}
