/**
 * Backup Audit Manager's tables on PostgreSQL: the time-driven steps and report jobs
 * (SqliteAuditStore, migration 002), and what reports read from the jobs and recovery points
 * tables (SqliteAuditSourceStore; those tables come with migrations 010-019).
 */
import type { AuditSourceStore, FinishedPosition, RecoveryPointPlace } from '../repos/audit-source-store.js';
import type { AuditStore, IndexedReportJob, PendingUpload, ReportJobFilter, ScheduledStep } from '../repos/audit-store.js';
import { uploadOf, type UploadRow } from '../report-upload-rows.js';
import type { JobColumns, JobKind } from '../repos/jobs-store.js';
import { REPORT_JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import type { Scope } from '../types.js';
import { keysetPage, type PgListTable } from './keyset-list.js';
import type { PgSql } from './sql.js';

const REPORT_JOBS: PgListTable<ReportJobFilter & Scope> = { table: 'report_jobs', descending: true, columns: REPORT_JOB_FILTER_COLUMNS };

export class PgAuditStore implements AuditStore {
  constructor(private readonly sql: PgSql) {}

  async schedule(step: ScheduledStep): Promise<void> {
    await this.sql.run(
      'INSERT INTO audit_schedule (kind, account, region, id, due_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, account, region, id) DO UPDATE SET due_ms = excluded.due_ms',
      [step.kind, step.accountId, step.region, step.id, step.dueMs],
    );
  }
  async unschedule(kind: string, scope: Scope, id: string): Promise<void> {
    await this.sql.run('DELETE FROM audit_schedule WHERE kind = ? AND account = ? AND region = ? AND id = ?', [kind, scope.accountId, scope.region, id]);
  }
  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_ms) AS m FROM audit_schedule');
    return row?.m ?? undefined;
  }
  async dueSteps(nowMs: number, limit: number): Promise<ScheduledStep[]> {
    const rows = await this.sql.query<{ kind: string; account: string; region: string; id: string; due_ms: number }>(
      'SELECT kind, account, region, id, due_ms FROM audit_schedule WHERE due_ms <= ? ORDER BY due_ms, seq LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ kind: r.kind, accountId: r.account, region: r.region, id: r.id, dueMs: r.due_ms }));
  }
  async enqueueUpload(u: Omit<PendingUpload, 'attempts' | 'lastError'>): Promise<void> {
    await this.sql.run('INSERT INTO report_uploads (job_id, account, region, at_ms, due_ms) VALUES (?, ?, ?, ?, ?)', [u.jobId, u.accountId, u.region, u.atMs, u.dueMs]);
  }
  async nextUploadDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_ms) AS m FROM report_uploads');
    return row?.m ?? undefined;
  }
  async dueUploads(nowMs: number, limit: number): Promise<PendingUpload[]> {
    return (await this.sql.query<UploadRow>('SELECT * FROM report_uploads WHERE due_ms <= ? ORDER BY due_ms, job_id LIMIT ?', [nowMs, limit])).map(uploadOf);
  }
  async claimUpload(jobId: string, attempts: number, retryAtMs: number): Promise<boolean> {
    return (await this.sql.run('UPDATE report_uploads SET attempts = attempts + 1, due_ms = ? WHERE job_id = ? AND attempts = ?', [retryAtMs, jobId, attempts])) === 1;
  }
  async uploadFailed(jobId: string, error: string): Promise<void> {
    await this.sql.run('UPDATE report_uploads SET last_error = ? WHERE job_id = ?', [error, jobId]);
  }
  async removeUpload(jobId: string): Promise<void> {
    await this.sql.run('DELETE FROM report_uploads WHERE job_id = ?', [jobId]);
  }
  async insertJob(job: IndexedReportJob): Promise<void> {
    await this.sql.run(
      'INSERT INTO report_jobs (id, account, region, plan_name, status, created_ms, idempotency_token, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [job.id, job.accountId, job.region, job.planName, job.status, job.creationTime, job.idempotencyToken ?? null, JSON.stringify(job)],
    );
  }
  async updateJob(job: IndexedReportJob): Promise<void> {
    await this.sql.run('UPDATE report_jobs SET status = ?, data = ? WHERE id = ?', [job.status, JSON.stringify(job), job.id]);
  }
  async getJob<J extends IndexedReportJob>(id: string): Promise<J | undefined> {
    const [row] = await this.sql.query<{ data: string }>('SELECT data FROM report_jobs WHERE id = ?', [id]);
    return row === undefined ? undefined : (JSON.parse(row.data) as J);
  }
  async findJobByToken<J extends IndexedReportJob>(scope: Scope, planName: string, token: string): Promise<J | undefined> {
    const [row] = await this.sql.query<{ data: string }>(
      'SELECT data FROM report_jobs WHERE account = ? AND region = ? AND plan_name = ? AND idempotency_token = ? ORDER BY seq DESC LIMIT 1',
      [scope.accountId, scope.region, planName, token],
    );
    return row === undefined ? undefined : (JSON.parse(row.data) as J);
  }
  async listJobs<J extends IndexedReportJob>(
    scope: Scope, filter: ReportJobFilter, beforeSeq: number | undefined, limit: number,
  ): Promise<{ seq: number; job: J }[]> {
    const rows = await keysetPage(this.sql, REPORT_JOBS, { accountId: scope.accountId, region: scope.region, ...filter }, beforeSeq, limit);
    return rows.map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }
}

const FINISHED = `SELECT seq, completion_date, data FROM jobs
  WHERE kind = ? AND account = ? AND region = ? AND completion_date >= ? AND creation_date < ?`;

export class PgAuditSourceStore implements AuditSourceStore {
  constructor(private readonly sql: PgSql) {}

  async jobRegions(kind: JobKind, accountId: string): Promise<string[]> {
    // A loose index scan of jobs_order: one index seek per Region, however many jobs each holds.
    const rows = await this.sql.query<{ region: string }>(
      `WITH RECURSIVE r (region) AS (
         SELECT MIN(region) FROM jobs WHERE kind = ? AND account = ?
         UNION ALL
         SELECT (SELECT MIN(region) FROM jobs WHERE kind = ? AND account = ? AND region > r.region) FROM r WHERE r.region IS NOT NULL
       ) SELECT region FROM r WHERE region IS NOT NULL`,
      [kind, accountId, kind, accountId],
    );
    return rows.map((r) => r.region);
  }

  async finishedJobs<J extends JobColumns>(
    kind: JobKind, accountId: string, region: string, fromMs: number, toMs: number, after: FinishedPosition | undefined, limit: number,
  ): Promise<{ jobs: J[]; last?: FinishedPosition }> {
    // The next batch seeks to the last completion date rather than the period's start (see SQLite's).
    const rows = await (after === undefined
      ? this.sql.query<{ seq: number; completion_date: number; data: string }>(`${FINISHED} ORDER BY completion_date, seq LIMIT ?`, [
          kind, accountId, region, fromMs, toMs, limit,
        ])
      : this.sql.query<{ seq: number; completion_date: number; data: string }>(
          `${FINISHED} AND (completion_date, seq) > (?, ?) ORDER BY completion_date, seq LIMIT ?`,
          [kind, accountId, region, after.completionDate, toMs, after.completionDate, after.seq, limit],
        ));
    const last = rows[rows.length - 1];
    return { jobs: rows.map((r) => JSON.parse(r.data) as J), last: last && { seq: last.seq, completionDate: last.completion_date } };
  }

  async openJobs<J extends JobColumns>(
    kind: JobKind, accountId: string, region: string, toMs: number, afterSeq: number, limit: number,
  ): Promise<{ jobs: J[]; lastSeq?: number }> {
    const rows = await this.sql.query<{ seq: number; data: string }>(
      `SELECT seq, data FROM jobs
       WHERE kind = ? AND account = ? AND region = ? AND completion_date IS NULL AND seq > ? AND creation_date < ? ORDER BY seq LIMIT ?`,
      [kind, accountId, region, afterSeq, toMs, limit],
    );
    return { jobs: rows.map((r) => JSON.parse(r.data) as J), lastSeq: rows[rows.length - 1]?.seq };
  }

  async recoveryPointPlaces(resourceArn: string): Promise<RecoveryPointPlace[]> {
    return this.sql.query<RecoveryPointPlace>(
      'SELECT DISTINCT account AS "accountId", region, status FROM recovery_points WHERE resource_arn = ?',
      [resourceArn],
    );
  }
}
