/**
 * A PgSql over a pg.Pool for repository tests (the app's own, with transactions, is PgStore's):
 * `?` placeholders numbered by pgSql, BIGINT (int8) read as JS numbers through the pool's own
 * type parsers (not pg's global ones), migrations applied in order.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Migration } from '../../src/store/sqlite/migrations/index.js';
import { pgSql, type PgSql } from '../../src/store/postgres/sql.js';
import { freshDatabase, postgresAvailable } from './postgres.js';

const INT8 = 20;

export interface PoolSql extends PgSql {
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export function poolSql(url: string): PoolSql {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  return {
    pool,
    async query<R>(text: string, values: readonly unknown[] = []) {
      return (await pool.query(pgSql(text), values as unknown[])).rows as R[];
    },
    async run(text: string, values: readonly unknown[] = []) {
      return (await pool.query(pgSql(text), values as unknown[])).rowCount ?? 0;
    },
    close: () => pool.end(),
  };
}

/** A PgSql on a new database of the suite's server, with these migrations applied. */
export async function migratedPoolSql(migrations: Migration[]): Promise<PoolSql> {
  const sql = poolSql(await freshDatabase());
  for (const m of migrations) await sql.pool.query(m.sql);
  return sql;
}

/** A repository on both backends, stepped together. */
export interface Twins<S> {
  /**
   * Runs a step on the SQLite repository, then on the PostgreSQL one; asserts that both answer
   * the same (deepStrictEqual); answers SQLite's.
   */
  both<T>(step: (store: S) => Promise<T>, what?: string): Promise<T>;
}

export function twins<S>(sqlite: S, postgres: S): Twins<S> {
  return {
    async both(step, what) {
      const expected = await step(sqlite);
      const actual = await step(postgres);
      assert.deepStrictEqual(actual, expected, `PostgreSQL differs from SQLite${what ? ` (${what})` : ''}`);
      return expected;
    },
  };
}

/** The skip option of a contract suite: its reason when no PostgreSQL is available. */
export const withoutPostgres = (): string | false =>
  postgresAvailable() ? false : 'no PostgreSQL: set HOLDFAST_TEST_DATABASE_URL or install postgresql-15';
