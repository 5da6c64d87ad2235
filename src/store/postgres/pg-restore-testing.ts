/** Restore testing's tables on PostgreSQL (see SqliteRestoreTestingStore, migration 004). */
import type { RestoreTestingScheduleRow, RestoreTestingStore, TrackedRestoreJob } from '../repos/restore-testing-store.js';
import type { Scope } from '../types.js';
import type { PgSql } from './sql.js';

type JobRow = { job_id: string; due_at: number; data: string };
const tracked = <T>(r: JobRow): TrackedRestoreJob<T> => ({ jobId: r.job_id, dueAt: r.due_at, data: JSON.parse(r.data) as T });

export class PgRestoreTestingStore implements RestoreTestingStore {
  constructor(private readonly sql: PgSql) {}

  async earliestFire(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(next_fire) AS m FROM restore_testing_schedule');
    return row?.m ?? undefined;
  }
  async dueFires(nowMs: number, limit: number): Promise<RestoreTestingScheduleRow[]> {
    const rows = await this.sql.query<{ account: string; region: string; plan_name: string; next_fire: number }>(
      'SELECT account, region, plan_name, next_fire FROM restore_testing_schedule WHERE next_fire <= ? ORDER BY next_fire, account, region, plan_name LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ accountId: r.account, region: r.region, planName: r.plan_name, nextFire: r.next_fire }));
  }
  async setNextFire(scope: Scope, planName: string, nextFire: number | undefined): Promise<void> {
    if (nextFire === undefined) {
      await this.sql.run('DELETE FROM restore_testing_schedule WHERE account = ? AND region = ? AND plan_name = ?', [scope.accountId, scope.region, planName]);
    } else {
      await this.sql.run(
        'INSERT INTO restore_testing_schedule (account, region, plan_name, next_fire) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, plan_name) DO UPDATE SET next_fire = excluded.next_fire',
        [scope.accountId, scope.region, planName, nextFire],
      );
    }
  }
  async nextFireOf(scope: Scope, planName: string): Promise<number | undefined> {
    const [row] = await this.sql.query<{ next_fire: number }>(
      'SELECT next_fire FROM restore_testing_schedule WHERE account = ? AND region = ? AND plan_name = ?',
      [scope.accountId, scope.region, planName],
    );
    return row?.next_fire;
  }
  async earliestJobStep(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_at) AS m FROM restore_testing_jobs');
    return row?.m ?? undefined;
  }
  async dueJobs<T>(nowMs: number, limit: number): Promise<TrackedRestoreJob<T>[]> {
    const rows = await this.sql.query<JobRow>('SELECT job_id, due_at, data FROM restore_testing_jobs WHERE due_at <= ? ORDER BY due_at, job_id LIMIT ?', [nowMs, limit]);
    return rows.map((r) => tracked<T>(r));
  }
  async getJob<T>(jobId: string): Promise<TrackedRestoreJob<T> | undefined> {
    const [row] = await this.sql.query<JobRow>('SELECT job_id, due_at, data FROM restore_testing_jobs WHERE job_id = ?', [jobId]);
    return row && tracked<T>(row);
  }
  async putJob<T>(job: TrackedRestoreJob<T>): Promise<void> {
    await this.sql.run(
      'INSERT INTO restore_testing_jobs (job_id, due_at, data) VALUES (?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET due_at = excluded.due_at, data = excluded.data',
      [job.jobId, job.dueAt, JSON.stringify(job.data)],
    );
  }
  async deleteJob(jobId: string): Promise<void> {
    await this.sql.run('DELETE FROM restore_testing_jobs WHERE job_id = ?', [jobId]);
  }
}
