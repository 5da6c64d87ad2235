import type { Migration } from './index.js';

/**
 * Malware scan jobs (StartScanJob) get their own table: their filters (scanner, scan result,
 * recovery point) are not the jobs table's, and the jobs worker must not see them. Every list
 * filter has an index ending in seq, so filtered lists page by keyset.
 *
 * Backup indexes of recovery points (UpdateRecoveryPointIndexSettings): one row per recovery
 * point that has an index, removed with its recovery point (ON DELETE CASCADE), indexed for
 * every filter of ListIndexedRecoveryPoints.
 */
export const migration013: Migration = {
  version: 13,
  name: 'scan-jobs-and-recovery-point-indexes',
  sql: `
    CREATE TABLE scan_jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      state TEXT NOT NULL,
      vault_name TEXT NOT NULL,
      recovery_point_arn TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      malware_scanner TEXT NOT NULL,
      scan_result TEXT,                   -- NULL until the job ends
      creation_date INTEGER NOT NULL,
      completion_date INTEGER,
      due_at INTEGER,                     -- epoch ms of the next transition; NULL when final
      idempotency_token TEXT,
      data TEXT NOT NULL
    );
    CREATE INDEX scan_jobs_order ON scan_jobs (account, region, seq);
    CREATE INDEX scan_jobs_region_order ON scan_jobs (region, seq);
    CREATE INDEX scan_jobs_state ON scan_jobs (account, region, state, seq);
    CREATE INDEX scan_jobs_vault ON scan_jobs (account, region, vault_name, seq);
    CREATE INDEX scan_jobs_point ON scan_jobs (account, region, recovery_point_arn, seq);
    CREATE INDEX scan_jobs_resource ON scan_jobs (account, region, resource_arn, seq);
    CREATE INDEX scan_jobs_type ON scan_jobs (account, region, resource_type, seq);
    CREATE INDEX scan_jobs_result ON scan_jobs (account, region, scan_result, seq) WHERE scan_result IS NOT NULL;
    CREATE INDEX scan_jobs_created ON scan_jobs (region, creation_date);
    CREATE INDEX scan_jobs_due ON scan_jobs (due_at) WHERE due_at IS NOT NULL;
    CREATE UNIQUE INDEX scan_jobs_idempotency ON scan_jobs (account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;

    CREATE TABLE recovery_point_indexes (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      arn TEXT NOT NULL UNIQUE REFERENCES recovery_points (arn) ON DELETE CASCADE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      source_resource_arn TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      status TEXT NOT NULL,
      backup_creation_date INTEGER NOT NULL,
      due_at INTEGER,
      data TEXT NOT NULL
    );
    CREATE INDEX rp_indexes_order ON recovery_point_indexes (account, region, seq);
    CREATE INDEX rp_indexes_resource ON recovery_point_indexes (account, region, source_resource_arn, seq);
    CREATE INDEX rp_indexes_type ON recovery_point_indexes (account, region, resource_type, seq);
    CREATE INDEX rp_indexes_status ON recovery_point_indexes (account, region, status, seq);
    CREATE INDEX rp_indexes_due ON recovery_point_indexes (due_at) WHERE due_at IS NOT NULL;
  `,
};
