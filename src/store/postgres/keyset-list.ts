/**
 * Keyset pages of an indexed table on PostgreSQL: the statement list-query.ts builds for both
 * backends (the filter table's conditions, arrays bound as `= ANY(?)`, no index clause: the
 * planner has statistics), run through the PgSql of the repository.
 */
import { keysetPage, type ListRow, type ListTable } from '../list-query.js';
import type { PgSql } from './sql.js';

/** A repository's limit as PostgreSQL's LIMIT parameter: -1 (SQLite's "no limit") is NULL, LIMIT ALL. */
export const pgLimit = (limit: number): number | null => (limit < 0 ? null : limit);

export class PgKeysetList<F> {
  constructor(
    private readonly sql: PgSql,
    private readonly spec: Omit<ListTable<F>, 'index'>,
  ) {}

  /** As KeysetList.page: rows after the cursor (before it when descending), at most limit (-1: all). */
  page(filter: F, cursor: number | undefined, limit: number): Promise<ListRow[]> {
    const { sql, params } = keysetPage(this.spec, filter, cursor, 'any');
    return this.sql.query<ListRow>(sql, [...params, pgLimit(limit)]);
  }
}
