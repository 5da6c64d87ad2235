import type { Migration } from '../../sqlite/migrations/index.js';

/**
 * Recovery points and the per-vault counts of NumberOfRecoveryPoints (SQLite migrations 003,
 * 009, 014, 015 in their final shape). The counts are kept by the repository's own statements,
 * in the same statement as the rows (PgRecoveryPointsStore: a data-modifying WITH), as SQLite's
 * store does since migration 015. Text columns compare bytewise (COLLATE "C"): protected
 * resources page by resource ARN in SQLite's order.
 */
export const migration011: Migration = {
  version: 11,
  name: 'recovery-points',
  sql: `
    CREATE TABLE recovery_points (
      seq BIGSERIAL PRIMARY KEY,
      arn TEXT COLLATE "C" NOT NULL UNIQUE,
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      vault_name TEXT COLLATE "C" NOT NULL,
      resource_arn TEXT COLLATE "C" NOT NULL,
      resource_type TEXT COLLATE "C" NOT NULL,
      status TEXT COLLATE "C" NOT NULL,
      storage_class TEXT COLLATE "C" NOT NULL,
      creation_date BIGINT NOT NULL,
      backup_plan_id TEXT COLLATE "C",
      parent_recovery_point_arn TEXT COLLATE "C",
      is_parent SMALLINT NOT NULL DEFAULT 0,
      composite_member_identifier TEXT COLLATE "C",
      lifecycle_due BIGINT,
      data TEXT NOT NULL
    );
    CREATE INDEX rp_vault ON recovery_points (account, region, vault_name, seq);
    CREATE INDEX rp_vault_resource_seq ON recovery_points (account, region, vault_name, resource_arn, seq);
    CREATE INDEX rp_vault_type ON recovery_points (account, region, vault_name, resource_type, seq);
    CREATE INDEX rp_vault_plan ON recovery_points (account, region, vault_name, backup_plan_id, seq) WHERE backup_plan_id IS NOT NULL;
    CREATE INDEX rp_vault_created ON recovery_points (account, region, vault_name, creation_date);
    CREATE INDEX rp_parent ON recovery_points (account, region, parent_recovery_point_arn, seq) WHERE parent_recovery_point_arn IS NOT NULL;
    CREATE INDEX rp_lifecycle ON recovery_points (lifecycle_due, seq) WHERE lifecycle_due IS NOT NULL;
    -- Lists by resource (keyset on seq), a resource's latest point, protected resources in
    -- resource order, and where a resource has points in any account and Region (audit).
    CREATE INDEX rp_resource_anywhere ON recovery_points (resource_arn, account, region, seq) INCLUDE (creation_date, status);

    CREATE TABLE vault_point_counts (
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      vault_name TEXT COLLATE "C" NOT NULL,
      n BIGINT NOT NULL,
      PRIMARY KEY (account, region, vault_name)
    );
  `,
};
