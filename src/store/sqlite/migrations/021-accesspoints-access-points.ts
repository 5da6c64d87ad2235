import type { Migration } from './index.js';

export const migration021AccessPoints: Migration = {
  version: 21,
  name: 'access-points',
  sql: `
    -- Backup access points. One row per name in an account and Region (the ARN is made of
    -- them): a deleted access point keeps its row, marked deleted, while its name cannot be
    -- reused yet. Lists go by account and Region, by recovery point (the removal guard's one
    -- index seek) and by backed-up resource, each in creation order; the engine finds the next
    -- status change with one MIN over the partial due_at index.
    CREATE TABLE access_points (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      arn TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      point_arn TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      status TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0,
      due_at INTEGER,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX access_points_arn ON access_points (arn);
    CREATE INDEX access_points_scope ON access_points (account, region, seq);
    CREATE INDEX access_points_point ON access_points (point_arn, seq);
    CREATE INDEX access_points_resource ON access_points (account, region, resource_arn, seq);
    CREATE INDEX access_points_due ON access_points (due_at) WHERE due_at IS NOT NULL;
  `,
};
