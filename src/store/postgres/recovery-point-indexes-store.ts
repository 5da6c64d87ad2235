/**
 * Backup indexes of recovery points on PostgreSQL (migration 013): the PointIndexesStore of
 * recovery-point-indexes-store.ts, method by method. A row goes with its recovery point (ON
 * DELETE CASCADE).
 */
import { POINT_INDEX_FILTER_COLUMNS } from '../indexed-tables.js';
import type { PointIndexColumns, PointIndexFilter, PointIndexesStore } from '../repos/recovery-point-indexes-store.js';
import { keysetPage, pgLimit, type PgListTable } from './keyset-list.js';
import { lastOfEach, records } from './rows.js';
import type { PgSql } from './sql.js';

const LIST: PgListTable<PointIndexFilter> = { table: 'recovery_point_indexes', columns: POINT_INDEX_FILTER_COLUMNS };

export class PgPointIndexesStore implements PointIndexesStore {
  constructor(private readonly sql: PgSql) {}

  async put(i: PointIndexColumns): Promise<void> {
    // A replaced row takes the new row's seq (one sequence value, as SQLite's INSERT OR REPLACE): it moves to the end of the list order.
    await this.sql.run(
      `INSERT INTO recovery_point_indexes (seq, arn, account, region, source_resource_arn, resource_type, status, backup_creation_date, due_at, data)
        VALUES (nextval(pg_get_serial_sequence('recovery_point_indexes', 'seq')), ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (arn) DO UPDATE SET seq = excluded.seq, account = excluded.account, region = excluded.region,
        source_resource_arn = excluded.source_resource_arn, resource_type = excluded.resource_type, status = excluded.status,
        backup_creation_date = excluded.backup_creation_date, due_at = excluded.due_at, data = excluded.data`,
      [i.arn, i.accountId, i.region, i.sourceResourceArn, i.resourceType, i.status, i.backupCreationDate, i.dueAt ?? null, JSON.stringify(i)],
    );
  }

  async update(indexes: PointIndexColumns[]): Promise<void> {
    const last = lastOfEach(indexes, (i) => i.arn);
    if (last.length === 0) return;
    await this.sql.run(
      `UPDATE recovery_point_indexes SET status = u.status, due_at = u.due_at, data = u.data
      FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[]) AS u (arn, status, due_at, data) WHERE recovery_point_indexes.arn = u.arn`,
      [last.map((i) => i.arn), last.map((i) => i.status), last.map((i) => i.dueAt ?? null), last.map((i) => JSON.stringify(i))],
    );
  }

  async delete(arns: string[]): Promise<void> {
    if (arns.length > 0) await this.sql.run('DELETE FROM recovery_point_indexes WHERE arn = ANY(?)', [arns]);
  }

  async get<I extends PointIndexColumns>(arn: string): Promise<I | undefined> {
    return records<I>(await this.sql.query('SELECT data FROM recovery_point_indexes WHERE arn = ?', [arn]))[0];
  }

  async getMany<I extends PointIndexColumns>(arns: string[]): Promise<I[]> {
    if (arns.length === 0) return [];
    // In ARN order, as SQLite answers an IN list over the arn index.
    return records<I>(await this.sql.query('SELECT data FROM recovery_point_indexes WHERE arn = ANY(?) ORDER BY arn', [arns]));
  }

  async list<I extends PointIndexColumns>(filter: PointIndexFilter, afterSeq: number, limit: number): Promise<{ seq: number; index: I }[]> {
    return (await keysetPage(this.sql, LIST, filter, afterSeq, limit)).map((r) => ({ seq: r.seq, index: JSON.parse(r.data) as I }));
  }

  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number | null }>('SELECT MIN(due_at) AS v FROM recovery_point_indexes WHERE due_at IS NOT NULL');
    return row?.v ?? undefined;
  }

  async due<I extends PointIndexColumns>(nowMs: number, limit: number): Promise<I[]> {
    const sql = 'SELECT data FROM recovery_point_indexes WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?';
    return records<I>(await this.sql.query(sql, [nowMs, pgLimit(limit)]));
  }
}
