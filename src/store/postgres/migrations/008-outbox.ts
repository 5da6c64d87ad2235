import type { PgMigration } from './index.js';

/** The event outbox (SQLite's 022): written in the state change's transaction, delivered after commit. */
export const migration008: PgMigration = {
  version: 8,
  name: 'events-outbox',
  sql: `
    CREATE TABLE outbox (
      seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel TEXT NOT NULL,
      target TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      detail_type TEXT NOT NULL,
      order_key TEXT NOT NULL,
      resources TEXT NOT NULL,
      time BIGINT NOT NULL,
      payload TEXT NOT NULL,
      pending TEXT NOT NULL,
      delivered TEXT NOT NULL DEFAULT '',
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at BIGINT
    );
    CREATE INDEX outbox_pending ON outbox (seq) WHERE pending <> '';
  `,
};
