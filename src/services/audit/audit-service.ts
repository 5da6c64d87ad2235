/**
 * Backup Audit Manager: frameworks, report plans, report jobs, the organization stand-in and
 * the local S3 stand-in, wired together. Other domains plug in through setJobSource (the jobs
 * domain) and evaluators.register (domains whose state a control reads).
 */
import type { AdminRoute } from '../../server/admin.js';
import type { ServiceDeps } from '../deps.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import { bucketRoutes } from './bucket-routes.js';
import { ComplianceEvaluators, ManualDeletionDisabledEvaluator, vaultDocs } from './compliance.js';
import { FrameworkService } from './framework-service.js';
import type { JobSource } from './job-source.js';
import { Organization } from './organization.js';
import { FRAMEWORK_KIND, ORGANIZATION_KIND, REPORT_PLAN_KIND, type OrganizationRecord, type ReportPlanRecord } from './records.js';
import { ReportJobService } from './report-job-service.js';
import { ReportPlanService } from './report-plan-service.js';
import { S3Sink } from './s3-sink.js';
import { LocalFolderSink, S3Root, type BucketAdmin, type ReportSink } from './sink.js';
import { AuditWorker } from './worker.js';

const instances = new WeakMap<object, AuditService>();

export class AuditService {
  /** The audit service built over a store (tests plug fake job sources in through it). */
  static of(store: object): AuditService | undefined {
    return instances.get(store);
  }

  readonly evaluators = new ComplianceEvaluators();
  readonly frameworks: FrameworkService;
  readonly plans: ReportPlanService;
  readonly jobs: ReportJobService;
  readonly organization: Organization;
  readonly sink: ReportSink & BucketAdmin;
  readonly s3Root: S3Root;

  constructor(deps: ServiceDeps) {
    const store = deps.store.audit;
    const worker = new AuditWorker(store);
    deps.engine.register(worker);
    this.s3Root = new S3Root(deps.dataDir);
    this.sink = deps.reportS3 ? new S3Sink(deps.reportS3) : new LocalFolderSink(this.s3Root);
    this.organization = new Organization(deps.store.docs<OrganizationRecord>(ORGANIZATION_KIND));
    const planDocs = deps.store.docs<ReportPlanRecord>(REPORT_PLAN_KIND);
    this.frameworks = new FrameworkService(deps, store, worker, planDocs);
    this.plans = new ReportPlanService(deps, store, worker, this.frameworks, this.organization);
    this.jobs = new ReportJobService(deps, store, worker, this.plans, this.frameworks, this.evaluators, this.organization, this.sink);
    this.evaluators.register(new ManualDeletionDisabledEvaluator(vaultDocs((k) => deps.store.docs(k)), deps.store.tags));
    instances.set(deps.store, this);
    // Framework and report plan names have no '-': the name is what precedes the first one.
    const nameIn = (resource: string, type: string): string => resource.slice(type.length + 1).split('-', 1)[0] ?? '';
    deps.taggable.registerBackup('framework', async (scope, arn, parsed) => {
      return (await deps.store.docs<{ arn: string }>(FRAMEWORK_KIND).get(scope, nameIn(parsed.resource, 'framework')))?.arn === arn;
    });
    deps.taggable.registerBackup('report-plan', async (scope, arn, parsed) => {
      return (await planDocs.get(scope, nameIn(parsed.resource, 'report-plan')))?.arn === arn;
    });
  }

  /** Lets go of the S3 client's connections (the local folder needs nothing). */
  close(): void {
    if (this.sink instanceof S3Sink) this.sink.close();
  }

  /** The jobs domain provides the rows of job reports. */
  setJobSource(source: JobSource): void {
    this.jobs.jobSource = source;
  }

  handlers(): Handlers {
    return mergeHandlers(this.frameworks.handlers(), this.plans.handlers(), this.jobs.handlers());
  }

  adminRoutes(): AdminRoute[] {
    return [...this.organization.adminRoutes(), ...bucketRoutes(this.sink)];
  }
}
