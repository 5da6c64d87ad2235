import type { Migration } from '../../sqlite/migrations/index.js';

/**
 * Malware scan jobs (SQLite migrations 013, 019, 020 in their final shape). point_gone is 1
 * once the scanned recovery point is deleted (the job may then leave, scan_jobs_gone).
 */
export const migration012: Migration = {
  version: 12,
  name: 'scan-jobs',
  sql: `
    CREATE TABLE scan_jobs (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT COLLATE "C" NOT NULL UNIQUE,
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      state TEXT COLLATE "C" NOT NULL,
      vault_name TEXT COLLATE "C" NOT NULL,
      recovery_point_arn TEXT COLLATE "C" NOT NULL,
      resource_arn TEXT COLLATE "C" NOT NULL,
      resource_type TEXT COLLATE "C" NOT NULL,
      malware_scanner TEXT COLLATE "C" NOT NULL,
      scan_result TEXT COLLATE "C",
      creation_date BIGINT NOT NULL,
      completion_date BIGINT,
      due_at BIGINT,
      idempotency_token TEXT COLLATE "C",
      point_gone SMALLINT NOT NULL DEFAULT 0,
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
    CREATE INDEX scan_jobs_due ON scan_jobs (due_at, seq) WHERE due_at IS NOT NULL;
    CREATE UNIQUE INDEX scan_jobs_idempotency ON scan_jobs (account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;
    CREATE INDEX scan_jobs_completed ON scan_jobs (account, region, completion_date, seq) WHERE completion_date IS NOT NULL;
    CREATE INDEX scan_jobs_open ON scan_jobs (account, region, seq) WHERE completion_date IS NULL;
    CREATE INDEX scan_jobs_gone ON scan_jobs (completion_date, seq) WHERE point_gone = 1 AND completion_date IS NOT NULL;
  `,
};
