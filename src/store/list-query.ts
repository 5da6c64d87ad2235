/**
 * The list query both backends share for the indexed tables (jobs, scan jobs, recovery points,
 * backup indexes, report jobs): a table of filter members and their conditions builds the WHERE
 * clause, and keysetStatement the statement of one page by seq. Each backend runs it its own way
 * (sqlite/list-query.ts, postgres/keyset-list.ts).
 */

/**
 * A filter member and the condition it adds when it is given, with one `?`. An array value
 * (condition `column IN (?)`) binds one `?` per element; an empty one matches nothing.
 */
export type FilterColumn<F> = readonly [member: keyof F, condition: string];

/**
 * How an array member binds: one `?` per element (SQLite: `column IN (?, ?)`), or the array as
 * one parameter (PostgreSQL: `column = ANY(?)`, one statement text whatever the length).
 */
export type ArrayBinding = 'expand' | 'any';

/** The conditions (joined by AND) and parameters of the members a filter gives, in table order. */
export function whereOf<F>(filter: F, columns: readonly FilterColumn<F>[], arrays: ArrayBinding = 'expand'): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [member, condition] of columns) {
    const value = filter[member];
    if (value === undefined) continue;
    if (Array.isArray(value) && arrays === 'any') {
      where.push(condition.replace(' IN (?)', ' = ANY(?)'));
      params.push(value);
    } else if (Array.isArray(value)) {
      where.push(condition.replace('?', value.map(() => '?').join(', ') || 'NULL'));
      params.push(...(value as unknown[]));
    } else {
      where.push(condition);
      params.push(value);
    }
  }
  return { where: where.join(' AND '), params };
}

export interface ListTable<F> {
  table: string;
  /** Every member a list may filter on (scope members included), in the order the conditions are written. */
  columns: readonly FilterColumn<F>[];
  /** The index clause of a filter's list ('' or absent: the planner chooses; SQLite only). */
  index?: (filter: F) => string;
  /** Newest first: ORDER BY seq DESC, the cursor an upper bound. */
  descending?: boolean;
}

export interface ListRow {
  seq: number;
  /** The record's JSON. */
  data: string;
}

/**
 * The statement of one keyset page (both backends): `SELECT seq, data` of the rows matching the
 * filter after (before, when descending) the cursor, in seq order, ending in `LIMIT ?` (the
 * limit is the caller's last parameter). The index clause is the spec's (SQLite only).
 */
export function keysetStatement<F>(spec: ListTable<F>, filter: F, cursor: number | undefined, arrays: ArrayBinding): { sql: string; params: unknown[] } {
  const { table, columns, index, descending } = spec;
  const { where, params } = whereOf(filter, columns, arrays);
  const conditions = where ? [where] : [];
  if (cursor !== undefined) {
    conditions.push(descending ? 'seq < ?' : 'seq > ?');
    params.push(cursor);
  }
  const indexClause = index?.(filter);
  const sql =
    `SELECT seq, data FROM ${table}${indexClause ? ` ${indexClause}` : ''}` +
    `${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY seq${descending ? ' DESC' : ''} LIMIT ?`;
  return { sql, params };
}
