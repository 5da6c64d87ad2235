import type { PgMigration } from './index.js';

/** Restore testing's plan firings and tracked restore jobs (SQLite's 011, without its jobs index). */
export const migration004: PgMigration = {
  version: 4,
  name: 'restore-testing',
  sql: `
    CREATE TABLE restore_testing_schedule (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_name TEXT NOT NULL,
      next_fire BIGINT NOT NULL,
      PRIMARY KEY (account, region, plan_name)
    );
    CREATE INDEX restore_testing_schedule_due ON restore_testing_schedule (next_fire, account, region, plan_name);
    CREATE TABLE restore_testing_jobs (
      job_id TEXT PRIMARY KEY,
      due_at BIGINT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX restore_testing_jobs_due ON restore_testing_jobs (due_at, job_id);
  `,
};
