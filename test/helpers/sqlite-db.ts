/** The SQLite database behind a test server's store, for tests and benches that read its tables. */
import type { Db } from '../../src/store/sqlite/sqlite.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

export function sqliteDb(store: Store): Db {
  if (store instanceof SqliteStore) return store.db;
  throw new Error('This test reads SQLite tables: it needs the SQLite store');
}
