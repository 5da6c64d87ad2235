import type { Migration } from './index.js';

/**
 * Job records leave once they are out of AWS's 30-day window (services/jobs/job-window.ts,
 * docs/jobs.md):
 * - jobs_ended: the ended jobs that are not child jobs, oldest first (a child goes with its
 *   parent, which ends after it), with is_parent and the (always NULL) parent_job_id, so that
 *   the next due time and a batch to delete are read from the index alone;
 * - resource_restores: each resource's latest completed restore job (DescribeProtectedResource's
 *   LatestRestore* members and the RESTORE_TIME audit control), which outlives the job's record;
 *   filled from the restore jobs already stored;
 * - scan_jobs.point_gone: set when the scanned recovery point is deleted. A scan job whose point
 *   still exists gives the point its ScanResults, so only the others leave (scan_jobs_gone).
 */
export const migration020: Migration = {
  version: 20,
  name: 'job-retention',
  sql: `
    CREATE INDEX jobs_ended ON jobs (completion_date, is_parent, parent_job_id) WHERE completion_date IS NOT NULL AND parent_job_id IS NULL;

    CREATE TABLE resource_restores (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      job_id TEXT NOT NULL,
      creation_date INTEGER NOT NULL,
      completion_date INTEGER NOT NULL,
      rp_creation_date INTEGER NOT NULL,
      PRIMARY KEY (account, region, resource_arn)
    ) WITHOUT ROWID;
    INSERT INTO resource_restores (account, region, resource_arn, job_id, creation_date, completion_date, rp_creation_date)
      SELECT account, region, resource_arn, id, creation_date, completion_date, rp_creation_date FROM (
        SELECT account, region, resource_arn, id, creation_date, completion_date, rp_creation_date,
          row_number() OVER (PARTITION BY account, region, resource_arn ORDER BY creation_date DESC, completion_date DESC, seq DESC) AS n
        FROM jobs WHERE kind = 'restore' AND state = 'COMPLETED'
      ) WHERE n = 1;

    ALTER TABLE scan_jobs ADD COLUMN point_gone INTEGER NOT NULL DEFAULT 0;
    UPDATE scan_jobs SET point_gone = 1 WHERE NOT EXISTS (SELECT 1 FROM recovery_points r WHERE r.arn = scan_jobs.recovery_point_arn);
    CREATE INDEX scan_jobs_gone ON scan_jobs (completion_date) WHERE point_gone = 1 AND completion_date IS NOT NULL;
  `,
};
