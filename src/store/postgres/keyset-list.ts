/**
 * Filtered keyset pages of an indexed table on PostgreSQL: the statement list-query.ts builds
 * for both backends (the same column table as SQLite's KeysetList, arrays bound as one `= ANY(?)`
 * parameter), one page by seq, never OFFSET. The planner picks the index (no INDEXED BY).
 */
import { keysetStatement, type ListRow, type ListTable } from '../list-query.js';
import type { PgSql } from './sql.js';

/** A table's list: its name, filter column table and direction (no index clause). */
export type PgListTable<F> = Omit<ListTable<F>, 'index'>;

/** A repository's limit as PostgreSQL's LIMIT parameter: -1 (SQLite's "no limit") is NULL, that is LIMIT ALL. */
export const pgLimit = (limit: number): number | null => (limit < 0 ? null : limit);

/** The rows after keyset position `cursor` (before it when descending; undefined: from the start), at most limit (-1: all). */
export function keysetPage<F>(sql: PgSql, spec: PgListTable<F>, filter: F, cursor: number | undefined, limit: number): Promise<ListRow[]> {
  const { sql: text, params } = keysetStatement(spec, filter, cursor, 'any');
  return sql.query<ListRow>(text, [...params, pgLimit(limit)]);
}
