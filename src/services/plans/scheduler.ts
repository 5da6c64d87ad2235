/**
 * The plan scheduler, an engine Worker: each backup rule of each active plan fires at every one
 * of its schedule times, in its time zone, on the server's clock. A firing matches the plan's
 * selections against the resource catalog and asks the BackupStarter for one backup per
 * selected resource, stamped with the firing's own scheduled instant.
 *
 * Delivery is at least once: the next firing is recorded after the backups are started, so a
 * crash in between repeats the firing (requests carry an idempotencyKey for that case).
 */
import type { BackupRule } from '@aws-sdk/client-backup';
import type { Worker } from '../../engine/engine.js';
import type { Store, Scope } from '../../store/types.js';
import type { PlanScheduleRow } from '../../store/repos/plan-schedule-store.js';
import type { BackupStarter, CatalogResource, ResourceCatalog, ScheduledBackupRequest } from './contract.js';
import { nextFireAfter } from './cron.js';
import { cronOf, type PlanRepository } from './plan-repository.js';
import type { PlanRecord } from './plan-record.js';
import { selects } from './selection-matcher.js';
import { supersedingRule } from './rule-overlap.js';

const BATCH = 100;

export class PlanScheduler implements Worker {
  readonly name = 'backup-plan-scheduler';
  /** Store reads and writes only (listeners too): the engine may group its commits. */
  readonly groupCommit = true;

  constructor(
    private readonly store: Store,
    private readonly repo: PlanRepository,
    private readonly starter: BackupStarter,
    private readonly catalog: ResourceCatalog,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.store.planSchedule.earliest();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const rows = await this.store.planSchedule.due(nowMs, BATCH);
      if (rows.length === 0) return;
      // Only the earliest instant of the batch: a catch-up pass then still fires in time order.
      // Every firing of the instant in one transaction (one commit for thousands of jobs), and
      // one read of each scope's resource catalog.
      const instant = rows[0]!.nextFire;
      const catalogs = new Map<string, Promise<CatalogResource[]>>();
      await this.store.atomically(async () => {
        for (const row of rows) if (row.nextFire === instant) await this.fireRow(row, catalogs);
      });
    }
  }

  private async fireRow(row: PlanScheduleRow, catalogs: Map<string, Promise<CatalogResource[]>>): Promise<void> {
    const scope: Scope = { accountId: row.accountId, region: row.region };
    const plan = await this.repo.plans.get(scope, row.planId);
    const rule = plan?.deletionDate === undefined ? plan?.document.Rules?.find((r) => r.RuleId === row.ruleId) : undefined;
    if (!plan || !rule) {
      await this.store.planSchedule.setNext(scope, row.planId, row.ruleId, undefined);
      return;
    }
    const started = await this.store.atomically(() => this.fire(scope, plan, rule, row.nextFire, catalogs));
    const next = nextFireAfter(cronOf(rule.ScheduleExpression!), row.nextFire, rule.ScheduleExpressionTimezone);
    await this.store.atomically(async () => {
      // Re-read: an update or delete while the backups were starting has rescheduled the plan itself.
      const fresh = await this.repo.plans.get(scope, plan.id);
      if (!fresh || fresh.deletionDate !== undefined || fresh.versionId !== plan.versionId) return;
      await this.store.planSchedule.setNext(scope, plan.id, rule.RuleId!, next);
      if (started > 0 && (fresh.lastExecutionDate ?? 0) < row.nextFire) {
        await this.repo.plans.update(scope, plan.id, { ...fresh, lastExecutionDate: row.nextFire });
      }
    });
  }

  /** Starts one backup per resource the plan's selections pick; answers how many. */
  private async fire(scope: Scope, plan: PlanRecord, rule: BackupRule, scheduledAt: number, catalogs: Map<string, Promise<CatalogResource[]>>): Promise<number> {
    const selections = await this.repo.selectionsOf(scope, plan.id);
    if (selections.length === 0) return 0;
    // Overlapping rules of one plan: only the one with the longer retention backs up (rule-overlap.ts).
    if (supersedingRule(plan.document.Rules ?? [], rule, scheduledAt)) return 0;
    const ruleId = rule.RuleId!;
    const key = `${scope.accountId}/${scope.region}`;
    if (!catalogs.has(key)) catalogs.set(key, this.catalog.list(scope));
    const resources = await catalogs.get(key)!;
    let started = 0;
    for (const resource of resources) {
      // A resource picked by several selections of one plan is backed up once per firing.
      const selection = selections.find((s) => selects(s.selection, resource));
      if (!selection) continue;
      const request: ScheduledBackupRequest = {
        backupPlanId: plan.id,
        backupPlanArn: plan.arn,
        backupPlanName: plan.document.BackupPlanName!,
        backupPlanVersion: plan.versionId,
        backupRuleId: ruleId,
        backupRuleName: rule.RuleName!,
        backupRuleCron: rule.ScheduleExpression!,
        backupRuleTimezone: rule.ScheduleExpressionTimezone!,
        backupSelectionId: selection.selectionId,
        backupVaultName: rule.TargetBackupVaultName!,
        logicallyAirGappedVaultArn: rule.TargetLogicallyAirGappedBackupVaultArn,
        resourceArn: resource.arn,
        iamRoleArn: selection.selection.IamRoleArn!,
        startWindowMinutes: rule.StartWindowMinutes!,
        completionWindowMinutes: rule.CompletionWindowMinutes!,
        lifecycle: rule.Lifecycle,
        recoveryPointTags: rule.RecoveryPointTags,
        copyActions: rule.CopyActions ?? [],
        enableContinuousBackup: rule.EnableContinuousBackup === true,
        indexActions: rule.IndexActions,
        advancedBackupSettings: plan.document.AdvancedBackupSettings,
        scheduledAt,
        // The instant first: the tokens of one firing sort together (one index region per firing).
        idempotencyKey: `${scheduledAt}/${plan.id}/${ruleId}/${resource.arn}`,
      };
      await this.starter.startScheduledBackup(scope, request);
      started++;
    }
    return started;
  }
}
