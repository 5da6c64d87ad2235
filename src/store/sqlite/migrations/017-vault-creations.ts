import type { Migration } from './index.js';

/**
 * Vaults that are still CREATING (logically air-gapped vaults, for a short while after
 * CreateLogicallyAirGappedBackupVault): when each turns AVAILABLE. The vault record itself lives
 * in docs; the engine finds the next one due with one MIN over vault_creations_due.
 */
export const migration017: Migration = {
  version: 17,
  name: 'vault-creations',
  sql: `
    CREATE TABLE vault_creations (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      due_at INTEGER NOT NULL,
      PRIMARY KEY (account, region, name)
    ) WITHOUT ROWID;
    CREATE INDEX vault_creations_due ON vault_creations (due_at);
  `,
};
