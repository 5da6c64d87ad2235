import type { Migration } from '../../sqlite/migrations/index.js';

/**
 * Backup, copy and restore jobs (SQLite migrations 003, 008, 009, 011, 015, 020 in their final
 * shape) and each resource's latest completed restore. Text columns compare bytewise (COLLATE
 * "C", as SQLite's BINARY), so range conditions and orders on them agree with SQLite whatever
 * the database's locale. SQLite's indexes end in the rowid (seq) implicitly; here an index that
 * serves an order by seq names it. Epoch-ms times are BIGINT; is_parent stays 0/1 (SMALLINT).
 */
export const migration010: Migration = {
  version: 10,
  name: 'jobs',
  sql: `
    CREATE TABLE jobs (
      seq BIGSERIAL PRIMARY KEY,
      kind TEXT COLLATE "C" NOT NULL,
      id TEXT COLLATE "C" NOT NULL UNIQUE,
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      state TEXT COLLATE "C" NOT NULL,
      resource_arn TEXT COLLATE "C" NOT NULL,
      resource_type TEXT COLLATE "C" NOT NULL,
      vault TEXT COLLATE "C",
      source_rp_arn TEXT COLLATE "C",
      message_category TEXT COLLATE "C",
      creation_date BIGINT NOT NULL,
      completion_date BIGINT,
      rp_creation_date BIGINT,
      plan_arn TEXT COLLATE "C",
      parent_job_id TEXT COLLATE "C",
      is_parent SMALLINT NOT NULL DEFAULT 0,
      due_at BIGINT,
      idempotency_token TEXT COLLATE "C",
      data TEXT NOT NULL
    );
    CREATE INDEX jobs_order ON jobs (kind, account, region, seq);
    CREATE INDEX jobs_region_order ON jobs (kind, region, seq);
    CREATE INDEX jobs_state ON jobs (kind, account, region, state, seq);
    CREATE INDEX jobs_resource ON jobs (kind, account, region, resource_arn, seq);
    CREATE INDEX jobs_type ON jobs (kind, account, region, resource_type, seq);
    CREATE INDEX jobs_vault ON jobs (kind, account, region, vault, seq);
    CREATE INDEX jobs_source_rp ON jobs (kind, account, region, source_rp_arn, seq) WHERE source_rp_arn IS NOT NULL;
    CREATE INDEX jobs_category ON jobs (kind, account, region, message_category, seq) WHERE message_category IS NOT NULL;
    CREATE INDEX jobs_parent ON jobs (kind, account, region, parent_job_id, seq) WHERE parent_job_id IS NOT NULL;
    CREATE INDEX jobs_plan ON jobs (kind, account, region, plan_arn, seq) WHERE plan_arn IS NOT NULL;
    CREATE INDEX jobs_created ON jobs (kind, region, creation_date);
    -- Audit reports: finished jobs in (completion date, seq) order, open ones in seq order.
    CREATE INDEX jobs_completed ON jobs (kind, account, region, completion_date, seq) WHERE completion_date IS NOT NULL;
    CREATE INDEX jobs_open ON jobs (kind, account, region, seq) WHERE completion_date IS NULL;
    CREATE INDEX jobs_due ON jobs (due_at, seq) WHERE due_at IS NOT NULL;
    CREATE UNIQUE INDEX jobs_idempotency ON jobs (kind, account, region, idempotency_token) WHERE idempotency_token IS NOT NULL;
    -- The RUNNING backup jobs of a resource (one running backup per resource), in seq order.
    CREATE INDEX jobs_running_backup ON jobs (account, region, resource_arn, seq) WHERE kind = 'backup' AND state = 'RUNNING';
    -- Retention: ended jobs that are not child jobs, oldest first; a batch read from the index alone.
    CREATE INDEX jobs_ended ON jobs (completion_date, is_parent, seq) WHERE completion_date IS NOT NULL AND parent_job_id IS NULL;

    CREATE TABLE resource_restores (
      account TEXT COLLATE "C" NOT NULL,
      region TEXT COLLATE "C" NOT NULL,
      resource_arn TEXT COLLATE "C" NOT NULL,
      job_id TEXT COLLATE "C" NOT NULL,
      creation_date BIGINT NOT NULL,
      completion_date BIGINT NOT NULL,
      rp_creation_date BIGINT NOT NULL,
      PRIMARY KEY (account, region, resource_arn)
    );
  `,
};
