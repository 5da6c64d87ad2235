/**
 * What the PostgreSQL repositories run their statements through. `query` and `run` take SQL
 * with `?` placeholders (the same text as the SQLite repositories where the dialects agree; pgSql
 * numbers them) and run in the calling async context's transaction when it is inside
 * store.atomically, else on a pooled connection of their own (autocommit). A repository never
 * holds a connection or a transaction itself.
 */
export interface PgSql {
  /** The rows of one statement. */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs one statement; answers its row count. */
  run(text: string, values?: readonly unknown[]): Promise<number>;
}

const numbered = new Map<string, string>();

/** `?` -> `$1, $2, ...` outside string literals (cached per text). */
export function pgSql(text: string): string {
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    let quoted = false;
    out = '';
    for (const ch of text) {
      if (ch === "'") quoted = !quoted;
      out += ch === '?' && !quoted ? `$${++n}` : ch;
    }
    if (numbered.size > 10_000) numbered.clear();
    numbered.set(text, out);
  }
  return out;
}
