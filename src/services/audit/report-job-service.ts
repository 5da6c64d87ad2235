/**
 * Report jobs: StartReportJob, DescribeReportJob, ListReportJobs. A job waits in CREATED, runs
 * (RUNNING), then its report goes to the report outbox: report-delivery.ts writes its files after
 * commit and ends it COMPLETED or FAILED, all on the clock.
 */
import { randomUUID } from 'node:crypto';
import type { ReportJob } from '@aws-sdk/client-backup';
import { notFound } from '../../protocol/errors.js';
import type { AuditStore, ReportJobFilter } from '../../store/repos/audit-store.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { STEP, TIMING, type ReportJobRecord, type ReportPlanRecord } from './records.js';
import type { ReportPlanService } from './report-plan-service.js';
import type { StepHandlers } from './worker.js';
import { optionalDate as date } from '../common/time.js';

export class ReportJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly store: AuditStore,
    private readonly plans: ReportPlanService,
  ) {}

  /**
   * The audit worker's step of report jobs: CREATED -> RUNNING, then the run's end, which hands
   * the report to the report outbox (report-delivery.ts) in this step's transaction.
   */
  steps(): StepHandlers {
    return {
      [STEP.jobStep]: async (step) => {
        const job = await this.store.getJob<ReportJobRecord>(step.id);
        if (!job) return;
        if (job.status === 'CREATED') {
          await this.store.updateJob({ ...job, status: 'RUNNING' });
          await this.plans.recordExecution(job, job.planName, step.dueMs, false);
          await this.store.schedule({ ...step, dueMs: step.dueMs + TIMING.jobRunMs });
        } else if (job.status === 'RUNNING') {
          await this.store.enqueueUpload({ jobId: job.id, accountId: job.accountId, region: job.region, atMs: step.dueMs, dueMs: step.dueMs });
        }
      },
    };
  }

  async createJob(scope: Scope, plan: ReportPlanRecord, atMs: number, token: string | undefined): Promise<string> {
    const job: ReportJobRecord = {
      id: randomUUID(),
      accountId: scope.accountId,
      region: scope.region,
      planName: plan.name,
      planArn: plan.arn,
      template: plan.setting.template,
      status: 'CREATED',
      creationTime: atMs,
      idempotencyToken: token,
      bucket: plan.delivery.bucket,
      keys: [],
      plan: { delivery: plan.delivery, setting: plan.setting },
      periodStart: atMs - TIMING.jobReportPeriodMs,
      periodEnd: atMs,
    };
    await this.deps.store.atomically(async () => {
      await this.store.insertJob(job);
      await this.store.schedule({ kind: STEP.jobStep, accountId: scope.accountId, region: scope.region, id: job.id, dueMs: atMs + TIMING.jobQueuedMs });
    });
    return job.id;
  }

  private describe(job: ReportJobRecord): ReportJob {
    return {
      ReportJobId: job.id,
      ReportPlanArn: job.planArn,
      ReportTemplate: job.template,
      CreationTime: new Date(job.creationTime),
      CompletionTime: date(job.completionTime),
      Status: job.status,
      StatusMessage: job.statusMessage,
      ReportDestination: job.status === 'COMPLETED' ? { S3BucketName: job.bucket, S3Keys: job.keys } : undefined,
    };
  }

  handlers(): Handlers {
    return {
      StartReportJob: async (input, ctx) => {
        const plan = await this.plans.requirePlan(ctx, input.ReportPlanName!);
        if (plan.deploymentStatus === 'DELETE_IN_PROGRESS') {
          throw notFound(`Report plan ${plan.name} is being deleted; it cannot start report jobs.`, { Type: 'User' });
        }
        if (input.IdempotencyToken !== undefined) {
          const earlier = await this.store.findJobByToken<ReportJobRecord>(ctx, plan.name, input.IdempotencyToken);
          if (earlier) return { ReportJobId: earlier.id };
        }
        return { ReportJobId: await this.createJob(ctx, plan, ctx.now.getTime(), input.IdempotencyToken) };
      },

      DescribeReportJob: async (input, ctx) => {
        const job = await this.store.getJob<ReportJobRecord>(input.ReportJobId!);
        if (!job || job.accountId !== ctx.accountId || job.region !== ctx.region) {
          throw notFound(`Report job ${input.ReportJobId} does not exist in account ${ctx.accountId} and Region ${ctx.region}.`, { Type: 'User' });
        }
        return { ReportJob: this.describe(job) };
      },

      ListReportJobs: async (input, ctx) => {
        const limit = pageSize(input.MaxResults);
        const filter: ReportJobFilter = {
          planName: input.ByReportPlanName,
          status: input.ByStatus,
          createdAfter: input.ByCreationAfter?.getTime(),
          createdBefore: input.ByCreationBefore?.getTime(),
        };
        const fingerprint = `ListReportJobs:${JSON.stringify(filter)}`;
        const before = this.deps.tokens.decode<number>(fingerprint, input.NextToken);
        const rows = await this.store.listJobs<ReportJobRecord>(ctx, filter, typeof before === 'number' ? before : undefined, limit + 1);
        const page = rows.slice(0, limit);
        return {
          ReportJobs: page.map((r) => this.describe(r.job)),
          NextToken: rows.length > limit ? this.deps.tokens.encode(fingerprint, page[page.length - 1]!.seq) : undefined,
        };
      },
    };
  }
}
