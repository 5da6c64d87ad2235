import type { PgMigration } from './index.js';

/** Restore access backup vaults as their source vault sees them (SQLite's 012). */
export const migration005: PgMigration = {
  version: 5,
  name: 'restore-access-vaults',
  sql: `
    CREATE TABLE restore_access_vaults (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      source_account TEXT NOT NULL,
      source_region TEXT NOT NULL,
      source_vault TEXT NOT NULL,
      arn TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      due_at BIGINT,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX restore_access_vaults_arn ON restore_access_vaults (arn);
    CREATE INDEX restore_access_vaults_source ON restore_access_vaults (source_account, source_region, source_vault, seq);
    CREATE INDEX restore_access_vaults_due ON restore_access_vaults (due_at) WHERE due_at IS NOT NULL;
  `,
};
