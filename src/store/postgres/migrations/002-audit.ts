import type { PgMigration } from './index.js';

/** Backup Audit Manager's time-driven steps and report jobs (SQLite's 005). */
export const migration002: PgMigration = {
  version: 2,
  name: 'audit',
  sql: `
    CREATE TABLE audit_schedule (
      seq BIGINT GENERATED ALWAYS AS IDENTITY,
      kind TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      due_ms BIGINT NOT NULL,
      PRIMARY KEY (kind, account, region, id)
    );
    CREATE INDEX audit_schedule_due ON audit_schedule (due_ms, seq);
    CREATE TABLE report_jobs (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_name TEXT NOT NULL,
      status TEXT NOT NULL,
      created_ms BIGINT NOT NULL,
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
