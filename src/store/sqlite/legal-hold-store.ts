/**
 * The SQLite implementation of repos/legal-hold-store.ts.
 *
 * Persistence of legal holds and of the recovery points each hold covers. The link table is
 * indexed both ways: by hold (listing, cancelling, purging) and by recovery point (the removal
 * guard answers with one index seek on a hash of the ARN, however many holds or points there
 * are). No rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import type { DocRow, Scope } from '../types.js';
import { arnHash, type DueHold, type HeldPoint, type LegalHoldRecord, type LegalHoldStatus, type LegalHoldStore, type Positioned } from '../repos/legal-hold-store.js';

export class SqliteLegalHoldStore implements LegalHoldStore {
  private readonly s: Record<string, Statement>;
  private readonly counts = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      insert: p(
        'INSERT INTO legal_holds (account, region, id, status, idempotency_token, due_at, retain_until, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      update: p('UPDATE legal_holds SET status = ?, due_at = ?, retain_until = ?, data = ? WHERE account = ? AND region = ? AND id = ?'),
      get: p('SELECT data FROM legal_holds WHERE id = ? AND account = ? AND region = ?').pluck(),
      byToken: p('SELECT data FROM legal_holds WHERE account = ? AND region = ? AND idempotency_token = ?').pluck(),
      list: p(
        'SELECT seq, data FROM legal_holds WHERE account = ? AND region = ? AND seq > ? AND (retain_until IS NULL OR retain_until > ?) ORDER BY seq LIMIT ?',
      ),
      withStatus: p('SELECT data FROM legal_holds WHERE account = ? AND status = ? AND region = ? ORDER BY seq').pluck(),
      delete: p('DELETE FROM legal_holds WHERE account = ? AND region = ? AND id = ?'),
      deleteLinks: p('DELETE FROM legal_hold_points WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?)'),
      nextDue: p('SELECT MIN(due_at) FROM legal_holds WHERE due_at IS NOT NULL').pluck(),
      due: p('SELECT account, region, due_at, data FROM legal_holds WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?'),
      seqOf: p('SELECT seq FROM legal_holds WHERE id = ?').pluck(),
      attach: p(
        `INSERT INTO legal_hold_points (hold_seq, point_hash, active, account, region, point_arn, vault_name, resource_arn, resource_type)
         VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)`,
      ),
      deactivate: p('UPDATE legal_hold_points SET active = 0 WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND active = 1'),
      protecting: p(
        `SELECT h.id FROM legal_hold_points p JOIN legal_holds h ON h.seq = p.hold_seq
         WHERE p.point_hash = ? AND p.active = 1 AND p.point_arn = ? AND p.account = ? AND p.region = ? LIMIT 1`,
      ).pluck(),
      points: p(
        `SELECT id, point_arn, vault_name, resource_arn, resource_type FROM legal_hold_points
         WHERE hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND id > ? ORDER BY id LIMIT ?`,
      ),
      unprotected: p(
        `SELECT p.id, p.point_arn FROM legal_hold_points p
         WHERE p.hold_seq = (SELECT seq FROM legal_holds WHERE id = ?) AND p.id > ?
           AND NOT EXISTS (SELECT 1 FROM legal_hold_points q
                           WHERE q.point_hash = p.point_hash AND q.active = 1 AND q.point_arn = p.point_arn
                             AND q.account = p.account AND q.region = p.region)
         ORDER BY p.id LIMIT ?`,
      ),
    };
  }

  async insert(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void> {
    this.s.insert!.run(
      scope.accountId,
      scope.region,
      hold.id,
      hold.status,
      hold.idempotencyToken ?? null,
      dueAt,
      hold.retainRecordUntil ?? null,
      JSON.stringify(hold),
    );
  }
  async update(scope: Scope, hold: LegalHoldRecord, dueAt: number | null): Promise<void> {
    this.s.update!.run(hold.status, dueAt, hold.retainRecordUntil ?? null, JSON.stringify(hold), scope.accountId, scope.region, hold.id);
  }
  async get(scope: Scope, id: string): Promise<LegalHoldRecord | undefined> {
    return parse(this.s.get!.get(id, scope.accountId, scope.region));
  }
  async byIdempotencyToken(scope: Scope, token: string): Promise<LegalHoldRecord | undefined> {
    return parse(this.s.byToken!.get(scope.accountId, scope.region, token));
  }
  async list(scope: Scope, o: { afterSeq: number; limit: number; visibleAt: number }): Promise<DocRow<LegalHoldRecord>[]> {
    const rows = this.s.list!.all(scope.accountId, scope.region, o.afterSeq, o.visibleAt, o.limit) as { seq: number; data: string }[];
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as LegalHoldRecord }));
  }
  async countInAccount(accountId: string, statuses: LegalHoldStatus[]): Promise<number> {
    const key = statuses.join(',');
    let stmt = this.counts.get(key);
    if (!stmt) {
      const marks = statuses.map(() => '?').join(', ');
      stmt = this.db.prepare(`SELECT count(*) FROM legal_holds WHERE account = ? AND status IN (${marks})`).pluck();
      this.counts.set(key, stmt);
    }
    return stmt.get(accountId, ...statuses) as number;
  }
  async withStatus(scope: Scope, status: LegalHoldStatus): Promise<LegalHoldRecord[]> {
    return (this.s.withStatus!.all(scope.accountId, status, scope.region) as string[]).map((d) => JSON.parse(d) as LegalHoldRecord);
  }
  async delete(scope: Scope, id: string): Promise<void> {
    this.s.deleteLinks!.run(id);
    this.s.delete!.run(scope.accountId, scope.region, id);
  }
  async nextDue(): Promise<number | undefined> {
    return (this.s.nextDue!.get() as number | null) ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueHold[]> {
    const rows = this.s.due!.all(nowMs, limit) as { account: string; region: string; due_at: number; data: string }[];
    return rows.map((r) => ({ accountId: r.account, region: r.region, dueAt: r.due_at, hold: JSON.parse(r.data) as LegalHoldRecord }));
  }
  async attach(scope: Scope, holdId: string, points: HeldPoint[]): Promise<void> {
    const seq = this.s.seqOf!.get(holdId) as number | undefined;
    if (seq === undefined) throw new Error(`No legal hold ${holdId}`);
    const stmt = this.s.attach!;
    for (const p of points) {
      stmt.run(seq, arnHash(p.pointArn), scope.accountId, scope.region, p.pointArn, p.vaultName, p.resourceArn, p.resourceType);
    }
  }
  async deactivate(holdId: string): Promise<void> {
    this.s.deactivate!.run(holdId);
  }
  async protectingHold(scope: Scope, pointArn: string): Promise<string | undefined> {
    return this.s.protecting!.get(arnHash(pointArn), pointArn, scope.accountId, scope.region) as string | undefined;
  }
  async protectingHolds(points: (Scope & { pointArn: string })[]): Promise<(string | undefined)[]> {
    return points.map((p) => this.s.protecting!.get(arnHash(p.pointArn), p.pointArn, p.accountId, p.region) as string | undefined);
  }
  async points(holdId: string, after: number, limit: number): Promise<(HeldPoint & Positioned)[]> {
    const rows = this.s.points!.all(holdId, after, limit) as {
      id: number;
      point_arn: string;
      vault_name: string;
      resource_arn: string;
      resource_type: string;
    }[];
    return rows.map((r) => ({
      position: r.id,
      pointArn: r.point_arn,
      vaultName: r.vault_name,
      resourceArn: r.resource_arn,
      resourceType: r.resource_type,
    }));
  }
  async unprotectedPoints(holdId: string, after: number, limit: number): Promise<({ pointArn: string } & Positioned)[]> {
    const rows = this.s.unprotected!.all(holdId, after, limit) as { id: number; point_arn: string }[];
    return rows.map((r) => ({ position: r.id, pointArn: r.point_arn }));
  }
}

const parse = (data: unknown): LegalHoldRecord | undefined =>
  typeof data === 'string' ? (JSON.parse(data) as LegalHoldRecord) : undefined;

