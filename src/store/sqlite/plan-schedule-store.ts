/**
 * The SQLite implementation of repos/plan-schedule-store.ts. The scheduler's table: when each
 * backup rule of each active plan fires next.
 */
import type { Db } from './sqlite.js';
import type { Scope } from '../types.js';
import type { PlanScheduleRow, PlanScheduleStore } from '../repos/plan-schedule-store.js';

export class SqlitePlanScheduleStore implements PlanScheduleStore {
  private readonly minStmt;
  private readonly dueStmt;
  private readonly deletePlanStmt;
  private readonly upsertStmt;
  private readonly deleteRuleStmt;

  constructor(private readonly db: Db) {
    this.minStmt = db.prepare('SELECT MIN(next_fire) FROM plan_schedule').pluck();
    this.dueStmt = db.prepare(
      'SELECT account, region, plan_id, rule_id, next_fire FROM plan_schedule WHERE next_fire <= ? ORDER BY next_fire, account, region, plan_id, rule_id LIMIT ?',
    );
    this.deletePlanStmt = db.prepare('DELETE FROM plan_schedule WHERE account = ? AND region = ? AND plan_id = ?');
    this.upsertStmt = db.prepare(
      'INSERT INTO plan_schedule (account, region, plan_id, rule_id, next_fire) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, region, plan_id, rule_id) DO UPDATE SET next_fire = excluded.next_fire',
    );
    this.deleteRuleStmt = db.prepare('DELETE FROM plan_schedule WHERE account = ? AND region = ? AND plan_id = ? AND rule_id = ?');
  }

  async earliest(): Promise<number | undefined> {
    return (this.minStmt.get() as number | null) ?? undefined;
  }

  async due(nowMs: number, limit: number): Promise<PlanScheduleRow[]> {
    const rows = this.dueStmt.all(nowMs, limit) as { account: string; region: string; plan_id: string; rule_id: string; next_fire: number }[];
    return rows.map((r) => ({ accountId: r.account, region: r.region, planId: r.plan_id, ruleId: r.rule_id, nextFire: r.next_fire }));
  }

  async replacePlan(scope: Scope, planId: string, rows: { ruleId: string; nextFire: number }[]): Promise<void> {
    this.db.transaction(() => {
      this.deletePlanStmt.run(scope.accountId, scope.region, planId);
      for (const r of rows) this.upsertStmt.run(scope.accountId, scope.region, planId, r.ruleId, r.nextFire);
    })();
  }

  async setNext(scope: Scope, planId: string, ruleId: string, nextFire: number | undefined): Promise<void> {
    if (nextFire === undefined) this.deleteRuleStmt.run(scope.accountId, scope.region, planId, ruleId);
    else this.upsertStmt.run(scope.accountId, scope.region, planId, ruleId, nextFire);
  }

  async deletePlan(scope: Scope, planId: string): Promise<void> {
    this.deletePlanStmt.run(scope.accountId, scope.region, planId);
  }
}
