/**
 * Backup plans: create, get (any version, with a preview of the next runs), update (each update
 * is a new version), delete (refused while selections exist), list, list versions.
 */
import { planStateChange } from './plan-events.js';
import { randomUUID } from 'node:crypto';
import type { BackupPlansListMember, ScheduledPlanExecutionMember } from '@aws-sdk/client-backup';
import { alreadyExists, invalidParameter, invalidRequest, limitExceeded, notFound } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import { nextFires } from './cron.js';
import { cronOf, PlanRepository } from './plan-repository.js';
import { versionKey, type PlanDocument, type PlanRecord, type PlanVersionRecord } from './plan-record.js';
import { checkPlan, fingerprint } from './plan-validation.js';
import { optionalDate as date } from '../common/time.js';

/** AWS's quota of backup plans per account and Region. */
export const MAX_PLANS = 100;
const CREATOR_REQUEST_ID = /^[a-zA-Z0-9\-_.]{1,50}$/;

/** AWS's GetBackupPlan answer for an unknown plan or version (ResourceNotFoundException). */
export const PLAN_READ_FAILED = 'Failed reading Backup plan with provided version';

/** AWS's version ids look like base64 of a UUID. */
export const newVersionId = (): string => Buffer.from(randomUUID()).toString('base64');

export function checkCreatorRequestId(id: string | undefined): void {
  if (id !== undefined && !CREATOR_REQUEST_ID.test(id)) {
    throw invalidParameter(`Invalid CreatorRequestId '${id}': use 1 to 50 letters, digits, hyphens, underscores and periods.`);
  }
}

function listMember(plan: PlanRecord, version?: PlanVersionRecord): BackupPlansListMember {
  const doc = version?.document ?? plan.document;
  const deletion = version ? version.deletionDate : plan.deletionDate;
  return {
    BackupPlanArn: plan.arn,
    BackupPlanId: plan.id,
    CreationDate: new Date(version?.creationDate ?? plan.versionDate),
    DeletionDate: date(deletion),
    VersionId: version?.versionId ?? plan.versionId,
    BackupPlanName: doc.BackupPlanName,
    CreatorRequestId: plan.creatorRequestId,
    LastExecutionDate: version ? undefined : date(plan.lastExecutionDate),
    AdvancedBackupSettings: doc.AdvancedBackupSettings,
  };
}

export class PlanService {
  private readonly vaults;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly repo: PlanRepository,
  ) {
    this.vaults = deps.store.docs<VaultRecord>(VAULT_KIND);
  }

  private async checked(scope: Scope, input: Parameters<typeof checkPlan>[0]): Promise<PlanDocument> {
    return checkPlan(input, { scope, vaultExists: async (name) => (await this.vaults.get(scope, name)) !== undefined });
  }

  /** Gives each rule its id: an existing rule of the same name keeps its RuleId. */
  private static assignRuleIds(doc: PlanDocument, previous?: PlanDocument): void {
    const known = new Map((previous?.Rules ?? []).map((r) => [r.RuleName, r.RuleId]));
    for (const rule of doc.Rules ?? []) rule.RuleId = known.get(rule.RuleName) ?? randomUUID();
  }

  private preview(doc: PlanDocument, nowMs: number, count: number): ScheduledPlanExecutionMember[] {
    const runs: { at: number; ruleId: string; type: 'SNAPSHOTS' | 'CONTINUOUS_AND_SNAPSHOTS' }[] = [];
    for (const rule of doc.Rules ?? []) {
      for (const at of nextFires(cronOf(rule.ScheduleExpression!), nowMs, rule.ScheduleExpressionTimezone!, count)) {
        runs.push({ at, ruleId: rule.RuleId!, type: rule.EnableContinuousBackup ? 'CONTINUOUS_AND_SNAPSHOTS' : 'SNAPSHOTS' });
      }
    }
    runs.sort((a, b) => a.at - b.at || a.ruleId.localeCompare(b.ruleId));
    return runs.slice(0, count).map((r) => ({ ExecutionTime: new Date(r.at), RuleId: r.ruleId, RuleExecutionType: r.type }));
  }

  handlers(): Handlers {
    return {
      CreateBackupPlan: async (input, ctx) => {
        checkCreatorRequestId(input.CreatorRequestId);
        const plans = await this.repo.allPlans(ctx);
        if (input.CreatorRequestId !== undefined) {
          const same = plans.find((p) => p.creatorRequestId === input.CreatorRequestId && p.deletionDate === undefined);
          if (same) {
            return {
              BackupPlanId: same.id,
              BackupPlanArn: same.arn,
              CreationDate: new Date(same.versionDate),
              VersionId: same.versionId,
              AdvancedBackupSettings: same.document.AdvancedBackupSettings,
            };
          }
        }
        const doc = await this.checked(ctx, input.BackupPlan!);
        const print = fingerprint(doc);
        const active = plans.filter((p) => p.deletionDate === undefined);
        const duplicate = active.find((p) => p.fingerprint === print);
        if (duplicate) {
          throw alreadyExists('Backup plan with the same plan document already exists', {
            CreatorRequestId: duplicate.creatorRequestId,
            Arn: duplicate.arn,
          });
        }
        if (active.length >= MAX_PLANS) {
          throw limitExceeded(`This account already has ${MAX_PLANS} backup plans in ${ctx.region}, the most AWS Backup allows.`);
        }
        if (input.BackupPlanTags) validateTags(input.BackupPlanTags);
        PlanService.assignRuleIds(doc);
        const now = ctx.now.getTime();
        const id = randomUUID();
        const plan: PlanRecord = {
          id,
          arn: backupArn(ctx, 'backup-plan', id),
          versionId: newVersionId(),
          versionDate: now,
          creatorRequestId: input.CreatorRequestId,
          fingerprint: print,
          document: doc,
        };
        await this.deps.store.atomically(async () => {
          await this.repo.plans.insert(ctx, id, plan);
          await this.repo.versions.insert(ctx, versionKey(id, plan.versionId), {
            planId: id,
            versionId: plan.versionId,
            creationDate: now,
            document: doc,
          });
          if (input.BackupPlanTags) await this.deps.store.tags.put(ctx, plan.arn, input.BackupPlanTags);
          await this.deps.store.planSchedule.replacePlan(ctx, id, PlanRepository.nextFires(doc, now));
          await this.deps.events.emit([planStateChange(ctx, plan, 'CREATED', now)]);
        });
        return {
          BackupPlanId: id,
          BackupPlanArn: plan.arn,
          CreationDate: new Date(now),
          VersionId: plan.versionId,
          AdvancedBackupSettings: doc.AdvancedBackupSettings,
        };
      },

      GetBackupPlan: async (input, ctx) => {
        // AWS's text for an unknown plan and for an unknown version alike (docs/error-messages.md).
        const plan = await this.repo.plans.get(ctx, input.BackupPlanId!);
        // A deleted plan is not found unless its VersionId is asked for: then AWS answers that
        // version with its DeletionDate (the Terraform provider's findPlan relies on the first).
        if (!plan || (plan.deletionDate !== undefined && input.VersionId === undefined)) throw notFound(PLAN_READ_FAILED, { Type: 'User' });
        const previewCount = input.MaxScheduledRunsPreview ?? 0;
        if (!Number.isInteger(previewCount) || previewCount < 0 || previewCount > 10) {
          throw invalidParameter(`MaxScheduledRunsPreview must be an integer between 0 and 10; got ${previewCount}.`);
        }
        let version: PlanVersionRecord | undefined;
        if (input.VersionId !== undefined && input.VersionId !== plan.versionId) {
          version = await this.repo.versions.get(ctx, versionKey(plan.id, input.VersionId));
          if (!version) throw notFound(PLAN_READ_FAILED, { Type: 'User' });
        }
        const member = listMember(plan, version);
        const doc = version?.document ?? plan.document;
        const live = !version && plan.deletionDate === undefined;
        return {
          BackupPlan: doc,
          BackupPlanId: plan.id,
          BackupPlanArn: plan.arn,
          VersionId: member.VersionId,
          CreatorRequestId: plan.creatorRequestId,
          CreationDate: member.CreationDate,
          DeletionDate: member.DeletionDate,
          LastExecutionDate: date(plan.lastExecutionDate),
          AdvancedBackupSettings: doc.AdvancedBackupSettings,
          ScheduledRunsPreview: previewCount > 0 && live ? this.preview(doc, ctx.now.getTime(), previewCount) : undefined,
        };
      },

      UpdateBackupPlan: async (input, ctx) => {
        const plan = await this.repo.requireActivePlan(ctx, input.BackupPlanId!);
        const doc = await this.checked(ctx, input.BackupPlan!);
        PlanService.assignRuleIds(doc, plan.document);
        const now = ctx.now.getTime();
        const updated: PlanRecord = { ...plan, versionId: newVersionId(), versionDate: now, fingerprint: fingerprint(doc), document: doc };
        await this.deps.store.atomically(async () => {
          // Re-read: the scheduler may have recorded an execution since.
          const fresh = (await this.repo.plans.get(ctx, plan.id)) ?? plan;
          await this.repo.plans.update(ctx, plan.id, { ...updated, lastExecutionDate: fresh.lastExecutionDate });
          await this.repo.versions.insert(ctx, versionKey(plan.id, updated.versionId), {
            planId: plan.id,
            versionId: updated.versionId,
            creationDate: now,
            document: doc,
          });
          await this.deps.store.planSchedule.replacePlan(ctx, plan.id, PlanRepository.nextFires(doc, now));
          await this.deps.events.emit([planStateChange(ctx, updated, 'MODIFIED', now)]);
        });
        return {
          BackupPlanId: plan.id,
          BackupPlanArn: plan.arn,
          CreationDate: new Date(now),
          VersionId: updated.versionId,
          AdvancedBackupSettings: doc.AdvancedBackupSettings,
          ScanSettings: doc.ScanSettings,
        };
      },

      DeleteBackupPlan: async (input, ctx) => {
        const plan = await this.repo.requireActivePlan(ctx, input.BackupPlanId!);
        if ((await this.repo.selectionsOf(ctx, plan.id)).length > 0) {
          throw invalidRequest('Related backup plan selections must be deleted prior to backup plan deletion');
        }
        const now = ctx.now.getTime();
        await this.deps.store.atomically(async () => {
          await this.repo.plans.update(ctx, plan.id, { ...plan, deletionDate: now });
          const key = versionKey(plan.id, plan.versionId);
          const version = await this.repo.versions.get(ctx, key);
          if (version) await this.repo.versions.update(ctx, key, { ...version, deletionDate: now });
          await this.deps.store.planSchedule.deletePlan(ctx, plan.id);
          await this.deps.store.tags.delete(plan.arn);
          await this.deps.events.emit([planStateChange(ctx, plan, 'DELETED', now)]);
        });
        return { BackupPlanId: plan.id, BackupPlanArn: plan.arn, DeletionDate: new Date(now), VersionId: plan.versionId };
      },

      ListBackupPlans: async (input, ctx) => {
        const limit = pageSize(input.MaxResults);
        const includeDeleted = input.IncludeDeleted === true;
        const page = await pageBySeq(
          this.deps.tokens,
          `ListBackupPlans:${includeDeleted}`,
          input.NextToken,
          limit,
          (after, batch) => this.repo.plans.list(ctx, { afterSeq: after, limit: batch }),
          (p) => includeDeleted || p.deletionDate === undefined,
        );
        return { BackupPlansList: page.items.map((p) => listMember(p)), NextToken: page.nextToken };
      },

      ListBackupPlanVersions: async (input, ctx) => {
        const plan = await this.repo.requirePlan(ctx, input.BackupPlanId!);
        const limit = pageSize(input.MaxResults);
        const page = await pageBySeq(
          this.deps.tokens,
          `ListBackupPlanVersions:${plan.id}`,
          input.NextToken,
          limit,
          (after, batch) => this.repo.versions.list(ctx, { afterSeq: after, limit: batch }),
          (v) => v.planId === plan.id,
        );
        return { BackupPlanVersionsList: page.items.map((v) => listMember(plan, v)), NextToken: page.nextToken };
      },
    };
  }
}
