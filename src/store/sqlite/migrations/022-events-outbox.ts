import type { Migration } from './index.js';

/**
 * The event outbox (services/events/, docs/events.md): every event and vault notification
 * Holdfast emits, written in the transaction of the state change that causes it, delivered
 * after commit by the delivery worker. It is also the event log of GET /_holdfast/events.
 * - seq orders the log and the deliveries; order_key is the resource whose events keep their order.
 * - pending lists the sinks (eventbridge, sns, webhook) still to deliver to, space-separated;
 *   '' once delivered (or when no sink was configured). outbox_pending finds the work.
 * - next_attempt_at is wall time (ms): deliveries retry in real time, not on the business clock.
 */
export const migration022EventsOutbox: Migration = {
  version: 22,
  name: 'events-outbox',
  sql: `
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      channel TEXT NOT NULL,
      target TEXT NOT NULL,
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      detail_type TEXT NOT NULL,
      order_key TEXT NOT NULL,
      resources TEXT NOT NULL,
      time INTEGER NOT NULL,
      payload TEXT NOT NULL,
      pending TEXT NOT NULL,
      delivered TEXT NOT NULL DEFAULT '',
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at INTEGER
    );
    CREATE INDEX outbox_pending ON outbox (seq) WHERE pending <> '';
  `,
};
