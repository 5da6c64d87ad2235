/**
 * Plans: the backup plans (ListBackupPlans) and, for the selected one, its rules (GetBackupPlan),
 * each rule's next firings in its time zone and each selection's matching inventory resources
 * (GET /_holdfast/console/plans/next-firings and /selection-matches: the scheduler's own cron,
 * catalog and matcher, docs/console-routes.md).
 */
import { GetBackupPlanCommand, ListBackupPlansCommand, ListBackupSelectionsCommand } from '@aws-sdk/client-backup';
import { Empty, ErrorNote, Loading } from '../components/status.js';
import { allPages } from '../lib/all-pages.js';
import { useConsole } from '../lib/context.js';
import { formatTime } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import type { ConsoleView } from './index.js';

interface NextFirings {
  rules: { ruleId: string; ruleName: string; scheduleExpression: string; scheduleExpressionTimezone: string; next: string[]; superseded: { at: string; byRuleName: string }[] }[];
}

interface SelectionMatches {
  resources: { resourceArn: string; resourceType: string; resourceName?: string }[];
  truncated: boolean;
}

/** A time in the rule's own zone beside UTC (what a person compares with the cron expression). */
function zoned(iso: string, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return `${local} ${timeZone} (${formatTime(iso)})`;
}

function Matches({ planId, selectionId }: { planId: string; selectionId: string }) {
  const { admin } = useConsole();
  const state = useLoad(() => admin.get<SelectionMatches>('/console/selection-matches', { planId, selectionId }), [admin, planId, selectionId]);
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="matching resources" />;
  if (state.data.resources.length === 0) return <Empty>No inventory resource matches this selection.</Empty>;
  return (
    <ul data-testid={`matches-${selectionId}`}>
      {state.data.resources.map((r) => (
        <li key={r.resourceArn}>
          {r.resourceType} {r.resourceName ?? ''} <span class="hint">{r.resourceArn}</span>
        </li>
      ))}
      {state.data.truncated && <li class="hint">... and more (the first 1,000 are shown)</li>}
    </ul>
  );
}

function PlanDetail({ planId }: { planId: string }) {
  const { backup, admin } = useConsole();
  const state = useLoad(
    async () => {
      const [plan, firings, selections] = await Promise.all([
        backup.send(new GetBackupPlanCommand({ BackupPlanId: planId })),
        admin.get<NextFirings>('/console/plans/next-firings', { planId, count: 5 }),
        backup.send(new ListBackupSelectionsCommand({ BackupPlanId: planId, MaxResults: 50 })),
      ]);
      return { plan, firings, selections: selections.BackupSelectionsList ?? [] };
    },
    [backup, admin, planId],
  );
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="the plan" />;
  const { plan, firings, selections } = state.data;
  const next = new Map(firings.rules.map((r) => [r.ruleId, r]));
  return (
    <section class="detail" data-testid="plan-detail">
      <h3>{plan.BackupPlan?.BackupPlanName}</h3>
      <table class="grid" data-testid="plan-rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Schedule</th>
            <th>Target vault</th>
            <th>Lifecycle</th>
            <th>Next firings</th>
          </tr>
        </thead>
        <tbody>
          {(plan.BackupPlan?.Rules ?? []).map((rule) => {
            const f = next.get(rule.RuleId!);
            return (
              <tr key={rule.RuleId} data-key={rule.RuleName}>
                <td>{rule.RuleName}</td>
                <td>
                  {rule.ScheduleExpression} <span class="hint">{rule.ScheduleExpressionTimezone}</span>
                </td>
                <td>{rule.TargetBackupVaultName}</td>
                <td>
                  {rule.Lifecycle?.MoveToColdStorageAfterDays !== undefined ? `cold after ${rule.Lifecycle.MoveToColdStorageAfterDays} d, ` : ''}
                  {rule.Lifecycle?.DeleteAfterDays !== undefined ? `deleted after ${rule.Lifecycle.DeleteAfterDays} d` : 'kept'}
                </td>
                <td>
                  <ol class="reasons" data-testid={`next-${rule.RuleName}`}>
                    {(f?.next ?? []).map((t) => {
                      // A firing an overlapping rule of the plan wins over backs nothing up (the scheduler's rule).
                      const by = f!.superseded.find((x) => x.at === t)?.byRuleName;
                      return (
                        <li key={t} class={by ? 'superseded' : undefined}>
                          {zoned(t, f!.scheduleExpressionTimezone)}
                          {by && <span class="hint"> superseded by {by}</span>}
                        </li>
                      );
                    })}
                  </ol>
                  {f && f.next.length === 0 && <span class="hint">never again</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h4>Selections</h4>
      {selections.length === 0 && <Empty>This plan selects no resources.</Empty>}
      {selections.map((s) => (
        <div key={s.SelectionId}>
          <h5>{s.SelectionName}</h5>
          <Matches planId={planId} selectionId={s.SelectionId!} />
        </div>
      ))}
    </section>
  );
}

function Plans() {
  const { backup, params, setParams } = useConsole();
  const state = useLoad(() => allPages((NextToken) => backup.send(new ListBackupPlansCommand({ NextToken, MaxResults: 100 })), (page) => page.BackupPlansList), [backup]);
  const selected = params.get('plan') ?? undefined;
  if (state.error) return <ErrorNote error={state.error} />;
  if (!state.data) return <Loading what="backup plans" />;
  return (
    <div class="split">
      <table class="grid" data-testid="plans">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Last run</th>
            <th>Version</th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((p) => (
            <tr key={p.BackupPlanId} data-key={p.BackupPlanName} class={p.BackupPlanId === selected ? 'selected' : undefined} onClick={() => setParams({ plan: p.BackupPlanId })}>
              <td>{p.BackupPlanName}</td>
              <td>{formatTime(p.CreationDate)}</td>
              <td>{formatTime(p.LastExecutionDate)}</td>
              <td class="hint">{p.VersionId}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.data.length === 0 && <Empty>No backup plans in this account and Region.</Empty>}
      {selected && <PlanDetail planId={selected} />}
    </div>
  );
}

export const plansView: ConsoleView = { id: 'plans', title: 'Plans', Component: Plans };
