/** The store of one Holdfast, on the backend its options choose (today SQLite only). */
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** The folder of the SQLite database (default ./data). */
  dataDir?: string;
  /** A SQLite database in memory, gone when the process ends. */
  inMemory?: boolean;
}

/** Opens (creating and migrating as needed) the store; async so that a backend may connect first. */
export async function openStore(options: StoreOptions): Promise<Store> {
  return new SqliteStore({ dataDir: options.dataDir, inMemory: options.inMemory });
}
