import type { Migration } from './index.js';

/**
 * SCAN_JOB_REPORT reads, per account and Region, the scan jobs that ended since a period's start
 * (keyset on completion date, then seq: scan_jobs_completed) and those still open at its end
 * (keyset on seq: scan_jobs_open), as the other job reports read the jobs table.
 */
export const migration019: Migration = {
  version: 19,
  name: 'scan-job-reports',
  sql: `
    CREATE INDEX scan_jobs_completed ON scan_jobs (account, region, completion_date, seq) WHERE completion_date IS NOT NULL;
    CREATE INDEX scan_jobs_open ON scan_jobs (account, region, seq) WHERE completion_date IS NULL;
  `,
};
