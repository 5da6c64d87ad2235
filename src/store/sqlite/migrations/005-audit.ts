import type { Migration } from './index.js';

export const migration005: Migration = {
  version: 5,
  name: 'audit',
  sql: `
    -- Time-driven audit work (framework and report plan deployments, report job steps, daily
    -- report runs): one row per pending step; the engine asks for MIN(due_ms).
    CREATE TABLE audit_schedule (
      kind TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      due_ms INTEGER NOT NULL,
      PRIMARY KEY (kind, account, region, id)
    );
    CREATE INDEX audit_schedule_due ON audit_schedule (due_ms);
    -- Report jobs: one a day per report plan plus on-demand runs, listed by plan, status and time.
    CREATE TABLE report_jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_name TEXT NOT NULL,
      status TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      idempotency_token TEXT,
      data TEXT NOT NULL
    );
    CREATE INDEX report_jobs_scope ON report_jobs (account, region, seq);
    CREATE INDEX report_jobs_plan ON report_jobs (account, region, plan_name, seq);
    CREATE INDEX report_jobs_status ON report_jobs (account, region, status, seq);
    CREATE INDEX report_jobs_created ON report_jobs (account, region, created_ms);
    CREATE INDEX report_jobs_token ON report_jobs (account, region, plan_name, idempotency_token);
  `,
};
