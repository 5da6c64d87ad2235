import type { PgMigration } from './index.js';

/** The report outbox (SQLite's 024): a report job's upload, written with the job's run, worked after commit. */
export const migration025: PgMigration = {
  version: 25,
  name: 'report-uploads',
  sql: `
    CREATE TABLE report_uploads (
      job_id TEXT PRIMARY KEY,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      at_ms BIGINT NOT NULL,
      due_ms BIGINT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX report_uploads_due ON report_uploads (due_ms);
  `,
};
