/**
 * The SQLite implementation of repos/recovery-points-store.ts.
 *
 * Recovery points: one row each, filterable members as indexed columns, the record as JSON.
 * No business rules here.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { columnsOfRow, POINT_COLUMNS, RECOVERY_POINT_FILTER_COLUMNS, type ColumnRow } from '../indexed-tables.js';
import { whereOf } from '../list-query.js';
import { KeysetList } from './list-query.js';
import type { Scope } from '../types.js';
import type { RecoveryPointColumns, RecoveryPointFilter, ProtectedResourceRow, RecoveryPointsStore } from '../repos/recovery-points-store.js';


const COLUMNS =
  'arn, account, region, vault_name, resource_arn, resource_type, status, storage_class, creation_date, backup_plan_id, parent_recovery_point_arn, is_parent, composite_member_identifier, lifecycle_due, data';

export class SqliteRecoveryPointsStore implements RecoveryPointsStore {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly countAddStmt: Statement;
  private readonly getStmt: Statement;
  private readonly countStmt: Statement;
  private readonly scopeCountsStmt: Statement;
  private readonly nextDueStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly stmts: StatementCache;
  private readonly lists: KeysetList<RecoveryPointFilter>;

  constructor(private readonly db: Db) {
    this.stmts = new StatementCache(db);
    this.lists = new KeysetList(this.stmts, { table: 'recovery_points', columns: RECOVERY_POINT_FILTER_COLUMNS });
    this.insertStmt = db.prepare(`INSERT INTO recovery_points (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
    this.updateStmt = db.prepare(
      `UPDATE recovery_points SET status = ?, storage_class = ?, parent_recovery_point_arn = ?, is_parent = ?, composite_member_identifier = ?,
        lifecycle_due = ?, data = ? WHERE arn = ?`,
    );
    this.deleteStmt = db.prepare('DELETE FROM recovery_points WHERE arn = ? RETURNING account, region, vault_name').raw();
    // Per-vault counts kept here, one statement per vault and batch (migration 015: a trigger per row cost more than the row).
    this.countAddStmt = db.prepare(
      'INSERT INTO vault_point_counts (account, region, vault_name, n) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, vault_name) DO UPDATE SET n = n + excluded.n',
    );
    this.getStmt = db.prepare('SELECT data FROM recovery_points WHERE arn = ?').pluck();
    this.countStmt = db.prepare('SELECT n FROM vault_point_counts WHERE account = ? AND region = ? AND vault_name = ?').pluck();
    // One row per vault read, never the points.
    this.scopeCountsStmt = db.prepare(`SELECT account AS accountId, region, sum(n) AS count FROM vault_point_counts
      GROUP BY account, region HAVING sum(n) > 0 ORDER BY account, region`);
    this.nextDueStmt = db.prepare('SELECT MIN(lifecycle_due) FROM recovery_points WHERE lifecycle_due IS NOT NULL').pluck();
    this.dueStmt = db
      .prepare('SELECT data FROM recovery_points WHERE lifecycle_due IS NOT NULL AND lifecycle_due <= ? ORDER BY lifecycle_due, seq LIMIT ?')
      .pluck();
  }


  async insert(points: RecoveryPointColumns[]): Promise<void> {
    this.inTransaction(() => {
      const counts = new VaultCounts();
      for (const p of points) {
        this.insertStmt.run(
          p.arn, p.accountId, p.region, p.vaultName, p.resourceArn, p.resourceType, p.status, p.storageClass, p.creationDate,
          p.backupPlanId ?? null, p.parentRecoveryPointArn ?? null, p.isParent ? 1 : 0, p.compositeMemberIdentifier ?? null,
          p.lifecycleDue ?? null, JSON.stringify(p),
        );
        counts.add(p.accountId, p.region, p.vaultName, 1);
      }
      counts.apply(this.countAddStmt);
    });
  }

  async update(points: RecoveryPointColumns[]): Promise<void> {
    for (const p of points) {
      this.updateStmt.run(
        p.status, p.storageClass, p.parentRecoveryPointArn ?? null, p.isParent ? 1 : 0, p.compositeMemberIdentifier ?? null,
        p.lifecycleDue ?? null, JSON.stringify(p), p.arn,
      );
    }
  }

  async delete(arns: string[]): Promise<void> {
    this.inTransaction(() => {
      const counts = new VaultCounts();
      for (const arn of arns) {
        for (const [account, region, vault] of this.deleteStmt.all(arn) as [string, string, string][]) counts.add(account, region, vault, -1);
      }
      counts.apply(this.countAddStmt);
    });
  }

  /** Rows and their vault counts change together: in the caller's transaction, or in one of their own. */
  private inTransaction(fn: () => void): void {
    if (this.db.inTransaction) fn();
    else this.db.transaction(fn)();
  }

  async get<P extends RecoveryPointColumns>(arn: string): Promise<P | undefined> {
    const data = this.getStmt.get(arn) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as P);
  }

  async list<P extends RecoveryPointColumns>(f: RecoveryPointFilter, afterSeq: number, limit: number): Promise<{ seq: number; point: P }[]> {
    return this.lists.page(f, afterSeq, limit).map((r) => ({ seq: r.seq, point: JSON.parse(r.data) as P }));
  }

  async matchingSeqs(f: RecoveryPointFilter): Promise<number[]> {
    const { where, params } = whereOf(f, RECOVERY_POINT_FILTER_COLUMNS);
    // No ORDER BY: one pass over whichever index fits the filter, sorted here.
    const seqs = this.stmts.get(`SELECT seq FROM recovery_points WHERE ${where}`).pluck().all(...params) as number[];
    return seqs.sort((a, b) => a - b);
  }

  async columnsBySeq(seqs: number[]): Promise<RecoveryPointColumns[]> {
    const out: RecoveryPointColumns[] = [];
    for (let i = 0; i < seqs.length; i += 500) {
      const chunk = seqs.slice(i, i + 500);
      const sql = `SELECT ${POINT_COLUMNS} FROM recovery_points WHERE seq IN (${chunk.map(() => '?').join(', ')}) ORDER BY seq`;
      for (const r of this.stmts.get(sql).all(...chunk) as ColumnRow[]) out.push(columnsOfRow(r));
    }
    return out;
  }

  async count(scope: Scope, vaultName: string): Promise<number> {
    return (this.countStmt.get(scope.accountId, scope.region, vaultName) as number | undefined) ?? 0;
  }

  async counts(vaults: (Scope & { vaultName: string })[]): Promise<number[]> {
    return vaults.map((v) => (this.countStmt.get(v.accountId, v.region, v.vaultName) as number | undefined) ?? 0);
  }

  async scopeCounts(): Promise<(Scope & { count: number })[]> {
    return this.scopeCountsStmt.all() as (Scope & { count: number })[];
  }

  async nextLifecycleDue(): Promise<number | undefined> {
    return (this.nextDueStmt.get() as number | null) ?? undefined;
  }

  async lifecycleDue<P extends RecoveryPointColumns>(nowMs: number, limit: number): Promise<P[]> {
    return (this.dueStmt.all(nowMs, limit) as string[]).map((d) => JSON.parse(d) as P);
  }

  async retryExpired(nowMs: number, arns?: string[]): Promise<number> {
    if (arns === undefined) {
      return this.stmts.get("UPDATE recovery_points SET lifecycle_due = ? WHERE lifecycle_due > ? AND status = 'EXPIRED'").run(nowMs, nowMs).changes;
    }
    // Named points: also those whose move to cold storage waited (their status did not change).
    const one = this.stmts.get('UPDATE recovery_points SET lifecycle_due = ? WHERE arn = ? AND lifecycle_due > ?');
    let changed = 0;
    for (const arn of arns) changed += one.run(nowMs, arn, nowMs).changes;
    return changed;
  }

  async protectedResource(scope: Scope, resourceArn: string): Promise<ProtectedResourceRow | undefined> {
    const sql = `SELECT resource_arn AS resourceArn, resource_type AS resourceType, creation_date AS lastBackupTime,
        vault_name AS vaultName, arn AS recoveryPointArn, account AS accountId, region
      FROM recovery_points WHERE account = ? AND region = ? AND resource_arn = ? ORDER BY creation_date DESC, seq DESC LIMIT 1`;
    return this.stmts.get(sql).get(scope.accountId, scope.region, resourceArn) as ProtectedResourceRow | undefined;
  }

  async protectedResources(scope: Scope, vaultName: string | undefined, afterArn: string, limit: number): Promise<ProtectedResourceRow[]> {
    // SQLite answers the bare columns of the row that holds MAX(creation_date).
    // One vault: rp_vault_resource_seq. Every vault: rp_resource_anywhere, in resource order (the
    // planner, without statistics, would rather sort the scope's every point).
    const vault = vaultName === undefined ? '' : 'AND vault_name = ?';
    const index = vaultName === undefined ? 'INDEXED BY rp_resource_anywhere' : 'INDEXED BY rp_vault_resource_seq';
    const sql = `SELECT resource_arn AS resourceArn, resource_type AS resourceType, MAX(creation_date) AS lastBackupTime,
        vault_name AS vaultName, arn AS recoveryPointArn, account AS accountId, region
      FROM recovery_points ${index} WHERE account = ? AND region = ? ${vault} AND resource_arn > ?
      GROUP BY resource_arn ORDER BY resource_arn LIMIT ?`;
    const params: unknown[] = [scope.accountId, scope.region];
    if (vaultName !== undefined) params.push(vaultName);
    return this.stmts.get(sql).all(...params, afterArn, limit) as ProtectedResourceRow[];
  }
}

/** Changes to vault_point_counts, summed per vault. */
class VaultCounts {
  private readonly deltas = new Map<string, [string, string, string, number]>();

  add(account: string, region: string, vault: string, delta: number): void {
    const key = `${account}\u0000${region}\u0000${vault}`;
    const entry = this.deltas.get(key);
    if (entry) entry[3] += delta;
    else this.deltas.set(key, [account, region, vault, delta]);
  }

  apply(upsert: Statement): void {
    for (const [account, region, vault, delta] of this.deltas.values()) if (delta !== 0) upsert.run(account, region, vault, delta);
  }
}


