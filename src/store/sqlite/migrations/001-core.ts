import type { Migration } from './index.js';

export const migration001: Migration = {
  version: 1,
  name: 'core',
  sql: `
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- Documents of the low-cardinality kinds (vaults, plans, holds, frameworks, settings, ...):
    -- one row per record, scoped by account and region; seq gives a stable keyset order.
    CREATE TABLE docs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      id TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX docs_key ON docs (kind, account, region, id);
    CREATE INDEX docs_order ON docs (kind, account, region, seq);
    -- Tags of any taggable resource, by ARN.
    CREATE TABLE tags (arn TEXT PRIMARY KEY, account TEXT NOT NULL, region TEXT NOT NULL, data TEXT NOT NULL);
  `,
};
