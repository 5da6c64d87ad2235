/**
 * Controls over backup plans: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN (a selection of a live
 * plan picks the resource, with the plans' selection matcher) and
 * BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK (a plan has a rule that backs up at least as
 * often as required and keeps recovery points at least as long as required).
 */
import type { BackupRule, FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { Scope, TagStore } from '../../../store/types.js';
import { nextFireAfter } from '../../plans/cron.js';
import { DEFAULT_SCHEDULE, DEFAULT_TIMEZONE } from '../../plans/plan-record.js';
import { cronOf, type PlanRepository } from '../../plans/plan-repository.js';
import { selects } from '../../plans/selection-matcher.js';
import { inScope, type ComplianceEvaluator, type EvaluationResult, type ResourceEvaluation } from '../compliance.js';
import { effectiveParameters } from '../controls.js';
import { evaluation, resourceInScope, scopeResources } from './scope-resources.js';
import { DAY_MS, HOUR_MS } from '../../common/time.js';

export class ProtectedByBackupPlanEvaluator implements ComplianceEvaluator {
  readonly controlName = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN';

  constructor(private readonly plans: PlanRepository, private readonly inventory: Inventory, private readonly points: RecoveryPointsStore) {}

  async evaluate(scope: Scope, control: FrameworkControl): Promise<EvaluationResult> {
    const live = (await this.plans.allPlans(scope)).filter((p) => p.deletionDate === undefined);
    const selections = [];
    for (const plan of live) selections.push(...(await this.plans.selectionsOf(scope, plan.id)));
    const resources: ResourceEvaluation[] = [];
    for (const r of await scopeResources(scope, this.inventory, this.points)) {
      if (!resourceInScope(control, r)) continue;
      resources.push(evaluation(r, selections.some((s) => selects(s.selection, { arn: r.arn, tags: r.tags }))));
    }
    return { evaluated: true, resources };
  }
}

/**
 * The longest gap between two firings of a rule over the next 62 days (two months cover every
 * monthly schedule). A rule that never fires again has an infinite gap.
 */
export function longestGapMs(rule: BackupRule, nowMs: number): number {
  const schedule = cronOf(rule.ScheduleExpression ?? DEFAULT_SCHEDULE);
  const zone = rule.ScheduleExpressionTimezone ?? DEFAULT_TIMEZONE;
  const horizon = nowMs + 62 * DAY_MS;
  let previous = nextFireAfter(schedule, nowMs, zone);
  if (previous === undefined) return Number.POSITIVE_INFINITY;
  let longest = 0;
  while (previous <= horizon) {
    const next = nextFireAfter(schedule, previous, zone);
    if (next === undefined) return Number.POSITIVE_INFINITY;
    longest = Math.max(longest, next - previous);
    previous = next;
  }
  return longest;
}

export class PlanFrequencyAndRetentionEvaluator implements ComplianceEvaluator {
  readonly controlName = 'BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK';

  constructor(private readonly plans: PlanRepository, private readonly tags: TagStore) {}

  async evaluate(scope: Scope, control: FrameworkControl, nowMs: number): Promise<EvaluationResult> {
    const p = effectiveParameters(control);
    const unitMs = p.requiredFrequencyUnit === 'hours' ? HOUR_MS : DAY_MS;
    const requiredGap = Number(p.requiredFrequencyValue) * unitMs;
    // A daily rule in a time zone with daylight saving has one 25-hour gap a year; that still counts as daily.
    const tolerance = unitMs === DAY_MS ? HOUR_MS : 0;
    const requiredDays = Number(p.requiredRetentionDays);
    const ruleOk = (rule: BackupRule): boolean => {
      const keptDays = rule.Lifecycle?.DeleteAfterDays; // no DeleteAfterDays: kept indefinitely
      return (keptDays === undefined || keptDays >= requiredDays) && longestGapMs(rule, nowMs) <= requiredGap + tolerance;
    };
    const resources: ResourceEvaluation[] = [];
    for (const plan of await this.plans.allPlans(scope)) {
      if (plan.deletionDate !== undefined) continue;
      const tags = (await this.tags.get(plan.arn)) ?? {};
      if (!inScope(control, { id: plan.id, types: ['AWS::Backup::BackupPlan'], tags })) continue;
      const ok = (plan.document.Rules ?? []).some(ruleOk);
      resources.push({ resourceId: plan.id, resourceType: 'AWS::Backup::BackupPlan', status: ok ? 'COMPLIANT' : 'NON_COMPLIANT' });
    }
    return { evaluated: true, resources };
  }
}
