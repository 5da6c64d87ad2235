/**
 * The SQLite side of the list query (../list-query.ts): a priority table names the index, and
 * KeysetList reads one page by seq through a StatementCache (one prepared statement per distinct
 * SQL text, that is per set of given members).
 */
import { keysetStatement, type ListRow, type ListTable } from '../list-query.js';
import type { StatementCache } from './sqlite.js';

/**
 * `INDEXED BY` the index of the first member in priority order that the filter gives, else the
 * fallback index. (SQLite's planner, without statistics, would often pick the order index.)
 */
export function indexedBy<F>(filter: F, priority: readonly (readonly [member: keyof F, index: string])[], fallback: string): string {
  for (const [member, index] of priority) if (filter[member] !== undefined) return `INDEXED BY ${index}`;
  return `INDEXED BY ${fallback}`;
}

/** Keyset pages of one table's rows matching a filter, in seq order. */
export class KeysetList<F> {
  constructor(
    private readonly stmts: StatementCache,
    private readonly spec: ListTable<F>,
  ) {}

  /**
   * The rows after keyset position `cursor` (before it when descending; undefined: from the
   * start), at most limit of them (-1: all).
   */
  page(filter: F, cursor: number | undefined, limit: number): ListRow[] {
    const { sql, params } = keysetStatement(this.spec, filter, cursor, 'expand');
    return this.stmts.get(sql).all(...params, limit) as ListRow[];
  }
}
