/** The store of one Holdfast, on the backend its options choose: SQLite (the default) or PostgreSQL. */
import { openPgStore } from './postgres/pg-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** The folder of the SQLite database (default ./data). */
  dataDir?: string;
  /** A SQLite database in memory, gone when the process ends. */
  inMemory?: boolean;
  /**
   * A PostgreSQL database (postgres://USER[:PASSWORD]@HOST:PORT/DB) instead of SQLite. It wins
   * over dataDir and inMemory (the CLI and the Node API refuse both together).
   */
  database?: string;
}

/** Opens (creating and migrating as needed) the store; async so that a backend may connect first. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.database !== undefined) return openPgStore({ url: options.database });
  return new SqliteStore({ dataDir: options.dataDir, inMemory: options.inMemory });
}
