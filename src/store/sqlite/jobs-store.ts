/**
 * The SQLite implementation of repos/jobs-store.ts.
 *
 * Backup, copy and restore jobs: one table, one row per job, with the filterable members as
 * indexed columns and the whole record as JSON. No business rules here.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import { indexedBy, KeysetList } from './list-query.js';
import type { Scope } from '../types.js';
import type { JobKind, JobColumns, JobFilter, LatestRestore, JobCountRow, JobsStore, JobScopeCount } from '../repos/jobs-store.js';
import { firstAfterSql, jobScopes, type JobKey } from '../job-scopes.js';

const COLUMNS =
  'kind, id, account, region, state, resource_arn, resource_type, vault, source_rp_arn, message_category, creation_date, completion_date, rp_creation_date, plan_arn, parent_job_id, is_parent, due_at, idempotency_token, data';

function values(j: JobColumns): unknown[] {
  return [
    j.kind, j.id, j.accountId, j.region, j.state, j.resourceArn, j.resourceType, j.vault ?? null, j.sourceRecoveryPointArn ?? null,
    j.messageCategory ?? null, j.creationDate, j.completionDate ?? null, j.recoveryPointCreationDate ?? null, j.planArn ?? null,
    j.parentJobId ?? null, j.isParent ? 1 : 0, j.dueAt ?? null, j.idempotencyToken ?? null, JSON.stringify(j),
  ];
}

/** The columns update() may change, in the order it compares them. */
const UPDATABLE = ['state', 'message_category', 'completion_date', 'is_parent', 'due_at'] as const;


/** The most selective filter's index, by AWS usage (SQLite's planner, without statistics, picks jobs_order). */
const INDEX_PRIORITY: [keyof JobFilter, string][] = [
  ['parentJobId', 'jobs_parent'],
  ['planArn', 'jobs_plan'],
  ['resourceArn', 'jobs_resource'],
  ['sourceRecoveryPointArn', 'jobs_source_rp'],
  ['vault', 'jobs_vault'],
  ['state', 'jobs_state'],
  ['messageCategory', 'jobs_category'],
  ['resourceType', 'jobs_type'],
];

/** One account: the most selective filter's index; every account of a region: SQLite's choice (jobs_region_order). */
const indexFor = (filter: JobFilter): string => (filter.accountId === undefined ? '' : indexedBy(filter, INDEX_PRIORITY, 'jobs_order'));

export class SqliteJobsStore implements JobsStore {
  private readonly insertStmt: Statement;
  private readonly currentStmt: Statement;
  /** UPDATE statements by the set of mutable columns they write (UPDATABLE's bits). */
  private readonly updateStmts = new Map<number, Statement>();
  private readonly getStmt: Statement;
  private readonly tokenStmt: Statement;
  private readonly nextDueStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly runningStmt: Statement;
  private readonly oldestEndedStmt: Statement;
  private readonly endedParentsStmt: Statement;
  private readonly deleteEndedStmt: Statement;
  private readonly deleteChildrenStmt: Statement;
  private readonly noteRestoreStmt: Statement;
  private readonly latestRestoreStmt: Statement;
  private readonly listStmts: StatementCache;
  private readonly lists: KeysetList<JobFilter>;

  constructor(private readonly db: Db) {
    this.listStmts = new StatementCache(db);
    this.lists = new KeysetList(this.listStmts, { table: 'jobs', columns: JOB_FILTER_COLUMNS, index: indexFor });
    this.insertStmt = db.prepare(`INSERT INTO jobs (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
    this.currentStmt = db.prepare('SELECT state, message_category, completion_date, is_parent, due_at FROM jobs WHERE id = ?').raw();
    this.getStmt = db.prepare('SELECT data FROM jobs WHERE kind = ? AND id = ?').pluck();
    // INDEXED BY: otherwise SQLite weighs the partial indexes against the bound kind and prepares
    // the statement again at every call (five times the lookup's own cost).
    this.tokenStmt = db
      .prepare('SELECT data FROM jobs INDEXED BY jobs_idempotency WHERE kind = ? AND account = ? AND region = ? AND idempotency_token = ?')
      .pluck();
    this.nextDueStmt = db.prepare('SELECT MIN(due_at) FROM jobs WHERE due_at IS NOT NULL').pluck();
    // No bound LIMIT: with one, SQLite prepares this statement again at every call (limit is applied below).
    this.runningStmt = db
      .prepare("SELECT data FROM jobs INDEXED BY jobs_running_backup WHERE kind = 'backup' AND state = 'RUNNING' AND account = ? AND region = ? AND resource_arn = ? AND is_parent = 0")
      .pluck();
    this.dueStmt = db.prepare('SELECT data FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?').pluck();
    // jobs_ended covers these reads: the oldest and a batch come from the index alone.
    const ended = 'FROM jobs INDEXED BY jobs_ended WHERE completion_date IS NOT NULL AND parent_job_id IS NULL';
    this.oldestEndedStmt = db.prepare(`SELECT completion_date ${ended} ORDER BY completion_date LIMIT 1`).pluck();
    const batch = `SELECT seq, is_parent ${ended} AND completion_date <= ? ORDER BY completion_date LIMIT ?`;
    this.endedParentsStmt = db.prepare(`SELECT p.kind, p.account, p.region, p.id FROM (${batch}) b JOIN jobs p ON p.seq = b.seq WHERE b.is_parent = 1`).raw();
    this.deleteEndedStmt = db.prepare(`DELETE FROM jobs WHERE seq IN (SELECT seq FROM (${batch}))`);
    this.deleteChildrenStmt = db.prepare('DELETE FROM jobs INDEXED BY jobs_parent WHERE kind = ? AND account = ? AND region = ? AND parent_job_id = ?');
    this.noteRestoreStmt = db.prepare(`INSERT INTO resource_restores (account, region, resource_arn, job_id, creation_date, completion_date, rp_creation_date)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, resource_arn) DO UPDATE SET job_id = excluded.job_id,
        creation_date = excluded.creation_date, completion_date = excluded.completion_date, rp_creation_date = excluded.rp_creation_date
      WHERE (excluded.creation_date, excluded.completion_date) >= (resource_restores.creation_date, resource_restores.completion_date)`);
    this.latestRestoreStmt = db.prepare(`SELECT job_id AS jobId, creation_date AS creationDate, completion_date AS completionDate,
      rp_creation_date AS recoveryPointCreationDate FROM resource_restores WHERE account = ? AND region = ? AND resource_arn = ?`);
  }

  async insert(job: JobColumns): Promise<void> {
    this.insertStmt.run(...values(job));
  }

  async insertAll(jobs: JobColumns[]): Promise<void> {
    for (const job of jobs) this.insertStmt.run(...values(job));
  }

  async update(jobs: JobColumns[]): Promise<void> {
    for (const j of jobs) {
      // Only the columns that changed: SQLite rewrites every index over a column an UPDATE sets,
      // changed or not (a job's start changes its state and due time, not its completion).
      const current = this.currentStmt.get(j.id) as unknown[] | undefined;
      if (!current) continue;
      const next = [j.state, j.messageCategory ?? null, j.completionDate ?? null, j.isParent ? 1 : 0, j.dueAt ?? null];
      let mask = 0;
      const params: unknown[] = [];
      for (let i = 0; i < UPDATABLE.length; i++) {
        if (next[i] === current[i]) continue;
        mask |= 1 << i;
        params.push(next[i]);
      }
      let stmt = this.updateStmts.get(mask);
      if (!stmt) {
        const set = UPDATABLE.filter((_, i) => mask & (1 << i)).map((c) => `${c} = ?, `).join('');
        stmt = this.db.prepare(`UPDATE jobs SET ${set}data = ? WHERE id = ?`);
        this.updateStmts.set(mask, stmt);
      }
      stmt.run(...params, JSON.stringify(j), j.id);
    }
  }

  async get<J extends JobColumns>(kind: JobKind, id: string): Promise<J | undefined> {
    const data = this.getStmt.get(kind, id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }

  async byIdempotencyToken<J extends JobColumns>(kind: JobKind, scope: Scope, token: string): Promise<J | undefined> {
    const data = this.tokenStmt.get(kind, scope.accountId, scope.region, token) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }

  async list<J extends JobColumns>(filter: JobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]> {
    return this.lists.page(filter, afterSeq, limit).map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async nextDue(): Promise<number | undefined> {
    return (this.nextDueStmt.get() as number | null) ?? undefined;
  }

  async runningBackupsOf<J extends JobColumns>(resources: (Scope & { resourceArn: string })[], limit: number): Promise<J[][]> {
    return Promise.all(resources.map((r) => this.runningBackups<J>(r, r.resourceArn, limit)));
  }

  async runningBackups<J extends JobColumns>(scope: Scope, resourceArn: string, limit: number): Promise<J[]> {
    const out: J[] = [];
    for (const data of this.runningStmt.iterate(scope.accountId, scope.region, resourceArn) as IterableIterator<string>) {
      if (out.length >= limit) break;
      out.push(JSON.parse(data) as J);
    }
    return out;
  }

  async due<J extends JobColumns>(nowMs: number, limit: number): Promise<J[]> {
    return (this.dueStmt.all(nowMs, limit) as string[]).map((d) => JSON.parse(d) as J);
  }

  async childStates(kind: JobKind, scope: Scope, parentJobId: string): Promise<Record<string, number>> {
    const sql = `SELECT state, count(*) AS n FROM jobs INDEXED BY jobs_parent
      WHERE kind = ? AND account = ? AND region = ? AND parent_job_id = ? GROUP BY state`;
    const stmt = this.listStmts.get(sql);
    const rows = stmt.all(kind, scope.accountId, scope.region, parentJobId) as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  async counts(kind: JobKind, region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<JobCountRow[]> {
    const account = accountId === undefined ? '' : 'AND account = ?';
    const sql = `SELECT account AS accountId, state, resource_type AS resourceType, message_category AS messageCategory,
        CAST((creation_date - ?) / ? AS INTEGER) AS bucket, count(*) AS count
      FROM jobs WHERE kind = ? AND region = ? AND creation_date >= ? AND creation_date < ? ${account}
      GROUP BY account, state, resource_type, message_category, bucket`;
    const stmt = this.listStmts.get(sql);
    const params: unknown[] = [fromMs, bucketMs, kind, region, fromMs, toMs];
    if (accountId !== undefined) params.push(accountId);
    return stmt.all(...params) as JobCountRow[];
  }

  async scopes(cap: number): Promise<JobScopeCount[]> {
    const count = this.listStmts.get('SELECT count(*) FROM (SELECT 1 FROM jobs INDEXED BY jobs_order WHERE kind = ? AND account = ? AND region = ? LIMIT ?)');
    return jobScopes({
      firstAfter: async (values) => (this.listStmts.get(firstAfterSql(values.length - 1, 'INDEXED BY jobs_order')).raw().get(...values) as JobKey | undefined) ?? undefined,
      count: async (key, limit) => count.pluck().get(...key, limit) as number,
    }, cap);
  }

  async oldestEnded(): Promise<number | undefined> {
    return (this.oldestEndedStmt.get() as number | undefined) ?? undefined;
  }

  async deleteEnded(endedBy: number, limit: number): Promise<number> {
    // The children first: they are not in jobs_ended, so the batch stays the same rows.
    for (const parent of this.endedParentsStmt.all(endedBy, limit) as string[][]) this.deleteChildrenStmt.run(...parent);
    return this.deleteEndedStmt.run(endedBy, limit).changes;
  }

  async noteRestores(jobs: JobColumns[]): Promise<void> {
    for (const j of jobs) {
      this.noteRestoreStmt.run(j.accountId, j.region, j.resourceArn, j.id, j.creationDate, j.completionDate, j.recoveryPointCreationDate);
    }
  }

  async latestRestore(scope: Scope, resourceArn: string): Promise<LatestRestore | undefined> {
    return this.latestRestoreStmt.get(scope.accountId, scope.region, resourceArn) as LatestRestore | undefined;
  }
}

