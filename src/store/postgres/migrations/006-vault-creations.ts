import type { PgMigration } from './index.js';

/** Vaults that are still CREATING, by due time (SQLite's 017). */
export const migration006: PgMigration = {
  version: 6,
  name: 'vault-creations',
  sql: `
    CREATE TABLE vault_creations (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      due_at BIGINT NOT NULL,
      PRIMARY KEY (account, region, name)
    );
    CREATE INDEX vault_creations_due ON vault_creations (due_at, account, region, name);
  `,
};
