/** Plans, their versions and their selections in the store, shared by the plan services and the scheduler. */
import { notFound } from '../../protocol/errors.js';
import type { DocCollection, Scope, Store } from '../../store/types.js';
import { nextFireAfter, parseCron, type CronSchedule } from './cron.js';
import {
  PLAN_KIND,
  PLAN_VERSION_KIND,
  SELECTION_KIND,
  type PlanDocument,
  type PlanRecord,
  type PlanVersionRecord,
  type SelectionRecord,
} from './plan-record.js';

const cronCache = new Map<string, CronSchedule>();

/** Parses (once) a schedule that was checked when its plan was saved. */
export function cronOf(expression: string): CronSchedule {
  let c = cronCache.get(expression);
  if (!c) {
    c = parseCron(expression);
    if (cronCache.size > 10_000) cronCache.clear();
    cronCache.set(expression, c);
  }
  return c;
}

export class PlanRepository {
  readonly plans: DocCollection<PlanRecord>;
  readonly versions: DocCollection<PlanVersionRecord>;
  readonly selections: DocCollection<SelectionRecord>;

  constructor(readonly store: Store) {
    this.plans = store.docs<PlanRecord>(PLAN_KIND);
    this.versions = store.docs<PlanVersionRecord>(PLAN_VERSION_KIND);
    this.selections = store.docs<SelectionRecord>(SELECTION_KIND);
  }

  /** A plan, deleted or not; ResourceNotFoundException when there is none. */
  async requirePlan(scope: Scope, planId: string): Promise<PlanRecord> {
    const plan = await this.plans.get(scope, planId);
    if (!plan) throw notFound(`Backup plan ${planId} does not exist.`, { Type: 'User' });
    return plan;
  }

  /** A plan that has not been deleted. */
  async requireActivePlan(scope: Scope, planId: string): Promise<PlanRecord> {
    const plan = await this.requirePlan(scope, planId);
    if (plan.deletionDate !== undefined) throw notFound(`Backup plan ${planId} has been deleted.`, { Type: 'User' });
    return plan;
  }

  /** Every plan of an account and region (plans are few: AWS allows 100 per Region). */
  async allPlans(scope: Scope): Promise<PlanRecord[]> {
    return (await this.plans.list(scope)).map((r) => r.doc);
  }

  async selectionsOf(scope: Scope, planId: string): Promise<SelectionRecord[]> {
    return (await this.selections.list(scope)).map((r) => r.doc).filter((s) => s.planId === planId);
  }

  /** The next firing of every rule of a plan document, strictly after afterMs. */
  static nextFires(doc: PlanDocument, afterMs: number): { ruleId: string; nextFire: number }[] {
    const rows: { ruleId: string; nextFire: number }[] = [];
    for (const rule of doc.Rules ?? []) {
      const next = nextFireAfter(cronOf(rule.ScheduleExpression!), afterMs, rule.ScheduleExpressionTimezone);
      if (next !== undefined) rows.push({ ruleId: rule.RuleId!, nextFire: next });
    }
    return rows;
  }
}
