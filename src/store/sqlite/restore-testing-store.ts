/**
 * The SQLite implementation of repos/restore-testing-store.ts.
 *
 * Restore testing's tables: the next firing of every plan, and the restore jobs whose timed
 * steps (completion check, end of the validation window, deletion) are still ahead.
 * No business rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import type { Scope } from '../types.js';
import type { RestoreTestingScheduleRow, TrackedRestoreJob, RestoreTestingStore } from '../repos/restore-testing-store.js';

export class SqliteRestoreTestingStore implements RestoreTestingStore {
  private readonly minFire: Statement;
  private readonly dueFire: Statement;
  private readonly upsertFire: Statement;
  private readonly deleteFire: Statement;
  private readonly getFire: Statement;
  private readonly minJob: Statement;
  private readonly dueJob: Statement;
  private readonly getJobStmt: Statement;
  private readonly upsertJob: Statement;
  private readonly deleteJobStmt: Statement;

  constructor(db: Db) {
    this.minFire = db.prepare('SELECT MIN(next_fire) FROM restore_testing_schedule').pluck();
    this.dueFire = db.prepare(
      'SELECT account, region, plan_name, next_fire FROM restore_testing_schedule WHERE next_fire <= ? ORDER BY next_fire, account, region, plan_name LIMIT ?',
    );
    this.upsertFire = db.prepare(
      'INSERT INTO restore_testing_schedule (account, region, plan_name, next_fire) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, plan_name) DO UPDATE SET next_fire = excluded.next_fire',
    );
    this.deleteFire = db.prepare('DELETE FROM restore_testing_schedule WHERE account = ? AND region = ? AND plan_name = ?');
    this.getFire = db.prepare('SELECT next_fire FROM restore_testing_schedule WHERE account = ? AND region = ? AND plan_name = ?').pluck();
    this.minJob = db.prepare('SELECT MIN(due_at) FROM restore_testing_jobs').pluck();
    this.dueJob = db.prepare('SELECT job_id, due_at, data FROM restore_testing_jobs WHERE due_at <= ? ORDER BY due_at, job_id LIMIT ?');
    this.getJobStmt = db.prepare('SELECT job_id, due_at, data FROM restore_testing_jobs WHERE job_id = ?');
    this.upsertJob = db.prepare(
      'INSERT INTO restore_testing_jobs (job_id, due_at, data) VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET due_at = excluded.due_at, data = excluded.data',
    );
    this.deleteJobStmt = db.prepare('DELETE FROM restore_testing_jobs WHERE job_id = ?');
  }

  async earliestFire(): Promise<number | undefined> {
    return (this.minFire.get() as number | null) ?? undefined;
  }

  async dueFires(nowMs: number, limit: number): Promise<RestoreTestingScheduleRow[]> {
    const rows = this.dueFire.all(nowMs, limit) as { account: string; region: string; plan_name: string; next_fire: number }[];
    return rows.map((r) => ({ accountId: r.account, region: r.region, planName: r.plan_name, nextFire: r.next_fire }));
  }

  async setNextFire(scope: Scope, planName: string, nextFire: number | undefined): Promise<void> {
    if (nextFire === undefined) this.deleteFire.run(scope.accountId, scope.region, planName);
    else this.upsertFire.run(scope.accountId, scope.region, planName, nextFire);
  }

  async nextFireOf(scope: Scope, planName: string): Promise<number | undefined> {
    return (this.getFire.get(scope.accountId, scope.region, planName) as number | undefined) ?? undefined;
  }

  async earliestJobStep(): Promise<number | undefined> {
    return (this.minJob.get() as number | null) ?? undefined;
  }

  async dueJobs<T>(nowMs: number, limit: number): Promise<TrackedRestoreJob<T>[]> {
    const rows = this.dueJob.all(nowMs, limit) as { job_id: string; due_at: number; data: string }[];
    return rows.map((r) => ({ jobId: r.job_id, dueAt: r.due_at, data: JSON.parse(r.data) as T }));
  }

  async getJob<T>(jobId: string): Promise<TrackedRestoreJob<T> | undefined> {
    const r = this.getJobStmt.get(jobId) as { job_id: string; due_at: number; data: string } | undefined;
    return r && { jobId: r.job_id, dueAt: r.due_at, data: JSON.parse(r.data) as T };
  }

  async putJob<T>(job: TrackedRestoreJob<T>): Promise<void> {
    this.upsertJob.run(job.jobId, job.dueAt, JSON.stringify(job.data));
  }

  async deleteJob(jobId: string): Promise<void> {
    this.deleteJobStmt.run(jobId);
  }
}

