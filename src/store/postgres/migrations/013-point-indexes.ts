import type { Migration } from '../../sqlite/migrations/index.js';

/**
 * Backup indexes of recovery points (SQLite migration 013): one row per recovery point that has
 * an index, removed with its recovery point (ON DELETE CASCADE).
 */
export const migration013: Migration = {
  version: 13,
  name: 'point-indexes',
  sql: `
    CREATE TABLE recovery_point_indexes (
      seq BIGSERIAL PRIMARY KEY,
      arn TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES recovery_points (arn) ON DELETE CASCADE,
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      source_resource_arn TEXT COLLATE "C" NOT NULL,
      resource_type TEXT COLLATE "C" NOT NULL,
      status TEXT COLLATE "C" NOT NULL,
      backup_creation_date BIGINT NOT NULL,
      due_at BIGINT,
      data TEXT NOT NULL
    );
    CREATE INDEX rp_indexes_order ON recovery_point_indexes (account, region, seq);
    CREATE INDEX rp_indexes_resource ON recovery_point_indexes (account, region, source_resource_arn, seq);
    CREATE INDEX rp_indexes_type ON recovery_point_indexes (account, region, resource_type, seq);
    CREATE INDEX rp_indexes_status ON recovery_point_indexes (account, region, status, seq);
    CREATE INDEX rp_indexes_due ON recovery_point_indexes (due_at, seq) WHERE due_at IS NOT NULL;
  `,
};
