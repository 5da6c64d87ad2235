/**
 * Report jobs: StartReportJob, DescribeReportJob, ListReportJobs. A job waits in CREATED, runs
 * (RUNNING), then writes its report files and ends COMPLETED or FAILED, all on the clock.
 */
import { randomUUID } from 'node:crypto';
import type { ReportJob } from '@aws-sdk/client-backup';
import { notFound } from '../../protocol/errors.js';
import type { AuditStore, ReportJobFilter } from '../../store/repos/audit-store.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { ComplianceEvaluators } from './compliance.js';
import { complianceRows, coveredFrameworks } from './compliance-report.js';
import type { FrameworkService } from './framework-service.js';
import { EMPTY_JOB_SOURCE, type JobSource, type ReportRow, type ReportRows } from './job-source.js';
import type { Organization } from './organization.js';
import { STEP, TIMING, type JobTemplate, type ReportJobRecord, type ReportPlanRecord } from './records.js';
import type { ReportPlanService } from './report-plan-service.js';
import { coverage, isComplianceTemplate, reportFormats } from './report-settings.js';
import { reportKey, writeReport } from './report-writer.js';
import { SinkError, type ReportSink } from './sink.js';
import { TEMPLATE_COLUMNS } from './templates.js';
import type { AuditWorker } from './worker.js';
import { optionalDate as date } from '../common/time.js';

/** A failure the user can act on; its message becomes the job's StatusMessage. */
class ReportFailure extends Error {}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export class ReportJobService {
  jobSource: JobSource = EMPTY_JOB_SOURCE;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly store: AuditStore,
    worker: AuditWorker,
    private readonly plans: ReportPlanService,
    private readonly frameworks: FrameworkService,
    private readonly evaluators: ComplianceEvaluators,
    private readonly organization: Organization,
    private readonly sink: ReportSink,
  ) {
    plans.startJob = (scope, plan, atMs) => this.createJob(scope, plan, atMs, undefined);
    worker.on(STEP.jobStep, async (step) => {
      const job = await this.store.getJob<ReportJobRecord>(step.id);
      if (!job) return;
      if (job.status === 'CREATED') {
        await this.store.updateJob({ ...job, status: 'RUNNING' });
        await this.plans.recordExecution(job, job.planName, step.dueMs, false);
        await this.store.schedule({ ...step, dueMs: step.dueMs + TIMING.jobRunMs });
      } else if (job.status === 'RUNNING') {
        await this.finish(job, step.dueMs);
      }
    });
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

  private async finish(job: ReportJobRecord, atMs: number): Promise<void> {
    let done: ReportJobRecord;
    try {
      const { keys, message } = await this.generate(job, atMs);
      done = { ...job, status: 'COMPLETED', completionTime: atMs, keys, statusMessage: message };
    } catch (e) {
      const actionable = e instanceof ReportFailure || e instanceof SinkError;
      if (!actionable) console.error('holdfast audit: report job failed', e);
      const message = actionable ? (e).message : `Internal error while writing the report: ${(e as Error).message}`;
      done = { ...job, status: 'FAILED', completionTime: atMs, statusMessage: message };
    }
    await this.store.updateJob(done);
    if (done.status === 'COMPLETED') await this.plans.recordExecution(job, job.planName, atMs, true);
  }

  private async generate(job: ReportJobRecord, atMs: number): Promise<{ keys: string[]; message?: string }> {
    const { delivery, setting } = job.plan;
    if (!(await this.sink.bucketExists(delivery.bucket))) {
      throw new ReportFailure(
        `The S3 bucket '${delivery.bucket}' does not exist, so the report could not be delivered. ${this.sink.missingBucketHint(delivery.bucket)}`,
      );
    }
    const reportName = `${job.planName}_${job.id}`;
    const outputs = reportFormats(delivery).map((format) => ({ format, key: reportKey(delivery.prefix, job.region, job.creationTime, reportName, format) }));
    const columns = TEMPLATE_COLUMNS[setting.template];
    let rows: ReportRows;
    let fixed: ReportRow = {};
    const notes: string[] = [];
    const covers = coverage(setting, job, await this.organization.get());
    if (isComplianceTemplate(setting.template)) {
      const covered = await coveredFrameworks(setting, this.frameworks, covers, notes);
      rows = complianceRows(setting.template, covered, this.evaluators, atMs, notes);
    } else {
      const { accounts, regions } = covers;
      rows = this.jobSource.rows({ template: setting.template as JobTemplate, accounts, regions, fromMs: job.periodStart, toMs: job.periodEnd });
      fixed =
        setting.template === 'RESTORE_JOB_REPORT'
          ? { reportTimePeriod: `${iso(job.periodStart)} - ${iso(job.periodEnd)}` }
          : { reportTimePeriodStart: iso(job.periodStart), reportTimePeriodEnd: iso(job.periodEnd) };
    }
    await writeReport(this.sink, delivery.bucket, outputs, columns, rows, fixed);
    return { keys: outputs.map((o) => o.key), message: notes.length ? [...new Set(notes)].join(' ') : undefined };
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
