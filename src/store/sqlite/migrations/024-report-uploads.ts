import type { Migration } from './index.js';

/**
 * The report outbox (services/audit/report-delivery.ts, docs/audit.md): a report job's upload,
 * written in the transaction that ends the job's run and worked after commit, so that a kill -9
 * between the two loses nothing. One row per job until the job is COMPLETED or FAILED.
 * - at_ms: the business instant the job ran (what the report is as of);
 * - due_ms: business time of the next attempt (an attempt moves it to its retry time first, so
 *   an attempt that never ends, its process killed, is tried again then);
 * - attempts: attempts started; last_error: why the last one failed.
 */
export const migration024ReportUploads: Migration = {
  version: 24,
  name: 'report-uploads',
  sql: `
    CREATE TABLE report_uploads (
      job_id TEXT PRIMARY KEY,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      due_ms INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX report_uploads_due ON report_uploads (due_ms);
  `,
};
