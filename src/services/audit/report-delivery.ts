/**
 * Report delivery after commit (docs/audit.md, "Report delivery"). A report job's run ends by
 * writing its upload into the report outbox (AuditStore.enqueueUpload), in the transaction of
 * its step; this engine worker then writes the report files into the sink (the local folder or
 * an S3 server) outside any transaction and, in one transaction, completes the job with its S3
 * keys and removes the upload. The job stays RUNNING until then.
 *
 * - A kill -9 after the commit loses nothing: the upload is still in the outbox, due, and the
 *   engine runs it on restart (or on another instance).
 * - An attempt is claimed first (claimUpload): one instance makes it, and its retry time is set
 *   before the upload starts, so an attempt whose process died is tried again then.
 * - A failure the same upload can outlive (an S3 endpoint that does not answer, an unexpected
 *   error) is retried RETRY.attempts times in all, 1, 2, 4 minutes of clock time apart; the
 *   job then FAILS, its message naming the last cause. A failure a retry cannot fix (the bucket
 *   does not exist, access denied) fails the job at once.
 * - The keys are the job's own, so an upload repeated after a kill -9 between the upload and
 *   the commit overwrites the same objects: the report appears once.
 */
import type { Worker } from '../../engine/engine.js';
import type { AuditStore, PendingUpload } from '../../store/repos/audit-store.js';
import type { ServiceDeps } from '../deps.js';
import type { Organization } from '../organization/organization.js';
import type { ComplianceEvaluators } from './compliance.js';
import { complianceRows, coveredFrameworks } from './compliance-report.js';
import type { FrameworkService } from './framework-service.js';
import type { JobSource, ReportRow, ReportRows } from './job-source.js';
import type { JobTemplate, ReportJobRecord } from './records.js';
import type { ReportPlanService } from './report-plan-service.js';
import { coverage, isComplianceTemplate, reportFormats } from './report-settings.js';
import { reportKey, writeReport } from './report-writer.js';
import { SinkError, type ReportSink } from './sink.js';
import { TEMPLATE_COLUMNS } from './templates.js';

/** How often an upload is tried, and the clock time before the first retry (doubled each time). */
export const RETRY = { attempts: 4, firstDelayMs: 60_000 } as const;

/** A failure the user can act on, which no retry fixes; its message becomes the job's StatusMessage. */
class ReportFailure extends Error {}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface ReportDeliveryPorts {
  deps: ServiceDeps;
  store: AuditStore;
  plans: ReportPlanService;
  frameworks: FrameworkService;
  evaluators: ComplianceEvaluators;
  organization: Organization;
  sink: ReportSink;
  jobSource: JobSource;
}

export class ReportDelivery implements Worker {
  readonly name = 'audit-report-delivery';

  constructor(private readonly ports: ReportDeliveryPorts) {}

  nextDue(): Promise<number | undefined> {
    return this.ports.store.nextUploadDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      // A claimed upload's due time moves past nowMs, so each is seen once per run.
      const due = await this.ports.store.dueUploads(nowMs, 20);
      if (due.length === 0) return;
      for (const upload of due) await this.attempt(upload, nowMs);
    }
  }

  private async attempt(upload: PendingUpload, nowMs: number): Promise<void> {
    const { store, deps, plans } = this.ports;
    const attempt = upload.attempts + 1;
    const retryAt = nowMs + RETRY.firstDelayMs * 2 ** Math.min(attempt - 1, RETRY.attempts);
    if (!(await store.claimUpload(upload.jobId, upload.attempts, retryAt))) return; // another instance took it
    const job = await store.getJob<ReportJobRecord>(upload.jobId);
    if (job?.status !== 'RUNNING') {
      await store.removeUpload(upload.jobId);
      return;
    }
    let done: ReportJobRecord;
    try {
      const { keys, message } = await this.generate(job, upload.atMs);
      done = { ...job, status: 'COMPLETED', completionTime: nowMs, keys, statusMessage: message };
    } catch (e) {
      const actionable = e instanceof ReportFailure || e instanceof SinkError;
      if (!actionable) console.error('holdfast audit: writing a report failed', e);
      const cause = actionable ? e.message : `Internal error while writing the report: ${(e as Error).message}`;
      const retryable = !(e instanceof ReportFailure) && (!(e instanceof SinkError) || e.retryable);
      if (retryable && attempt < RETRY.attempts) {
        await store.uploadFailed(upload.jobId, cause);
        return; // due again at retryAt
      }
      const message = retryable ? `The report could not be delivered after ${attempt} attempts. The last one failed: ${cause}` : cause;
      done = { ...job, status: 'FAILED', completionTime: nowMs, statusMessage: message };
    }
    await deps.store.atomically(async () => {
      await store.updateJob(done);
      await store.removeUpload(upload.jobId);
      if (done.status === 'COMPLETED') await plans.recordExecution(job, job.planName, nowMs, true);
    });
  }

  /** Writes the job's report files into the sink; answers their keys. */
  private async generate(job: ReportJobRecord, atMs: number): Promise<{ keys: string[]; message?: string }> {
    const { sink, organization, frameworks, evaluators, jobSource } = this.ports;
    const { delivery, setting } = job.plan;
    if (!(await sink.bucketExists(delivery.bucket))) {
      throw new ReportFailure(
        `The S3 bucket '${delivery.bucket}' does not exist, so the report could not be delivered. ${sink.missingBucketHint(delivery.bucket)}`,
      );
    }
    const reportName = `${job.planName}_${job.id}`;
    const outputs = reportFormats(delivery).map((format) => ({ format, key: reportKey(delivery.prefix, job.region, job.creationTime, reportName, format) }));
    const columns = TEMPLATE_COLUMNS[setting.template];
    let rows: ReportRows;
    let fixed: ReportRow = {};
    const notes: string[] = [];
    const covers = coverage(setting, job, await organization.get());
    if (isComplianceTemplate(setting.template)) {
      const covered = await coveredFrameworks(setting, frameworks, covers, notes);
      rows = complianceRows(setting.template, covered, evaluators, atMs, notes);
    } else {
      const { accounts, regions } = covers;
      rows = jobSource.rows({ template: setting.template as JobTemplate, accounts, regions, fromMs: job.periodStart, toMs: job.periodEnd });
      fixed =
        setting.template === 'RESTORE_JOB_REPORT'
          ? { reportTimePeriod: `${iso(job.periodStart)} - ${iso(job.periodEnd)}` }
          : { reportTimePeriodStart: iso(job.periodStart), reportTimePeriodEnd: iso(job.periodEnd) };
    }
    await writeReport(sink, delivery.bucket, outputs, columns, rows, fixed);
    return { keys: outputs.map((o) => o.key), message: notes.length ? [...new Set(notes)].join(' ') : undefined };
  }
}
