/**
 * The SQLite implementation of repos/audit-store.ts.
 *
 * Persistence of Backup Audit Manager's time-driven steps and report jobs (migration 005).
 * Frameworks, report plans and the organization are low-volume and live in the docs table.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { REPORT_JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import { KeysetList } from './list-query.js';
import type { Scope } from '../types.js';
import type { ScheduledStep, IndexedReportJob, ReportJobFilter, AuditStore, PendingUpload } from '../repos/audit-store.js';
import { uploadOf, type UploadRow } from '../report-upload-rows.js';


export class SqliteAuditStore implements AuditStore {
  private readonly upsertStep: Statement;
  private readonly deleteStep: Statement;
  private readonly minDue: Statement;
  private readonly selectDue: Statement;
  private readonly insertJobStmt: Statement;
  private readonly updateJobStmt: Statement;
  private readonly getJobStmt: Statement;
  private readonly tokenStmt: Statement;
  private readonly lists: KeysetList<ReportJobFilter & Scope>;
  private readonly uploads: Record<'insert' | 'min' | 'due' | 'claim' | 'failed' | 'remove', Statement>;

  constructor(private readonly db: Db) {
    this.lists = new KeysetList(new StatementCache(db), { table: 'report_jobs', columns: REPORT_JOB_FILTER_COLUMNS, descending: true });
    this.upsertStep = db.prepare(
      'INSERT INTO audit_schedule (kind, account, region, id, due_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, account, region, id) DO UPDATE SET due_ms = excluded.due_ms',
    );
    this.deleteStep = db.prepare('DELETE FROM audit_schedule WHERE kind = ? AND account = ? AND region = ? AND id = ?');
    this.minDue = db.prepare('SELECT MIN(due_ms) FROM audit_schedule').pluck();
    this.selectDue = db.prepare('SELECT kind, account, region, id, due_ms FROM audit_schedule WHERE due_ms <= ? ORDER BY due_ms, rowid LIMIT ?');
    this.insertJobStmt = db.prepare(
      'INSERT INTO report_jobs (id, account, region, plan_name, status, created_ms, idempotency_token, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updateJobStmt = db.prepare('UPDATE report_jobs SET status = ?, data = ? WHERE id = ?');
    this.getJobStmt = db.prepare('SELECT data FROM report_jobs WHERE id = ?').pluck();
    this.tokenStmt = db
      .prepare('SELECT data FROM report_jobs WHERE account = ? AND region = ? AND plan_name = ? AND idempotency_token = ? ORDER BY seq DESC LIMIT 1')
      .pluck();
    this.uploads = {
      insert: db.prepare('INSERT INTO report_uploads (job_id, account, region, at_ms, due_ms) VALUES (?, ?, ?, ?, ?)'),
      min: db.prepare('SELECT MIN(due_ms) FROM report_uploads').pluck(),
      due: db.prepare('SELECT * FROM report_uploads WHERE due_ms <= ? ORDER BY due_ms, job_id LIMIT ?'),
      claim: db.prepare('UPDATE report_uploads SET attempts = attempts + 1, due_ms = ? WHERE job_id = ? AND attempts = ?'),
      failed: db.prepare('UPDATE report_uploads SET last_error = ? WHERE job_id = ?'),
      remove: db.prepare('DELETE FROM report_uploads WHERE job_id = ?'),
    };
  }

  async enqueueUpload(u: Omit<PendingUpload, 'attempts' | 'lastError'>): Promise<void> {
    this.uploads.insert.run(u.jobId, u.accountId, u.region, u.atMs, u.dueMs);
  }
  async nextUploadDue(): Promise<number | undefined> {
    return (this.uploads.min.get() as number | null) ?? undefined;
  }
  async dueUploads(nowMs: number, limit: number): Promise<PendingUpload[]> {
    return (this.uploads.due.all(nowMs, limit) as UploadRow[]).map(uploadOf);
  }
  async claimUpload(jobId: string, attempts: number, retryAtMs: number): Promise<boolean> {
    return this.uploads.claim.run(retryAtMs, jobId, attempts).changes === 1;
  }
  async uploadFailed(jobId: string, error: string): Promise<void> {
    this.uploads.failed.run(error, jobId);
  }
  async removeUpload(jobId: string): Promise<void> {
    this.uploads.remove.run(jobId);
  }

  async schedule(step: ScheduledStep): Promise<void> {
    this.upsertStep.run(step.kind, step.accountId, step.region, step.id, step.dueMs);
  }
  async unschedule(kind: string, scope: Scope, id: string): Promise<void> {
    this.deleteStep.run(kind, scope.accountId, scope.region, id);
  }
  async nextDue(): Promise<number | undefined> {
    return (this.minDue.get() as number | null) ?? undefined;
  }
  async dueSteps(nowMs: number, limit: number): Promise<ScheduledStep[]> {
    const rows = this.selectDue.all(nowMs, limit) as { kind: string; account: string; region: string; id: string; due_ms: number }[];
    return rows.map((r) => ({ kind: r.kind, accountId: r.account, region: r.region, id: r.id, dueMs: r.due_ms }));
  }
  async insertJob(job: IndexedReportJob): Promise<void> {
    this.insertJobStmt.run(job.id, job.accountId, job.region, job.planName, job.status, job.creationTime, job.idempotencyToken ?? null, JSON.stringify(job));
  }
  async updateJob(job: IndexedReportJob): Promise<void> {
    this.updateJobStmt.run(job.status, JSON.stringify(job), job.id);
  }
  async getJob<J extends IndexedReportJob>(id: string): Promise<J | undefined> {
    const data = this.getJobStmt.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }
  async findJobByToken<J extends IndexedReportJob>(scope: Scope, planName: string, token: string): Promise<J | undefined> {
    const data = this.tokenStmt.get(scope.accountId, scope.region, planName, token) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }
  async listJobs<J extends IndexedReportJob>(scope: Scope, filter: ReportJobFilter, beforeSeq: number | undefined, limit: number): Promise<{ seq: number; job: J }[]> {
    const rows = this.lists.page({ accountId: scope.accountId, region: scope.region, ...filter }, beforeSeq, limit);
    return rows.map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }
}

