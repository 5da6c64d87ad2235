/**
 * Report plans: CreateReportPlan, DescribeReportPlan, ListReportPlans, UpdateReportPlan,
 * DeleteReportPlan. Deployments move on the clock; every plan reports on its own every 24 hours.
 */
import { randomUUID } from 'node:crypto';
import type { ReportPlan } from '@aws-sdk/client-backup';
import { alreadyExists, conflict, limitExceeded, notFound } from '../../protocol/errors.js';
import type { ScheduleStore } from '../../store/repos/audit-store.js';
import type { DocCollection, Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { checkDescription, checkName, type FrameworkService } from './framework-service.js';
import type { Organization } from '../organization/organization.js';
import { REPORT_PLAN_KIND, STEP, TIMING, type ReportPlanRecord } from './records.js';
import { checkDelivery, checkSetting, isComplianceTemplate } from './report-settings.js';
import type { StepHandlers } from './worker.js';
import { optionalDate as date } from '../common/time.js';

/** AWS allows 20 report plans per account and Region. */
export const MAX_REPORT_PLANS = 20;

/** Starts a report job for a plan at an instant (the daily run); answers the job id. */
export type JobStarter = (scope: Scope, plan: ReportPlanRecord, atMs: number) => Promise<string>;

export class ReportPlanService {
  readonly plans: DocCollection<ReportPlanRecord>;

  /** startJob: the daily run's report job (ReportJobService.createJob, bound by AuditService). */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly schedule: ScheduleStore,
    private readonly frameworks: FrameworkService,
    private readonly organization: Organization,
    private readonly startJob: JobStarter,
  ) {
    this.plans = deps.store.docs<ReportPlanRecord>(REPORT_PLAN_KIND);
  }

  /** The audit worker's steps this service handles: a deployment ends; a plan's daily run. */
  steps(): StepHandlers {
    const { deps } = this;
    return {
      [STEP.planDeploy]: async (step) => {
        const plan = await this.plans.get(step, step.id);
        if (!plan) return;
        if (plan.deploymentStatus === 'DELETE_IN_PROGRESS') {
          await this.plans.delete(step, plan.name);
          await deps.store.tags.delete(plan.arn);
          await this.schedule.unschedule(STEP.planDaily, step, plan.name);
        } else {
          await this.plans.update(step, plan.name, { ...plan, deploymentStatus: 'COMPLETED' });
        }
      },
      [STEP.planDaily]: async (step) => {
        const plan = await this.plans.get(step, step.id);
        if (!plan || plan.deploymentStatus === 'DELETE_IN_PROGRESS') return;
        await this.startJob(step, plan, step.dueMs);
        await this.schedule.schedule({ ...step, dueMs: step.dueMs + TIMING.dailyMs });
      },
    };
  }

  async requirePlan(scope: Scope, name: string): Promise<ReportPlanRecord> {
    const plan = await this.plans.get(scope, name);
    if (!plan) throw notFound(`Report plan ${name} does not exist in account ${scope.accountId} and Region ${scope.region}.`, { Type: 'User' });
    return plan;
  }

  /** Records that a job of the plan started running or completed. */
  async recordExecution(scope: Scope, name: string, atMs: number, success: boolean): Promise<void> {
    await this.deps.store.atomically(async () => {
      const plan = await this.plans.get(scope, name);
      if (!plan) return;
      await this.plans.update(scope, name, success ? { ...plan, lastSuccessfulExecutionTime: atMs } : { ...plan, lastAttemptedExecutionTime: atMs });
    });
  }

  private settingContext(caller: Scope) {
    return async () => ({
      caller,
      organization: await this.organization.get(),
      frameworkExists: async (arn: string) => {
        const found = await this.frameworks.frameworkByArn(arn);
        return found !== undefined && found.scope.accountId === caller.accountId && found.framework.deploymentStatus !== 'DELETE_IN_PROGRESS';
      },
    });
  }

  static describe(plan: ReportPlanRecord): ReportPlan {
    const s = plan.setting;
    return {
      ReportPlanArn: plan.arn,
      ReportPlanName: plan.name,
      ReportPlanDescription: plan.description,
      ReportSetting: {
        ReportTemplate: s.template,
        FrameworkArns: s.frameworkArns,
        NumberOfFrameworks: isComplianceTemplate(s.template) ? (s.frameworkArns?.length ?? 0) : undefined,
        Accounts: s.accounts,
        OrganizationUnits: s.organizationUnits,
        Regions: s.regions,
      },
      ReportDeliveryChannel: { S3BucketName: plan.delivery.bucket, S3KeyPrefix: plan.delivery.prefix, Formats: plan.delivery.formats },
      DeploymentStatus: plan.deploymentStatus,
      CreationTime: new Date(plan.creationTime),
      LastAttemptedExecutionTime: date(plan.lastAttemptedExecutionTime),
      LastSuccessfulExecutionTime: date(plan.lastSuccessfulExecutionTime),
    };
  }

  handlers(): Handlers {
    return {
      CreateReportPlan: async (input, ctx) => {
        const name = input.ReportPlanName!;
        checkName('report plan name', name);
        checkDescription('ReportPlanDescription', input.ReportPlanDescription);
        if (input.ReportPlanTags) validateTags(input.ReportPlanTags);
        const delivery = checkDelivery(input.ReportDeliveryChannel!);
        const setting = await checkSetting(input.ReportSetting!, delivery, await this.settingContext(ctx)());
        const now = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const existing = await this.plans.get(ctx, name);
          if (existing) {
            if (input.IdempotencyToken !== undefined && existing.idempotencyToken === input.IdempotencyToken) {
              return { ReportPlanName: existing.name, ReportPlanArn: existing.arn, CreationTime: new Date(existing.creationTime) };
            }
            throw alreadyExists(`Report plan ${name} already exists.`, { Arn: existing.arn, CreatorRequestId: existing.idempotencyToken });
          }
          if ((await this.plans.count(ctx)) >= MAX_REPORT_PLANS) {
            throw limitExceeded(`An account can have at most ${MAX_REPORT_PLANS} report plans per Region; delete one before creating another.`);
          }
          const plan: ReportPlanRecord = {
            name,
            arn: backupArn(ctx, 'report-plan', `${name}-${randomUUID()}`),
            description: input.ReportPlanDescription,
            delivery,
            setting,
            creationTime: now,
            deploymentStatus: 'CREATE_IN_PROGRESS',
            idempotencyToken: input.IdempotencyToken,
          };
          await this.plans.insert(ctx, name, plan);
          if (input.ReportPlanTags) await this.deps.store.tags.put(ctx, plan.arn, input.ReportPlanTags);
          await this.schedule.schedule({ kind: STEP.planDeploy, ...ctx, id: name, dueMs: now + TIMING.deployMs });
          await this.schedule.schedule({ kind: STEP.planDaily, ...ctx, id: name, dueMs: now + TIMING.dailyMs });
          return { ReportPlanName: name, ReportPlanArn: plan.arn, CreationTime: new Date(now) };
        });
      },

      DescribeReportPlan: async (input, ctx) => ({ ReportPlan: ReportPlanService.describe(await this.requirePlan(ctx, input.ReportPlanName!)) }),

      ListReportPlans: async (input, ctx) => {
        const page = await pageBySeq(this.deps.tokens, 'ListReportPlans', input.NextToken, pageSize(input.MaxResults), (after, batch) =>
          this.plans.list(ctx, { afterSeq: after, limit: batch }),
        );
        return { ReportPlans: page.items.map((p) => ReportPlanService.describe(p)), NextToken: page.nextToken };
      },

      UpdateReportPlan: async (input, ctx) => {
        const name = input.ReportPlanName!;
        checkDescription('ReportPlanDescription', input.ReportPlanDescription);
        const current = await this.requirePlan(ctx, name);
        const out = { ReportPlanName: current.name, ReportPlanArn: current.arn, CreationTime: new Date(current.creationTime) };
        if (input.IdempotencyToken !== undefined && input.IdempotencyToken === current.idempotencyToken) return out;
        const delivery = input.ReportDeliveryChannel ? checkDelivery(input.ReportDeliveryChannel) : current.delivery;
        const settingInput = input.ReportSetting ?? {
          ReportTemplate: current.setting.template,
          FrameworkArns: current.setting.frameworkArns,
          Accounts: current.setting.accounts,
          OrganizationUnits: current.setting.organizationUnits,
          Regions: current.setting.regions,
        };
        const setting = await checkSetting(settingInput, delivery, await this.settingContext(ctx)());
        return this.deps.store.atomically(async () => {
          const plan = await this.requirePlan(ctx, name);
          if (plan.deploymentStatus !== 'COMPLETED' && plan.deploymentStatus !== 'FAILED') {
            throw conflict(`Cannot update report plan ${name} while its deployment status is ${plan.deploymentStatus}; try again when it is COMPLETED.`);
          }
          await this.plans.update(ctx, name, {
            ...plan,
            description: input.ReportPlanDescription ?? plan.description,
            delivery,
            setting,
            deploymentStatus: 'UPDATE_IN_PROGRESS',
            idempotencyToken: input.IdempotencyToken ?? plan.idempotencyToken,
          });
          await this.schedule.schedule({ kind: STEP.planDeploy, ...ctx, id: name, dueMs: ctx.now.getTime() + TIMING.deployMs });
          return out;
        });
      },

      DeleteReportPlan: async (input, ctx) => {
        await this.deps.store.atomically(async () => {
          const plan = await this.requirePlan(ctx, input.ReportPlanName!);
          if (plan.deploymentStatus !== 'COMPLETED' && plan.deploymentStatus !== 'FAILED') {
            throw conflict(`Cannot delete report plan ${plan.name} while its deployment status is ${plan.deploymentStatus}; try again when it is COMPLETED.`);
          }
          await this.plans.update(ctx, plan.name, { ...plan, deploymentStatus: 'DELETE_IN_PROGRESS' });
          await this.schedule.unschedule(STEP.planDaily, ctx, plan.name);
          await this.schedule.schedule({ kind: STEP.planDeploy, ...ctx, id: plan.name, dueMs: ctx.now.getTime() + TIMING.deployMs });
        });
        return {};
      },
    };
  }
}
