/** The plan scheduler's table on PostgreSQL (see SqlitePlanScheduleStore). */
import type { PlanScheduleRow, PlanScheduleStore } from '../repos/plan-schedule-store.js';
import type { Scope } from '../types.js';
import type { PgSql } from './sql.js';

const UPSERT =
  'INSERT INTO plan_schedule (account, region, plan_id, rule_id, next_fire) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, region, plan_id, rule_id) DO UPDATE SET next_fire = excluded.next_fire';

export class PgPlanScheduleStore implements PlanScheduleStore {
  constructor(
    private readonly sql: PgSql,
    /** Store.atomically: replacePlan's delete and inserts land together. */
    private readonly atomically: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  async earliest(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(next_fire) AS m FROM plan_schedule');
    return row?.m ?? undefined;
  }

  async due(nowMs: number, limit: number): Promise<PlanScheduleRow[]> {
    const rows = await this.sql.query<{ account: string; region: string; plan_id: string; rule_id: string; next_fire: number }>(
      'SELECT account, region, plan_id, rule_id, next_fire FROM plan_schedule WHERE next_fire <= ? ORDER BY next_fire, account, region, plan_id, rule_id LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ accountId: r.account, region: r.region, planId: r.plan_id, ruleId: r.rule_id, nextFire: r.next_fire }));
  }

  replacePlan(scope: Scope, planId: string, rows: { ruleId: string; nextFire: number }[]): Promise<void> {
    return this.atomically(async () => {
      await this.deletePlan(scope, planId);
      for (const r of rows) await this.sql.run(UPSERT, [scope.accountId, scope.region, planId, r.ruleId, r.nextFire]);
    });
  }

  async setNext(scope: Scope, planId: string, ruleId: string, nextFire: number | undefined): Promise<void> {
    if (nextFire === undefined) {
      await this.sql.run('DELETE FROM plan_schedule WHERE account = ? AND region = ? AND plan_id = ? AND rule_id = ?', [
        scope.accountId, scope.region, planId, ruleId,
      ]);
    } else {
      await this.sql.run(UPSERT, [scope.accountId, scope.region, planId, ruleId, nextFire]);
    }
  }

  async deletePlan(scope: Scope, planId: string): Promise<void> {
    await this.sql.run('DELETE FROM plan_schedule WHERE account = ? AND region = ? AND plan_id = ?', [scope.accountId, scope.region, planId]);
  }
}
