import type { Migration } from './index.js';

export const migration004: Migration = {
  version: 4,
  name: 'plan-schedule',
  sql: `
    -- The next firing instant of every backup rule of every active plan: the scheduler's
    -- nextDue() is MIN(next_fire) over plan_schedule_due, and run() reads rows in that order.
    CREATE TABLE plan_schedule (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      rule_id TEXT NOT NULL,
      next_fire INTEGER NOT NULL,
      PRIMARY KEY (account, region, plan_id, rule_id)
    );
    CREATE INDEX plan_schedule_due ON plan_schedule (next_fire, account, region, plan_id, rule_id);
  `,
};
