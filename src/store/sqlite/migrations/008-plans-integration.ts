import type { Migration } from './index.js';

export const migration008: Migration = {
  version: 8,
  name: 'plans-integration',
  sql: `
    -- One running backup job per resource (AWS's quota): the job worker asks, at every start,
    -- whether the resource has a RUNNING backup job. A partial index holds only those rows.
    CREATE INDEX jobs_running_backup ON jobs (account, region, resource_arn) WHERE kind = 'backup' AND state = 'RUNNING';
  `,
};
