/**
 * Applies PostgreSQL's numbered migrations. Instances that start together migrate once: the
 * runner holds a session advisory lock (MIGRATION_LOCK) while it reads what is applied and
 * applies the rest. Each migration runs in its own transaction with its schema_migrations row,
 * so one that fails leaves the schema as the migrations before it made it (PostgreSQL's DDL is
 * transactional), and start-up fails naming it.
 */
import type pg from 'pg';
import type { PgMigration } from './migrations/index.js';

/** The advisory lock key of schema migrations ('Migr' in ASCII); not the transactions' key. */
export const MIGRATION_LOCK = 0x4d696772;

export async function migrate(pool: pg.Pool, migrations: readonly PgMigration[]): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          throw new Error(`PostgreSQL migration ${String(m.version).padStart(3, '0')}-${m.name} failed: ${(e as Error).message}`, { cause: e });
        }
      }
    } finally {
      if (!broken) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((e: Error) => (broken = e));
    }
  } finally {
    // A connection in an unknown state is closed rather than pooled (its session lock goes with it).
    client.release(broken);
  }
}
