import type { Migration } from './index.js';

/**
 * Audit integration: job reports read the jobs still open at a period's end (jobs_open, keyset on
 * seq) beside the finished ones (jobs_completed); cross-Region and cross-account controls ask
 * where a resource has recovery points, in any account and Region (rp_resource_anywhere).
 */
export const migration009: Migration = {
  version: 9,
  name: 'audit-integration',
  sql: `
    CREATE INDEX jobs_open ON jobs (kind, account, region, seq) WHERE completion_date IS NULL;
    CREATE INDEX rp_resource_anywhere ON recovery_points (resource_arn, account, region, status);
  `,
};
