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
  /**
   * Inside a transaction, the records it has read by key (null: known absent), which a
   * repository may answer again without a round trip: transactions are serialized across
   * instances, so no other transaction changes them meanwhile, and a write outside any
   * transaction waits for the lock (pg-database.ts execute). The repository keeps it true: each
   * of its writes of a key forgets it.
   * Undefined outside a transaction.
   */
  memo?(): Map<string, string | null> | undefined;
}

/** A statement as pg runs it: numbered placeholders, and a name while names last (see pgStatement). */
export interface PgStatement {
  text: string;
  name?: string;
}

/**
 * How many texts get a name: each connection prepares a named statement once (parsed, and after
 * a few runs planned, once), where an unnamed one is parsed and planned at every run (planning a
 * key lookup took 0.5 ms, its execution 0.05 ms). Holdfast's texts are a few hundred; texts made
 * from input beyond this bound run unnamed, so a connection's prepared statements stay bounded.
 */
const MAX_NAMED = 2_000;
const statements = new Map<string, PgStatement>();

/** The statement of a `?` text: numbered, and named while fewer than MAX_NAMED texts have names (cached per text). */
export function pgStatement(text: string): PgStatement {
  let statement = statements.get(text);
  if (statement === undefined) {
    statement = { text: pgSql(text) };
    if (statements.size < MAX_NAMED) {
      statement.name = `hf${statements.size}`;
      statements.set(text, statement);
    }
  }
  return statement;
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
