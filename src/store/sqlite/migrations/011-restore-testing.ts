import type { Migration } from './index.js';

/**
 * Restore testing: when each plan fires next, and the restore jobs it started that still have
 * timed work ahead (completion, the end of their validation window, the deletion of the
 * restored resource). Both tables are read by MIN(due) for the worker's nextDue(). jobs_plan
 * serves ListRestoreJobs byRestoreTestingPlanArn.
 */
export const migration011: Migration = {
  version: 11,
  name: 'restore-testing',
  sql: `
    CREATE TABLE restore_testing_schedule (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_name TEXT NOT NULL,
      next_fire INTEGER NOT NULL,
      PRIMARY KEY (account, region, plan_name)
    );
    CREATE INDEX restore_testing_schedule_due ON restore_testing_schedule (next_fire, account, region, plan_name);

    CREATE TABLE restore_testing_jobs (
      job_id TEXT PRIMARY KEY,
      due_at INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX restore_testing_jobs_due ON restore_testing_jobs (due_at);

    CREATE INDEX jobs_plan ON jobs (kind, account, region, plan_arn, seq) WHERE plan_arn IS NOT NULL;
  `,
};
