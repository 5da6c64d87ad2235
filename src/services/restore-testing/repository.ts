/** Restore testing plans, selections and schedule in the store, shared by the services and the worker. */
import { notFound } from '../../protocol/errors.js';
import type { RestoreTestingStore } from '../../store/repos/restore-testing-store.js';
import type { DocCollection, Scope, Store } from '../../store/types.js';
import { nextFireAfter } from '../plans/cron.js';
import { cronOf } from '../plans/plan-repository.js';
import { PLAN_KIND, SELECTION_KIND, selectionKey, type RestoreTestingPlanRecord, type RestoreTestingSelectionRecord } from './records.js';

export class RestoreTestingRepository {
  readonly plans: DocCollection<RestoreTestingPlanRecord>;
  readonly selections: DocCollection<RestoreTestingSelectionRecord>;
  readonly tables: RestoreTestingStore;

  constructor(readonly store: Store) {
    this.plans = store.docs<RestoreTestingPlanRecord>(PLAN_KIND);
    this.selections = store.docs<RestoreTestingSelectionRecord>(SELECTION_KIND);
    this.tables = store.restoreTesting;
  }

  async requirePlan(scope: Scope, name: string): Promise<RestoreTestingPlanRecord> {
    const plan = await this.plans.get(scope, name);
    if (!plan) throw notFound(`Restore testing plan ${name} does not exist in account ${scope.accountId} and Region ${scope.region}.`, { Type: 'User' });
    return plan;
  }

  async requireSelection(scope: Scope, planName: string, name: string): Promise<RestoreTestingSelectionRecord> {
    await this.requirePlan(scope, planName);
    const selection = await this.selections.get(scope, selectionKey(planName, name));
    if (!selection) throw notFound(`Restore testing selection ${name} does not exist in restore testing plan ${planName}.`, { Type: 'User' });
    return selection;
  }

  /** The selections of one plan (few: one per protected resource type). */
  async selectionsOf(scope: Scope, planName: string): Promise<RestoreTestingSelectionRecord[]> {
    return (await this.selections.list(scope)).map((r) => r.doc).filter((s) => s.planName === planName);
  }

  /** Schedules the plan's first firing strictly after afterMs (or none, for a schedule that never fires again). */
  async reschedule(scope: Scope, plan: RestoreTestingPlanRecord, afterMs: number): Promise<void> {
    await this.tables.setNextFire(scope, plan.name, nextFireAfter(cronOf(plan.scheduleExpression), afterMs, plan.timezone));
  }
}
