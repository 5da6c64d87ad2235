/**
 * The rows of a test server's table, on either backend: for tests that check what the store kept
 * or deleted, where no API answers it (a job out of its window is gone from the table, not hidden).
 */
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
