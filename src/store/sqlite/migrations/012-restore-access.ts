import type { Migration } from './index.js';

export const migration012: Migration = {
  version: 12,
  name: 'restore-access-vaults',
  sql: `
    -- Restore access backup vaults, seen from their source (logically air-gapped) vault: the
    -- owner of the source lists and revokes them by source vault, in creation order, and the
    -- engine finds the next one to approve with one MIN over the partial due_at index. The
    -- vault record itself (name, state, tags) lives with the requester's vaults in docs.
    CREATE TABLE restore_access_vaults (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      source_account TEXT NOT NULL,
      source_region TEXT NOT NULL,
      source_vault TEXT NOT NULL,
      arn TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      name TEXT NOT NULL,
      due_at INTEGER,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX restore_access_vaults_arn ON restore_access_vaults (arn);
    CREATE INDEX restore_access_vaults_source ON restore_access_vaults (source_account, source_region, source_vault, seq);
    CREATE INDEX restore_access_vaults_due ON restore_access_vaults (due_at) WHERE due_at IS NOT NULL;
  `,
};
