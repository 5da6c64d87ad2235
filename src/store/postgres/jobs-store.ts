/**
 * Backup, copy and restore jobs on PostgreSQL (migration 010): the JobsStore of jobs-store.ts,
 * method by method, with its filter table. Batches are one statement each (unnest of arrays).
 */
import { JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import type { JobColumns, JobCountRow, JobFilter, JobKind, JobScopeCount, JobsStore, LatestRestore } from '../repos/jobs-store.js';
import { firstAfterSql, jobScopes, type JobKey } from '../job-scopes.js';
import type { Scope } from '../types.js';
import { lastOfEach, records } from './rows.js';
import { keysetPage, pgLimit, type PgListTable } from './keyset-list.js';
import type { PgSql } from './sql.js';

const COLUMNS =
  'kind, id, account, region, state, resource_arn, resource_type, vault, source_rp_arn, message_category, creation_date, completion_date, rp_creation_date, plan_arn, parent_job_id, is_parent, due_at, idempotency_token, data';

const ENDED = 'FROM jobs WHERE completion_date IS NOT NULL AND parent_job_id IS NULL';

const LIST: PgListTable<JobFilter> = { table: 'jobs', columns: JOB_FILTER_COLUMNS };

export class PgJobsStore implements JobsStore {
  constructor(private readonly sql: PgSql) {}

  async insert(j: JobColumns): Promise<void> {
    await this.insertAll([j]);
  }

  async insertAll(jobs: JobColumns[]): Promise<void> {
    if (jobs.length === 0) return;
    const column = (f: (j: JobColumns) => unknown): unknown[] => jobs.map(f);
    await this.sql.run(
      `INSERT INTO jobs (${COLUMNS}) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
        ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::smallint[], ?::bigint[], ?::text[], ?::text[])`,
      [
        column((j) => j.kind), column((j) => j.id), column((j) => j.accountId), column((j) => j.region), column((j) => j.state),
        column((j) => j.resourceArn), column((j) => j.resourceType), column((j) => j.vault ?? null), column((j) => j.sourceRecoveryPointArn ?? null),
        column((j) => j.messageCategory ?? null), column((j) => j.creationDate), column((j) => j.completionDate ?? null),
        column((j) => j.recoveryPointCreationDate ?? null), column((j) => j.planArn ?? null), column((j) => j.parentJobId ?? null),
        column((j) => (j.isParent ? 1 : 0)), column((j) => j.dueAt ?? null), column((j) => j.idempotencyToken ?? null), column((j) => JSON.stringify(j)),
      ],
    );
  }

  async update(jobs: JobColumns[]): Promise<void> {
    // One statement for the batch; a job given twice is written as its last version (as SQLite's statement per job leaves it).
    const last = lastOfEach(jobs, (j) => j.id);
    if (last.length === 0) return;
    await this.sql.run(
      `UPDATE jobs SET state = u.state, message_category = u.message_category, completion_date = u.completion_date,
        is_parent = u.is_parent, due_at = u.due_at, data = u.data
      FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::smallint[], ?::bigint[], ?::text[])
        AS u (id, state, message_category, completion_date, is_parent, due_at, data)
      WHERE jobs.id = u.id`,
      [
        last.map((j) => j.id), last.map((j) => j.state), last.map((j) => j.messageCategory ?? null), last.map((j) => j.completionDate ?? null),
        last.map((j) => (j.isParent ? 1 : 0)), last.map((j) => j.dueAt ?? null), last.map((j) => JSON.stringify(j)),
      ],
    );
  }

  async get<J extends JobColumns>(kind: JobKind, id: string): Promise<J | undefined> {
    return records<J>(await this.sql.query('SELECT data FROM jobs WHERE kind = ? AND id = ?', [kind, id]))[0];
  }

  async byIdempotencyToken<J extends JobColumns>(kind: JobKind, scope: Scope, token: string): Promise<J | undefined> {
    const sql = 'SELECT data FROM jobs WHERE kind = ? AND account = ? AND region = ? AND idempotency_token = ?';
    return records<J>(await this.sql.query(sql, [kind, scope.accountId, scope.region, token]))[0];
  }

  async list<J extends JobColumns>(filter: JobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]> {
    return (await keysetPage(this.sql, LIST, filter, afterSeq, limit)).map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number | null }>('SELECT MIN(due_at) AS v FROM jobs WHERE due_at IS NOT NULL');
    return row?.v ?? undefined;
  }

  async runningBackups<J extends JobColumns>(scope: Scope, resourceArn: string, limit: number): Promise<J[]> {
    const sql = `SELECT data FROM jobs WHERE kind = 'backup' AND state = 'RUNNING' AND account = ? AND region = ? AND resource_arn = ? AND is_parent = 0
      ORDER BY seq LIMIT ?`;
    return records<J>(await this.sql.query(sql, [scope.accountId, scope.region, resourceArn, Math.max(0, limit)]));
  }

  async runningBackupsOf<J extends JobColumns>(resources: (Scope & { resourceArn: string })[], limit: number): Promise<J[][]> {
    if (resources.length === 0) return [];
    const rows = await this.sql.query<{ i: number; data: string }>(
      `SELECT r.i, running.data FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS r (account, region, resource_arn, i)
       JOIN LATERAL (SELECT data, seq FROM jobs WHERE kind = 'backup' AND state = 'RUNNING' AND account = r.account AND region = r.region
         AND resource_arn = r.resource_arn AND is_parent = 0 ORDER BY seq LIMIT ?) running ON true
       ORDER BY r.i, running.seq`,
      [resources.map((r) => r.accountId), resources.map((r) => r.region), resources.map((r) => r.resourceArn), Math.max(0, limit)],
    );
    const out: J[][] = resources.map(() => []);
    for (const row of rows) out[row.i - 1]!.push(JSON.parse(row.data) as J);
    return out;
  }

  async due<J extends JobColumns>(nowMs: number, limit: number): Promise<J[]> {
    const sql = 'SELECT data FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?';
    return records<J>(await this.sql.query(sql, [nowMs, pgLimit(limit)]));
  }

  async childStates(kind: JobKind, scope: Scope, parentJobId: string): Promise<Record<string, number>> {
    const sql = 'SELECT state, count(*) AS n FROM jobs WHERE kind = ? AND account = ? AND region = ? AND parent_job_id = ? GROUP BY state';
    const rows = await this.sql.query<{ state: string; n: number }>(sql, [kind, scope.accountId, scope.region, parentJobId]);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  async counts(kind: JobKind, region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<JobCountRow[]> {
    const account = accountId === undefined ? '' : 'AND account = ?';
    const sql = `SELECT account AS "accountId", state, resource_type AS "resourceType", message_category AS "messageCategory",
        (creation_date - ?) / ? AS bucket, count(*) AS count
      FROM jobs WHERE kind = ? AND region = ? AND creation_date >= ? AND creation_date < ? ${account}
      GROUP BY account, state, resource_type, message_category, bucket`;
    const params: unknown[] = [fromMs, bucketMs, kind, region, fromMs, toMs];
    if (accountId !== undefined) params.push(accountId);
    return this.sql.query<JobCountRow>(sql, params);
  }

  async scopes(cap: number): Promise<JobScopeCount[]> {
    return jobScopes({
      firstAfter: async (values) => {
        const [row] = await this.sql.query<{ kind: string; account: string; region: string }>(firstAfterSql(values.length - 1), values);
        return row && ([row.kind, row.account, row.region] as const);
      },
      count: async (key: JobKey, limit) => {
        const sql = 'SELECT count(*) AS n FROM (SELECT 1 FROM jobs WHERE kind = ? AND account = ? AND region = ? LIMIT ?) AS j';
        return (await this.sql.query<{ n: number }>(sql, [...key, limit]))[0]!.n;
      },
    }, cap);
  }

  async oldestEnded(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number }>(`SELECT completion_date AS v ${ENDED} ORDER BY completion_date, seq LIMIT 1`);
    return row?.v;
  }

  async deleteEnded(endedBy: number, limit: number): Promise<number> {
    // One statement: the batch (oldest first; ties as SQLite's jobs_ended orders them, plain jobs before
    // parents, then seq), its parents' child jobs, then the batch.
    return this.sql.run(
      `WITH batch AS (SELECT seq, is_parent ${ENDED} AND completion_date <= ? ORDER BY completion_date, is_parent, seq LIMIT ?),
        children AS (
          DELETE FROM jobs c USING batch b, jobs p
          WHERE b.is_parent = 1 AND p.seq = b.seq AND c.kind = p.kind AND c.account = p.account AND c.region = p.region AND c.parent_job_id = p.id
        )
      DELETE FROM jobs WHERE seq IN (SELECT seq FROM batch)`,
      [endedBy, pgLimit(limit)],
    );
  }

  async noteRestores(jobs: JobColumns[]): Promise<void> {
    // One upsert per resource: the batch's latest restore of each (ties: the later in the batch), as SQLite's statement per job leaves it.
    const latest = new Map<string, JobColumns>();
    for (const j of jobs) {
      const key = JSON.stringify([j.accountId, j.region, j.resourceArn]);
      const seen = latest.get(key);
      if (!seen || j.creationDate > seen.creationDate || (j.creationDate === seen.creationDate && j.completionDate! >= seen.completionDate!)) latest.set(key, j);
    }
    const rows = [...latest.values()];
    if (rows.length === 0) return;
    await this.sql.run(
      `INSERT INTO resource_restores (account, region, resource_arn, job_id, creation_date, completion_date, rp_creation_date)
        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[])
      ON CONFLICT (account, region, resource_arn) DO UPDATE SET job_id = excluded.job_id,
        creation_date = excluded.creation_date, completion_date = excluded.completion_date, rp_creation_date = excluded.rp_creation_date
      WHERE (excluded.creation_date, excluded.completion_date) >= (resource_restores.creation_date, resource_restores.completion_date)`,
      [
        rows.map((j) => j.accountId), rows.map((j) => j.region), rows.map((j) => j.resourceArn), rows.map((j) => j.id),
        rows.map((j) => j.creationDate), rows.map((j) => j.completionDate ?? null), rows.map((j) => j.recoveryPointCreationDate ?? null),
      ],
    );
  }

  async latestRestore(scope: Scope, resourceArn: string): Promise<LatestRestore | undefined> {
    const sql = `SELECT job_id AS "jobId", creation_date AS "creationDate", completion_date AS "completionDate",
      rp_creation_date AS "recoveryPointCreationDate" FROM resource_restores WHERE account = ? AND region = ? AND resource_arn = ?`;
    return (await this.sql.query<LatestRestore>(sql, [scope.accountId, scope.region, resourceArn]))[0];
  }
}
