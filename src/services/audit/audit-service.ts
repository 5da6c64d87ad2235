/**
 * Backup Audit Manager: frameworks, report plans, report jobs, the organization stand-in and
 * the local S3 stand-in, wired together. What it reads of other domains comes in as ports
 * (AuditPorts): the job report source and the control evaluators.
 */
import type { AdminRoute } from '../../server/admin.js';
import type { ServiceDeps } from '../deps.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import { bucketRoutes } from './bucket-routes.js';
import { ComplianceEvaluators, ManualDeletionDisabledEvaluator, vaultDocs, type ComplianceEvaluator } from './compliance.js';
import { FrameworkService } from './framework-service.js';
import type { JobSource } from './job-source.js';
import type { Organization } from '../organization/organization.js';
import { FRAMEWORK_KIND, REPORT_PLAN_KIND, type ReportPlanRecord } from './records.js';
import { ReportJobService } from './report-job-service.js';
import { ReportPlanService, type JobStarter } from './report-plan-service.js';
import { S3Sink, type S3SinkOptions } from './s3-sink.js';
import { backupTaggable, type TaggableType } from '../common/taggable.js';
import { LocalFolderSink, S3Root, type BucketAdmin, type ReportSink } from './sink.js';
import { AuditWorker } from './worker.js';
import { ReportDelivery } from './report-delivery.js';

/** What the audit domain is built from beyond the shared deps (see module.ts). */
export interface AuditPorts {
  /** Where job reports read their rows (StoreJobSource over the job tables). */
  jobReportSource: JobSource;
  /** Every control's evaluator whose state Holdfast keeps (evaluators/index.ts). */
  evaluators: readonly ComplianceEvaluator[];
  /** Reports go to this S3-compatible server instead of <dataDir>/s3 (--s3-endpoint). */
  reportS3?: S3SinkOptions;
  /** The declared organization (cross-account reports). */
  organization: Organization;
}

export class AuditService {
  readonly frameworks: FrameworkService;
  readonly plans: ReportPlanService;
  readonly jobs: ReportJobService;
  readonly organization: Organization;
  readonly sink: ReportSink & BucketAdmin;
  readonly s3Root: S3Root;
  /** The audit steps, and the report uploads after commit (engine workers, in this order). */
  readonly workers: [AuditWorker, ReportDelivery];
  readonly taggable: TaggableType[];
  /** Every control's evaluator (the compliance reports' and the console's). */
  readonly evaluators: ComplianceEvaluators;

  constructor(deps: ServiceDeps, ports: AuditPorts) {
    const store = deps.store.audit;
    this.s3Root = new S3Root(deps.dataDir);
    this.sink = ports.reportS3 ? new S3Sink(ports.reportS3) : new LocalFolderSink(this.s3Root);
    this.organization = ports.organization;
    const planDocs = deps.store.docs<ReportPlanRecord>(REPORT_PLAN_KIND);
    this.evaluators = new ComplianceEvaluators([
      new ManualDeletionDisabledEvaluator(vaultDocs((k) => deps.store.docs(k)), deps.store.tags),
      ...ports.evaluators,
    ]);
    this.frameworks = new FrameworkService(deps, store, planDocs);
    // The daily run of a plan starts a report job; the job service reads plans back.
    const startJob: JobStarter = (scope, plan, atMs) => this.jobs.createJob(scope, plan, atMs, undefined);
    this.plans = new ReportPlanService(deps, store, this.frameworks, this.organization, startJob);
    this.jobs = new ReportJobService(deps, store, this.plans);
    this.workers = [
      new AuditWorker(store, (fn) => deps.store.atomically(fn), { ...this.frameworks.steps(), ...this.plans.steps(), ...this.jobs.steps() }),
      new ReportDelivery({ deps, store, plans: this.plans, frameworks: this.frameworks, evaluators: this.evaluators, organization: this.organization, sink: this.sink, jobSource: ports.jobReportSource }),
    ];
    // Framework and report plan names have no '-': the name is what precedes the first one.
    const nameIn = (resource: string, type: string): string => resource.slice(type.length + 1).split('-', 1)[0] ?? '';
    this.taggable = [
      backupTaggable('framework', async (scope, arn, parsed) => {
        return (await deps.store.docs<{ arn: string }>(FRAMEWORK_KIND).get(scope, nameIn(parsed.resource, 'framework')))?.arn === arn;
      }),
      backupTaggable('report-plan', async (scope, arn, parsed) => {
        return (await planDocs.get(scope, nameIn(parsed.resource, 'report-plan')))?.arn === arn;
      }),
    ];
  }

  /** Lets go of the S3 client's connections (the local folder needs nothing). */
  close(): void {
    if (this.sink instanceof S3Sink) this.sink.close();
  }

  handlers(): Handlers {
    return mergeHandlers(this.frameworks.handlers(), this.plans.handlers(), this.jobs.handlers());
  }

  adminRoutes(): AdminRoute[] {
    return bucketRoutes(this.sink);
  }
}
