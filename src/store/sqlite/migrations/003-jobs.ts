import type { Migration } from './index.js';

/**
 * Backup, copy and restore jobs share one table (kind says which), and recovery points have
 * their own. Every list filter has an index ending in seq, so filtered lists page by keyset.
 * parent_job_id / is_parent and the composite columns of recovery_points serve
 * application-stack (composite) backups.
 */
export const migration003: Migration = {
  version: 3,
  name: 'jobs-and-recovery-points',
  sql: `
    CREATE TABLE jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,                 -- backup | copy | restore
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      state TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      vault TEXT,                         -- backup: vault name; copy: destination vault ARN; restore: vault ARN
      source_rp_arn TEXT,                 -- copy: source recovery point; restore: the recovery point restored
      message_category TEXT,
      creation_date INTEGER NOT NULL,
      completion_date INTEGER,
      rp_creation_date INTEGER,           -- restore: creation date of the recovery point
      plan_arn TEXT,                      -- restore: restore testing plan ARN
      parent_job_id TEXT,
      is_parent INTEGER NOT NULL DEFAULT 0,
      due_at INTEGER,                     -- epoch ms of the job's next transition; NULL when final
      idempotency_token TEXT,
      data TEXT NOT NULL
    );
    CREATE INDEX jobs_order ON jobs (kind, account, region, seq);
    CREATE INDEX jobs_region_order ON jobs (kind, region, seq);
    CREATE INDEX jobs_state ON jobs (kind, account, region, state, seq);
    CREATE INDEX jobs_resource ON jobs (kind, account, region, resource_arn, seq);
    CREATE INDEX jobs_type ON jobs (kind, account, region, resource_type, seq);
    CREATE INDEX jobs_vault ON jobs (kind, account, region, vault, seq);
    CREATE INDEX jobs_source_rp ON jobs (kind, account, region, source_rp_arn, seq);
    CREATE INDEX jobs_category ON jobs (kind, account, region, message_category, seq);
    CREATE INDEX jobs_parent ON jobs (kind, account, region, parent_job_id, seq) WHERE parent_job_id IS NOT NULL;
    CREATE INDEX jobs_created ON jobs (kind, region, creation_date);
    CREATE INDEX jobs_completed ON jobs (kind, account, region, completion_date) WHERE completion_date IS NOT NULL;
    CREATE INDEX jobs_due ON jobs (due_at) WHERE due_at IS NOT NULL;
    CREATE UNIQUE INDEX jobs_idempotency ON jobs (kind, account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;

    CREATE TABLE recovery_points (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      arn TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      vault_name TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      status TEXT NOT NULL,
      storage_class TEXT NOT NULL,
      creation_date INTEGER NOT NULL,
      backup_plan_id TEXT,
      parent_recovery_point_arn TEXT,
      is_parent INTEGER NOT NULL DEFAULT 0,
      composite_member_identifier TEXT,
      lifecycle_due INTEGER,              -- epoch ms of the next lifecycle step; NULL when none
      data TEXT NOT NULL
    );
    CREATE INDEX rp_vault ON recovery_points (account, region, vault_name, seq);
    CREATE INDEX rp_vault_resource ON recovery_points (account, region, vault_name, resource_arn, creation_date);
    CREATE INDEX rp_vault_resource_seq ON recovery_points (account, region, vault_name, resource_arn, seq);
    CREATE INDEX rp_vault_type ON recovery_points (account, region, vault_name, resource_type, seq);
    CREATE INDEX rp_vault_plan ON recovery_points (account, region, vault_name, backup_plan_id, seq) WHERE backup_plan_id IS NOT NULL;
    CREATE INDEX rp_vault_created ON recovery_points (account, region, vault_name, creation_date);
    CREATE INDEX rp_resource ON recovery_points (account, region, resource_arn, creation_date);
    CREATE INDEX rp_resource_seq ON recovery_points (account, region, resource_arn, seq);
    CREATE INDEX rp_parent ON recovery_points (account, region, parent_recovery_point_arn, seq) WHERE parent_recovery_point_arn IS NOT NULL;
    CREATE INDEX rp_lifecycle ON recovery_points (lifecycle_due) WHERE lifecycle_due IS NOT NULL;
  `,
};
