/**
 * The embedded SQLite database: WAL journal, numbered migrations, prepared statements.
 * synchronous=NORMAL in WAL mode: every committed write is in the OS before the call returns,
 * so it survives kill -9 of the server (not a power cut; that would need FULL). The server holds
 * the file in exclusive locking mode (see openDatabase), which is also what keeps a second server
 * off the data folder (data-dir-lock.ts).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export interface DatabaseOptions {
  dataDir?: string;
  inMemory?: boolean;
}

/** The folder of the database file (default ./data), none in memory. */
export function dataDirOf(options: DatabaseOptions): string | undefined {
  return options.inMemory ? undefined : (options.dataDir ?? 'data');
}

export function openDatabase(options: DatabaseOptions): Db {
  const dir = dataDirOf(options);
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  // No busy wait while the lock is taken: a folder another server holds is refused at once.
  const db = new Database(dir === undefined ? ':memory:' : join(dir, 'holdfast.sqlite'), { timeout: 0 });
  // Set before WAL mode is entered. One server owns the file: an exclusive lock taken once (the WAL index then lives in heap
  // memory) spares every read its lock and shared-memory system calls. Another process cannot
  // open the database while the server runs; a killed server's lock goes with its process.
  if (dir !== undefined) {
    db.pragma('locking_mode = EXCLUSIVE');
    lockDataDir(db, dir);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Big engine batches (a year of backup plans) rewrite the same index pages many times:
  // checkpoint every 256 MiB of WAL rather than 4 MiB (a page is copied back once per checkpoint;
  // 67 s -> 55 s for the plans bench), truncate the WAL back to 64 MiB afterwards, and keep
  // 64 MiB of pages cached. All three bound memory and disk.
  db.pragma('wal_autocheckpoint = 65536');
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -65536');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    })();
  }
}

/** Drops every row of every table but the migration record. */
export function wipe(db: Db): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'meta')")
    .all() as { name: string }[];
  db.transaction(() => {
    for (const t of tables) db.exec(`DELETE FROM "${t.name}"`);
  })();
}

/** Statements whose SQL is built per call (list filters), prepared once per distinct text. */
export class StatementCache {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  get(sql: string): Database.Statement {
    let stmt = this.stmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.stmts.set(sql, stmt);
    }
    return stmt;
  }
}
