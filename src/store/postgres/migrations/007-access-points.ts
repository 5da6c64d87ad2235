import type { PgMigration } from './index.js';

/** Backup access points (SQLite's 021): a deleted one keeps its row while its name cannot be reused. */
export const migration007: PgMigration = {
  version: 7,
  name: 'access-points',
  sql: `
    CREATE TABLE access_points (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      arn TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      point_arn TEXT NOT NULL,
      resource_arn TEXT NOT NULL,
      status TEXT NOT NULL,
      deleted SMALLINT NOT NULL DEFAULT 0,
      due_at BIGINT,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX access_points_arn ON access_points (arn);
    CREATE INDEX access_points_scope ON access_points (account, region, seq);
    CREATE INDEX access_points_point ON access_points (point_arn, seq);
    CREATE INDEX access_points_resource ON access_points (account, region, resource_arn, seq);
    CREATE INDEX access_points_due ON access_points (due_at) WHERE due_at IS NOT NULL;
  `,
};
