/**
 * Filtered keyset pages of an indexed table on PostgreSQL: the WHERE clause from the same column
 * table as SQLite's KeysetList (list-query.ts whereOf), one page by seq, never OFFSET. The
 * planner picks the index (no INDEXED BY in PostgreSQL).
 */
import { whereOf, type FilterColumn } from '../sqlite/list-query.js';
import type { PgSql } from './sql.js';
import { sqlLimit } from './pg-docs.js';

export interface PgListTable<F> {
  table: string;
  columns: readonly FilterColumn<F>[];
  /** Newest first: ORDER BY seq DESC, the cursor an upper bound. */
  descending?: boolean;
}

/** The rows after keyset position `cursor` (before it when descending), at most limit (-1: all). */
export async function keysetPage<F>(
  sql: PgSql, spec: PgListTable<F>, filter: F, cursor: number | undefined, limit: number,
): Promise<{ seq: number; data: string }[]> {
  const { where, params } = whereOf(filter, spec.columns);
  const conditions = where ? [where] : [];
  if (cursor !== undefined) {
    conditions.push(spec.descending ? 'seq < ?' : 'seq > ?');
    params.push(cursor);
  }
  const text =
    `SELECT seq, data FROM ${spec.table}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}` +
    ` ORDER BY seq${spec.descending ? ' DESC' : ''} LIMIT ?`;
  return sql.query(text, [...params, sqlLimit(limit)]);
}
