/**
 * Recovery points on PostgreSQL (migration 011): the RecoveryPointsStore of
 * recovery-points-store.ts, method by method. The per-vault counts change in the same statement
 * as the rows (a data-modifying WITH), so they agree whether or not the caller holds a
 * transaction; a deletion takes the points' backup indexes with it (ON DELETE CASCADE).
 */
import { columnsOfRow, POINT_COLUMNS, RECOVERY_POINT_FILTER_COLUMNS, type ColumnRow } from '../indexed-tables.js';
import type { ProtectedResourceRow, RecoveryPointColumns, RecoveryPointFilter, RecoveryPointsStore } from '../repos/recovery-points-store.js';
import { whereOf } from '../list-query.js';
import type { Scope } from '../types.js';
import { keysetPage, pgLimit, type PgListTable } from './keyset-list.js';
import { lastOfEach, records } from './rows.js';
import type { PgSql } from './sql.js';

/** Adds the counted rows of a WITH named `changed` (account, region, vault_name, delta) to their vaults' counts. */
const ADD_COUNTS = `INSERT INTO vault_point_counts (account, region, vault_name, n)
  SELECT account, region, vault_name, sum(delta)::bigint FROM changed GROUP BY account, region, vault_name
  ON CONFLICT (account, region, vault_name) DO UPDATE SET n = vault_point_counts.n + excluded.n`;

const PROTECTED = `resource_arn AS "resourceArn", resource_type AS "resourceType", creation_date AS "lastBackupTime",
  vault_name AS "vaultName", arn AS "recoveryPointArn", account AS "accountId", region`;

const LIST: PgListTable<RecoveryPointFilter> = { table: 'recovery_points', columns: RECOVERY_POINT_FILTER_COLUMNS };

export class PgRecoveryPointsStore implements RecoveryPointsStore {
  constructor(private readonly sql: PgSql) {}

  async insert(points: RecoveryPointColumns[]): Promise<void> {
    if (points.length === 0) return;
    // Rows in array order (their seqs ascend with it), then one count upsert per vault.
    await this.sql.run(
      `WITH changed AS (
        INSERT INTO recovery_points (${POINT_COLUMNS}, data)
          SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
            ?::text[], ?::text[], ?::smallint[], ?::text[], ?::bigint[], ?::text[])
        RETURNING account, region, vault_name, 1 AS delta
      ) ${ADD_COUNTS}`,
      [
        points.map((p) => p.arn), points.map((p) => p.accountId), points.map((p) => p.region), points.map((p) => p.vaultName),
        points.map((p) => p.resourceArn), points.map((p) => p.resourceType), points.map((p) => p.status), points.map((p) => p.storageClass),
        points.map((p) => p.creationDate), points.map((p) => p.backupPlanId ?? null), points.map((p) => p.parentRecoveryPointArn ?? null),
        points.map((p) => (p.isParent ? 1 : 0)), points.map((p) => p.compositeMemberIdentifier ?? null), points.map((p) => p.lifecycleDue ?? null),
        points.map((p) => JSON.stringify(p)),
      ],
    );
  }

  async update(points: RecoveryPointColumns[]): Promise<void> {
    // Scope, vault, resource and creation are fixed at insert (as SQLite's UPDATE leaves them).
    const last = lastOfEach(points, (p) => p.arn);
    if (last.length === 0) return;
    await this.sql.run(
      `UPDATE recovery_points SET status = u.status, storage_class = u.storage_class, parent_recovery_point_arn = u.parent,
        is_parent = u.is_parent, composite_member_identifier = u.member, lifecycle_due = u.lifecycle_due, data = u.data
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::smallint[], ?::text[], ?::bigint[], ?::text[])
        AS u (arn, status, storage_class, parent, is_parent, member, lifecycle_due, data)
      WHERE recovery_points.arn = u.arn`,
      [
        last.map((p) => p.arn), last.map((p) => p.status), last.map((p) => p.storageClass), last.map((p) => p.parentRecoveryPointArn ?? null),
        last.map((p) => (p.isParent ? 1 : 0)), last.map((p) => p.compositeMemberIdentifier ?? null), last.map((p) => p.lifecycleDue ?? null),
        last.map((p) => JSON.stringify(p)),
      ],
    );
  }

  async delete(arns: string[]): Promise<void> {
    if (arns.length === 0) return;
    await this.sql.run(
      `WITH changed AS (DELETE FROM recovery_points WHERE arn = ANY(?) RETURNING account, region, vault_name, -1 AS delta) ${ADD_COUNTS}`,
      [arns],
    );
  }

  async get<P extends RecoveryPointColumns>(arn: string): Promise<P | undefined> {
    return records<P>(await this.sql.query('SELECT data FROM recovery_points WHERE arn = ?', [arn]))[0];
  }

  async list<P extends RecoveryPointColumns>(f: RecoveryPointFilter, afterSeq: number, limit: number): Promise<{ seq: number; point: P }[]> {
    return (await keysetPage(this.sql, LIST, f, afterSeq, limit)).map((r) => ({ seq: r.seq, point: JSON.parse(r.data) as P }));
  }

  async matchingSeqs(f: RecoveryPointFilter): Promise<number[]> {
    const { where, params } = whereOf(f, RECOVERY_POINT_FILTER_COLUMNS, 'any');
    return (await this.sql.query<{ seq: number }>(`SELECT seq FROM recovery_points WHERE ${where} ORDER BY seq`, params)).map((r) => r.seq);
  }

  async columnsBySeq(seqs: number[]): Promise<RecoveryPointColumns[]> {
    if (seqs.length === 0) return [];
    const rows = await this.sql.query<ColumnRow>(`SELECT ${POINT_COLUMNS} FROM recovery_points WHERE seq = ANY(?::bigint[]) ORDER BY seq`, [seqs]);
    return rows.map(columnsOfRow);
  }

  async count(scope: Scope, vaultName: string): Promise<number> {
    const sql = 'SELECT n FROM vault_point_counts WHERE account = ? AND region = ? AND vault_name = ?';
    return (await this.sql.query<{ n: number }>(sql, [scope.accountId, scope.region, vaultName]))[0]?.n ?? 0;
  }

  async counts(vaults: (Scope & { vaultName: string })[]): Promise<number[]> {
    if (vaults.length === 0) return [];
    const rows = await this.sql.query<{ n: number }>(
      `SELECT coalesce(c.n, 0) AS n FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS v (account, region, vault_name, i)
        LEFT JOIN vault_point_counts c USING (account, region, vault_name) ORDER BY v.i`,
      [vaults.map((v) => v.accountId), vaults.map((v) => v.region), vaults.map((v) => v.vaultName)],
    );
    return rows.map((r) => r.n);
  }

  async nextLifecycleDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number | null }>('SELECT MIN(lifecycle_due) AS v FROM recovery_points WHERE lifecycle_due IS NOT NULL');
    return row?.v ?? undefined;
  }

  async lifecycleDue<P extends RecoveryPointColumns>(nowMs: number, limit: number): Promise<P[]> {
    const sql = 'SELECT data FROM recovery_points WHERE lifecycle_due IS NOT NULL AND lifecycle_due <= ? ORDER BY lifecycle_due, seq LIMIT ?';
    return records<P>(await this.sql.query(sql, [nowMs, pgLimit(limit)]));
  }

  async retryExpired(nowMs: number, arns?: string[]): Promise<number> {
    if (arns === undefined) {
      return this.sql.run("UPDATE recovery_points SET lifecycle_due = ? WHERE lifecycle_due > ? AND status = 'EXPIRED'", [nowMs, nowMs]);
    }
    // Named points: also those whose move to cold storage waited (their status did not change).
    return this.sql.run('UPDATE recovery_points SET lifecycle_due = ? WHERE arn = ANY(?) AND lifecycle_due > ?', [nowMs, arns, nowMs]);
  }

  async scopeCounts(): Promise<(Scope & { count: number })[]> {
    // One row per vault read, never the points.
    return this.sql.query(`SELECT account AS "accountId", region, sum(n)::bigint AS count FROM vault_point_counts
      GROUP BY account, region HAVING sum(n) > 0 ORDER BY account, region`);
  }

  async protectedResource(scope: Scope, resourceArn: string): Promise<ProtectedResourceRow | undefined> {
    const sql = `SELECT ${PROTECTED} FROM recovery_points WHERE account = ? AND region = ? AND resource_arn = ?
      ORDER BY creation_date DESC, seq DESC LIMIT 1`;
    return (await this.sql.query<ProtectedResourceRow>(sql, [scope.accountId, scope.region, resourceArn]))[0];
  }

  async protectedResources(scope: Scope, vaultName: string | undefined, afterArn: string, limit: number): Promise<ProtectedResourceRow[]> {
    // Each resource's point with the latest creation date; of several, the first in seq order (the
    // row SQLite's bare columns beside MAX(creation_date) come from: the first maximum in index order).
    const vault = vaultName === undefined ? '' : 'AND vault_name = ?';
    const sql = `SELECT DISTINCT ON (resource_arn) ${PROTECTED} FROM recovery_points
      WHERE account = ? AND region = ? ${vault} AND resource_arn > ?
      ORDER BY resource_arn, creation_date DESC, seq LIMIT ?`;
    const params: unknown[] = [scope.accountId, scope.region];
    if (vaultName !== undefined) params.push(vaultName);
    return this.sql.query<ProtectedResourceRow>(sql, [...params, afterArn, pgLimit(limit)]);
  }
}
