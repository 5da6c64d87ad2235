/**
 * The rows of a test server's table, on either backend: for tests that check what the store kept
 * or deleted, where no API answers it (a job out of its window is gone from the table, not hidden).
 */
import { createHash } from 'node:crypto';
import { PgStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

/** How many rows the table holds (table is a name the test gives, never input). */
export async function countRows(store: Store, table: string): Promise<number> {
  const sql = `SELECT count(*) AS n FROM ${table}`;
  if (store instanceof SqliteStore) return (store.db.prepare(sql).get() as { n: number }).n;
  if (store instanceof PgStore) return (await store.db.query<{ n: number }>(sql))[0]!.n;
  throw new Error('countRows: neither the SQLite nor the PostgreSQL store');
}

/**
 * A digest of every table's rows, on either backend: equal digests mean the store kept the same
 * rows (rows are compared as a sorted set, so PostgreSQL's physical order does not count).
 */
export async function tablesDigest(store: Store): Promise<string> {
  const hash = createHash('sha256');
  const add = (table: string, rows: unknown[]): void => void hash.update(table).update(JSON.stringify(rows.map((r) => JSON.stringify(r)).sort()));
  if (store instanceof SqliteStore) {
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    for (const table of tables) add(table, store.db.prepare(`SELECT * FROM "${table}"`).raw().all());
  } else if (store instanceof PgStore) {
    const tables = await store.db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE \"C\"",
    );
    for (const { name } of tables) add(name, await store.db.query(`SELECT * FROM "${name}"`));
  } else {
    throw new Error('tablesDigest: neither the SQLite nor the PostgreSQL store');
  }
  return hash.digest('hex');
}
