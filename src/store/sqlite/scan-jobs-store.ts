/**
 * The SQLite implementation of repos/scan-jobs-store.ts.
 *
 * Malware scan jobs: one row per job, with the filterable members as indexed columns and the
 * whole record as JSON (table scan_jobs, migration 013). No business rules here.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { SCAN_JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import { indexedBy, KeysetList } from './list-query.js';
import type { Scope } from '../types.js';
import type { ScanJobColumns, ScanJobFilter, ScanJobCountRow, ScanJobsStore, ScanJobEndPosition } from '../repos/scan-jobs-store.js';

const COLUMNS =
  'id, account, region, state, vault_name, recovery_point_arn, resource_arn, resource_type, malware_scanner, scan_result, creation_date, completion_date, due_at, idempotency_token, data';


/**
 * The most selective filter's index. The scanner has one value (GUARDDUTY) and the completion
 * dates are ranges, so neither picks an index of its own.
 */
const INDEX_PRIORITY: [keyof ScanJobFilter, string][] = [
  ['recoveryPointArn', 'scan_jobs_point'],
  ['resourceArn', 'scan_jobs_resource'],
  ['vaultName', 'scan_jobs_vault'],
  ['scanResult', 'scan_jobs_result'],
  ['state', 'scan_jobs_state'],
  ['resourceType', 'scan_jobs_type'],
];

const indexFor = (filter: ScanJobFilter): string =>
  filter.accountId === undefined ? 'INDEXED BY scan_jobs_region_order' : indexedBy(filter, INDEX_PRIORITY, 'scan_jobs_order');

/** Recovery points per endedForPoints statement (below SQLite's bound-parameter limit). */
const IN_BATCH = 500;

export class SqliteScanJobsStore implements ScanJobsStore {
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly getStmt: Statement;
  private readonly tokenStmt: Statement;
  private readonly nextDueStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly pointGoneStmt: Statement;
  private readonly oldestGoneStmt: Statement;
  private readonly deleteGoneStmt: Statement;
  private readonly stmts: StatementCache;
  private readonly lists: KeysetList<ScanJobFilter>;

  constructor(private readonly db: Db) {
    this.stmts = new StatementCache(db);
    this.lists = new KeysetList(this.stmts, { table: 'scan_jobs', columns: SCAN_JOB_FILTER_COLUMNS, index: indexFor });
    this.insertStmt = db.prepare(`INSERT INTO scan_jobs (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`);
    this.updateStmt = db.prepare('UPDATE scan_jobs SET state = ?, scan_result = ?, completion_date = ?, due_at = ?, data = ? WHERE id = ?');
    this.getStmt = db.prepare('SELECT data FROM scan_jobs WHERE id = ?').pluck();
    this.tokenStmt = db.prepare('SELECT data FROM scan_jobs WHERE account = ? AND region = ? AND idempotency_token = ?').pluck();
    this.nextDueStmt = db.prepare('SELECT MIN(due_at) FROM scan_jobs WHERE due_at IS NOT NULL').pluck();
    this.dueStmt = db.prepare('SELECT data FROM scan_jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?').pluck();
    this.pointGoneStmt = db.prepare(
      'UPDATE scan_jobs INDEXED BY scan_jobs_point SET point_gone = 1 WHERE account = ? AND region = ? AND recovery_point_arn IN (SELECT value FROM json_each(?))',
    );
    const gone = 'FROM scan_jobs INDEXED BY scan_jobs_gone WHERE point_gone = 1 AND completion_date IS NOT NULL';
    this.oldestGoneStmt = db.prepare(`SELECT completion_date ${gone} ORDER BY completion_date LIMIT 1`).pluck();
    this.deleteGoneStmt = db.prepare(`DELETE FROM scan_jobs WHERE seq IN (SELECT seq ${gone} AND completion_date <= ? ORDER BY completion_date LIMIT ?)`);
  }


  async insert(j: ScanJobColumns): Promise<void> {
    this.insertStmt.run(
      j.id, j.accountId, j.region, j.state, j.vaultName, j.recoveryPointArn, j.resourceArn, j.resourceType, j.malwareScanner,
      j.scanResult ?? null, j.creationDate, j.completionDate ?? null, j.dueAt ?? null, j.idempotencyToken ?? null, JSON.stringify(j),
    );
  }

  async update(jobs: ScanJobColumns[]): Promise<void> {
    for (const j of jobs) this.updateStmt.run(j.state, j.scanResult ?? null, j.completionDate ?? null, j.dueAt ?? null, JSON.stringify(j), j.id);
  }

  async get<J extends ScanJobColumns>(id: string): Promise<J | undefined> {
    const data = this.getStmt.get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }

  async byIdempotencyToken<J extends ScanJobColumns>(scope: Scope, token: string): Promise<J | undefined> {
    const data = this.tokenStmt.get(scope.accountId, scope.region, token) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as J);
  }

  async list<J extends ScanJobColumns>(filter: ScanJobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]> {
    return this.lists.page(filter, afterSeq, limit).map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async endedForPoints<J extends ScanJobColumns>(scope: Scope, pointArns: string[]): Promise<J[]> {
    const out: J[] = [];
    for (let i = 0; i < pointArns.length; i += IN_BATCH) {
      const batch = pointArns.slice(i, i + IN_BATCH);
      const sql = `SELECT data FROM scan_jobs INDEXED BY scan_jobs_point
        WHERE account = ? AND region = ? AND recovery_point_arn IN (${batch.map(() => '?').join(', ')}) AND completion_date IS NOT NULL ORDER BY seq`;
      for (const d of this.stmts.get(sql).pluck().all(scope.accountId, scope.region, ...batch) as string[]) out.push(JSON.parse(d) as J);
    }
    return out;
  }

  async ofResource<J extends ScanJobColumns>(
    scope: Scope,
    resourceArn: string,
    states: string[],
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ seq: number; job: J }[]> {
    const sql = `SELECT seq, data FROM scan_jobs INDEXED BY scan_jobs_resource
      WHERE account = ? AND region = ? AND resource_arn = ? AND seq < ? AND state IN (${states.map(() => '?').join(', ')}) ORDER BY seq DESC LIMIT ?`;
    const rows = this.stmts.get(sql).all(scope.accountId, scope.region, resourceArn, beforeSeq ?? Number.MAX_SAFE_INTEGER, ...states, limit) as { seq: number; data: string }[];
    return rows.map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async nextDue(): Promise<number | undefined> {
    return (this.nextDueStmt.get() as number | null) ?? undefined;
  }

  async due<J extends ScanJobColumns>(nowMs: number, limit: number): Promise<J[]> {
    return (this.dueStmt.all(nowMs, limit) as string[]).map((d) => JSON.parse(d) as J);
  }

  async counts(region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<ScanJobCountRow[]> {
    const account = accountId === undefined ? '' : 'AND account = ?';
    const sql = `SELECT account AS accountId, state, resource_type AS resourceType, malware_scanner AS malwareScanner, scan_result AS scanResult,
        CAST((creation_date - ?) / ? AS INTEGER) AS bucket, count(*) AS count
      FROM scan_jobs INDEXED BY scan_jobs_created WHERE region = ? AND creation_date >= ? AND creation_date < ? ${account}
      GROUP BY account, state, resource_type, malware_scanner, scan_result, bucket`;
    const params: unknown[] = [fromMs, bucketMs, region, fromMs, toMs];
    if (accountId !== undefined) params.push(accountId);
    return this.stmts.get(sql).all(...params) as ScanJobCountRow[];
  }

  async regionsOf(accountId: string): Promise<string[]> {
    // A skip scan of scan_jobs_order: one index seek per Region, however many jobs each holds.
    const next = this.stmts.get('SELECT MIN(region) FROM scan_jobs INDEXED BY scan_jobs_order WHERE account = ? AND region > ?').pluck();
    const regions: string[] = [];
    for (let r = next.get(accountId, '') as string | null; r !== null; r = next.get(accountId, r) as string | null) regions.push(r);
    return regions;
  }

  async endedSince<J extends ScanJobColumns>(
    scope: Scope, fromMs: number, toMs: number, after: ScanJobEndPosition | undefined, limit: number,
  ): Promise<{ jobs: J[]; last?: ScanJobEndPosition }> {
    const ended = `SELECT seq, completion_date, data FROM scan_jobs INDEXED BY scan_jobs_completed
      WHERE account = ? AND region = ? AND completion_date >= ? AND creation_date < ?`;
    // A later batch seeks to its last completion date, not the period's start (as audit-source-store does):
    // otherwise every batch walks the index entries of all the batches before it again.
    const rows = (
      after === undefined
        ? this.stmts.get(`${ended} ORDER BY completion_date, seq LIMIT ?`).raw().all(scope.accountId, scope.region, fromMs, toMs, limit)
        : this.stmts
            .get(`${ended} AND (completion_date, seq) > (?, ?) ORDER BY completion_date, seq LIMIT ?`)
            .raw()
            .all(scope.accountId, scope.region, after.completionDate, toMs, after.completionDate, after.seq, limit)
    ) as [number, number, string][];
    const last = rows[rows.length - 1];
    return { jobs: rows.map((r) => JSON.parse(r[2]) as J), last: last && { seq: last[0], completionDate: last[1] } };
  }

  async openBefore<J extends ScanJobColumns>(scope: Scope, toMs: number, afterSeq: number, limit: number): Promise<{ jobs: J[]; lastSeq?: number }> {
    const sql = `SELECT seq, data FROM scan_jobs INDEXED BY scan_jobs_open
      WHERE account = ? AND region = ? AND completion_date IS NULL AND seq > ? AND creation_date < ? ORDER BY seq LIMIT ?`;
    const rows = this.stmts.get(sql).raw().all(scope.accountId, scope.region, afterSeq, toMs, limit) as [number, string][];
    return { jobs: rows.map((r) => JSON.parse(r[1]) as J), lastSeq: rows[rows.length - 1]?.[0] };
  }

  async pointsGone(points: { accountId: string; region: string; arn: string }[]): Promise<void> {
    const byScope = new Map<string, string[]>();
    for (const p of points) {
      const key = JSON.stringify([p.accountId, p.region]);
      const arns = byScope.get(key);
      if (arns) arns.push(p.arn);
      else byScope.set(key, [p.arn]);
    }
    for (const [key, arns] of byScope) {
      const [account, region] = JSON.parse(key) as [string, string];
      this.pointGoneStmt.run(account, region, JSON.stringify(arns));
    }
  }

  async oldestGone(): Promise<number | undefined> {
    return (this.oldestGoneStmt.get() as number | undefined) ?? undefined;
  }

  async deleteGone(endedBy: number, limit: number): Promise<number> {
    return this.deleteGoneStmt.run(endedBy, limit).changes;
  }
}

