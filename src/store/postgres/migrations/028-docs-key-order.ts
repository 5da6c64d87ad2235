import type { PgMigration } from './index.js';

/**
 * The docs key, built again after docs_order (no schema change; SQLite needs none). Before
 * autovacuum has first analyzed docs (a new database, for its first minute or so) the planner
 * costs a lookup by key through docs_key (kind, account, region, id) and through docs_order
 * (kind, account, region, seq) the same, and takes the index created last: docs_order, which
 * reads every document of the account and Region to find one (0.8 ms for 1,000 vaults, against
 * 0.05 ms). Measured on PostgreSQL 15 with EXPLAIN; see docs/postgresql.md "Performance".
 */
export const migration028: PgMigration = {
  version: 28,
  name: 'docs-key-order',
  sql: `
    CREATE UNIQUE INDEX docs_key_new ON docs (kind, account, region, id);
    DROP INDEX docs_key;
    ALTER INDEX docs_key_new RENAME TO docs_key;
  `,
};
