import type { PgMigration } from './index.js';

/** The docs, tags, meta and plan schedule tables (SQLite's 001 and 004). */
export const migration001: PgMigration = {
  version: 1,
  name: 'core',
  sql: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- Documents of the low-cardinality kinds (vaults, plans, holds, frameworks, settings, ...):
    -- one row per record, scoped by account and region; seq gives a stable keyset order.
    CREATE TABLE docs (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX docs_key ON docs (kind, account, region, id);
    CREATE INDEX docs_order ON docs (kind, account, region, seq);
    CREATE INDEX docs_kind_order ON docs (kind, seq);
    -- Tags of any taggable resource, by ARN.
    CREATE TABLE tags (arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, data TEXT NOT NULL);
    -- The next firing instant of every backup rule of every active plan.
    CREATE TABLE plan_schedule (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      next_fire BIGINT NOT NULL,
      PRIMARY KEY (account, region, plan_id, rule_id)
    );
    CREATE INDEX plan_schedule_due ON plan_schedule (next_fire, account, region, plan_id, rule_id);
  `,
};
