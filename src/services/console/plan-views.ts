/**
 * The plans' console routes, over the plans domain's own code: the next firings of each rule
 * with the scheduler's cron (cron.ts, in the rule's time zone, from the business clock's now) and
 * its overlap rule (rule-overlap.ts: which of them another rule supersedes),
 * and the inventory resources a selection picks with the scheduler's catalog and matcher.
 */
import { AdminError } from '../../server/admin.js';
import type { Scope } from '../../store/types.js';
import type { ResourceCatalog } from '../plans/contract.js';
import { nextFires } from '../plans/cron.js';
import { cronOf, type PlanRepository } from '../plans/plan-repository.js';
import { DEFAULT_TIMEZONE, type PlanRecord } from '../plans/plan-record.js';
import { supersedingRule } from '../plans/rule-overlap.js';
import { selects } from '../plans/selection-matcher.js';

/** Matches answered at most (an inventory can be large; the view shows the first ones). */
export const MAX_MATCHES = 1000;

async function activePlan(repo: PlanRepository, scope: Scope, planId: string): Promise<PlanRecord> {
  const plan = await repo.plans.get(scope, planId);
  if (!plan || plan.deletionDate !== undefined) throw new AdminError(404, `Backup plan ${planId} does not exist in account ${scope.accountId}, ${scope.region}.`);
  return plan;
}

/**
 * Each rule's next firings and, among them, those that back nothing up because an overlapping
 * rule of the plan wins (rule-overlap.ts, the very test the scheduler makes before it fires).
 */
export async function nextFirings(repo: PlanRepository, scope: Scope, planId: string, nowMs: number, count: number) {
  const plan = await activePlan(repo, scope, planId);
  const rules = plan.document.Rules ?? [];
  return {
    rules: rules.map((rule) => {
      const timeZone = rule.ScheduleExpressionTimezone ?? DEFAULT_TIMEZONE;
      const fires = nextFires(cronOf(rule.ScheduleExpression!), nowMs, timeZone, count);
      return {
        ruleId: rule.RuleId!,
        ruleName: rule.RuleName!,
        scheduleExpression: rule.ScheduleExpression!,
        scheduleExpressionTimezone: timeZone,
        next: fires.map((t) => new Date(t).toISOString()),
        superseded: fires.flatMap((t) => {
          const winner = supersedingRule(rules, rule, t);
          return winner ? [{ at: new Date(t).toISOString(), byRuleId: winner.RuleId!, byRuleName: winner.RuleName! }] : [];
        }),
      };
    }),
  };
}

export async function selectionMatches(repo: PlanRepository, catalog: ResourceCatalog, scope: Scope, planId: string, selectionId: string) {
  await activePlan(repo, scope, planId);
  const selection = (await repo.selectionsOf(scope, planId)).find((s) => s.selectionId === selectionId);
  if (!selection) throw new AdminError(404, `Backup selection ${selectionId} does not exist in backup plan ${planId}.`);
  const matched = (await catalog.list(scope)).filter((r) => selects(selection.selection, r));
  return {
    resources: matched.slice(0, MAX_MATCHES).map((r) => ({ resourceArn: r.arn, resourceType: r.type, ...(r.name ? { resourceName: r.name } : {}) })),
    truncated: matched.length > MAX_MATCHES,
  };
}
