/**
 * Filtered lists of the indexed tables (jobs, scan jobs, recovery points, backup indexes, report
 * jobs): a table of filter members and their conditions builds the WHERE clause, a priority table
 * names the index, and KeysetList reads one page by seq through a StatementCache (one prepared
 * statement per distinct SQL text, that is per set of given members).
 */
import type { StatementCache } from './sqlite.js';

/**
 * A filter member and the condition it adds when it is given, with one `?`. An array value
 * (condition `column IN (?)`) binds one `?` per element; an empty one matches nothing.
 */
export type FilterColumn<F> = readonly [member: keyof F, condition: string];

/** The conditions (joined by AND) and parameters of the members a filter gives, in table order. */
export function whereOf<F>(filter: F, columns: readonly FilterColumn<F>[]): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [member, condition] of columns) {
    const value = filter[member];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      where.push(condition.replace('?', value.map(() => '?').join(', ') || 'NULL'));
      params.push(...(value as unknown[]));
    } else {
      where.push(condition);
      params.push(value);
    }
  }
  return { where: where.join(' AND '), params };
}

/**
 * `INDEXED BY` the index of the first member in priority order that the filter gives, else the
 * fallback index. (SQLite's planner, without statistics, would often pick the order index.)
 */
export function indexedBy<F>(filter: F, priority: readonly (readonly [member: keyof F, index: string])[], fallback: string): string {
  for (const [member, index] of priority) if (filter[member] !== undefined) return `INDEXED BY ${index}`;
  return `INDEXED BY ${fallback}`;
}

export interface ListTable<F> {
  table: string;
  /** Every member a list may filter on (scope members included), in the order the conditions are written. */
  columns: readonly FilterColumn<F>[];
  /** The index clause of a filter's list ('' or absent: SQLite chooses). */
  index?: (filter: F) => string;
  /** Newest first: ORDER BY seq DESC, the cursor an upper bound. */
  descending?: boolean;
}

export interface ListRow {
  seq: number;
  /** The record's JSON. */
  data: string;
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
    const { table, columns, index, descending } = this.spec;
    const { where, params } = whereOf(filter, columns);
    const conditions = where ? [where] : [];
    if (cursor !== undefined) {
      conditions.push(descending ? 'seq < ?' : 'seq > ?');
      params.push(cursor);
    }
    const indexClause = index?.(filter);
    const sql =
      `SELECT seq, data FROM ${table}${indexClause ? ` ${indexClause}` : ''}` +
      `${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq${descending ? ' DESC' : ''} LIMIT ?`;
    return this.stmts.get(sql).all(...params, limit) as ListRow[];
  }
}
