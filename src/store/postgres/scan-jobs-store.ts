/**
 * Malware scan jobs on PostgreSQL (migration 012): the ScanJobsStore of scan-jobs-store.ts,
 * method by method, with its filter table.
 */
import { SCAN_JOB_FILTER_COLUMNS } from '../indexed-tables.js';
import type { ScanJobColumns, ScanJobCountRow, ScanJobEndPosition, ScanJobFilter, ScanJobsStore } from '../repos/scan-jobs-store.js';
import type { Scope } from '../types.js';
import { keysetPage, pgLimit, type PgListTable } from './keyset-list.js';
import { lastOfEach, records } from './rows.js';
import type { PgSql } from './sql.js';

const COLUMNS =
  'id, account, region, state, vault_name, recovery_point_arn, resource_arn, resource_type, malware_scanner, scan_result, creation_date, completion_date, due_at, idempotency_token, data';

const GONE = 'FROM scan_jobs WHERE point_gone = 1 AND completion_date IS NOT NULL';

const LIST: PgListTable<ScanJobFilter> = { table: 'scan_jobs', columns: SCAN_JOB_FILTER_COLUMNS };

export class PgScanJobsStore implements ScanJobsStore {
  constructor(private readonly sql: PgSql) {}

  async insert(j: ScanJobColumns): Promise<void> {
    await this.sql.run(`INSERT INTO scan_jobs (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`, [
      j.id, j.accountId, j.region, j.state, j.vaultName, j.recoveryPointArn, j.resourceArn, j.resourceType, j.malwareScanner,
      j.scanResult ?? null, j.creationDate, j.completionDate ?? null, j.dueAt ?? null, j.idempotencyToken ?? null, JSON.stringify(j),
    ]);
  }

  async update(jobs: ScanJobColumns[]): Promise<void> {
    const last = lastOfEach(jobs, (j) => j.id);
    if (last.length === 0) return;
    await this.sql.run(
      `UPDATE scan_jobs SET state = u.state, scan_result = u.scan_result, completion_date = u.completion_date, due_at = u.due_at, data = u.data
      FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS u (id, state, scan_result, completion_date, due_at, data)
      WHERE scan_jobs.id = u.id`,
      [
        last.map((j) => j.id), last.map((j) => j.state), last.map((j) => j.scanResult ?? null), last.map((j) => j.completionDate ?? null),
        last.map((j) => j.dueAt ?? null), last.map((j) => JSON.stringify(j)),
      ],
    );
  }

  async get<J extends ScanJobColumns>(id: string): Promise<J | undefined> {
    return records<J>(await this.sql.query('SELECT data FROM scan_jobs WHERE id = ?', [id]))[0];
  }

  async byIdempotencyToken<J extends ScanJobColumns>(scope: Scope, token: string): Promise<J | undefined> {
    const sql = 'SELECT data FROM scan_jobs WHERE account = ? AND region = ? AND idempotency_token = ?';
    return records<J>(await this.sql.query(sql, [scope.accountId, scope.region, token]))[0];
  }

  async list<J extends ScanJobColumns>(filter: ScanJobFilter, afterSeq: number, limit: number): Promise<{ seq: number; job: J }[]> {
    return (await keysetPage(this.sql, LIST, filter, afterSeq, limit)).map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async endedForPoints<J extends ScanJobColumns>(scope: Scope, pointArns: string[]): Promise<J[]> {
    if (pointArns.length === 0) return [];
    const sql = `SELECT data FROM scan_jobs
      WHERE account = ? AND region = ? AND recovery_point_arn = ANY(?) AND completion_date IS NOT NULL ORDER BY seq`;
    return records<J>(await this.sql.query(sql, [scope.accountId, scope.region, pointArns]));
  }

  async ofResource<J extends ScanJobColumns>(
    scope: Scope,
    resourceArn: string,
    states: string[],
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ seq: number; job: J }[]> {
    const sql = `SELECT seq, data FROM scan_jobs
      WHERE account = ? AND region = ? AND resource_arn = ? AND seq < ? AND state = ANY(?) ORDER BY seq DESC LIMIT ?`;
    const rows = await this.sql.query<{ seq: number; data: string }>(sql, [
      scope.accountId, scope.region, resourceArn, beforeSeq ?? Number.MAX_SAFE_INTEGER, states, pgLimit(limit),
    ]);
    return rows.map((r) => ({ seq: r.seq, job: JSON.parse(r.data) as J }));
  }

  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number | null }>('SELECT MIN(due_at) AS v FROM scan_jobs WHERE due_at IS NOT NULL');
    return row?.v ?? undefined;
  }

  async due<J extends ScanJobColumns>(nowMs: number, limit: number): Promise<J[]> {
    const sql = 'SELECT data FROM scan_jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?';
    return records<J>(await this.sql.query(sql, [nowMs, pgLimit(limit)]));
  }

  async counts(region: string, accountId: string | undefined, fromMs: number, toMs: number, bucketMs: number): Promise<ScanJobCountRow[]> {
    const account = accountId === undefined ? '' : 'AND account = ?';
    const sql = `SELECT account AS "accountId", state, resource_type AS "resourceType", malware_scanner AS "malwareScanner",
        scan_result AS "scanResult", (creation_date - ?) / ? AS bucket, count(*) AS count
      FROM scan_jobs WHERE region = ? AND creation_date >= ? AND creation_date < ? ${account}
      GROUP BY account, state, resource_type, malware_scanner, scan_result, bucket`;
    const params: unknown[] = [fromMs, bucketMs, region, fromMs, toMs];
    if (accountId !== undefined) params.push(accountId);
    return this.sql.query<ScanJobCountRow>(sql, params);
  }

  async regionsOf(accountId: string): Promise<string[]> {
    // A loose index scan of scan_jobs_order: one seek per Region, however many jobs each holds.
    const sql = `WITH RECURSIVE r (region) AS (
        SELECT MIN(region) FROM scan_jobs WHERE account = ?
        UNION ALL
        SELECT (SELECT MIN(region) FROM scan_jobs WHERE account = ? AND region > r.region) FROM r WHERE r.region IS NOT NULL
      ) SELECT region FROM r WHERE region IS NOT NULL`;
    return (await this.sql.query<{ region: string }>(sql, [accountId, accountId])).map((r) => r.region);
  }

  async endedSince<J extends ScanJobColumns>(
    scope: Scope, fromMs: number, toMs: number, after: ScanJobEndPosition | undefined, limit: number,
  ): Promise<{ jobs: J[]; last?: ScanJobEndPosition }> {
    const ended = `SELECT seq, completion_date AS "completionDate", data FROM scan_jobs
      WHERE account = ? AND region = ? AND completion_date >= ? AND creation_date < ?`;
    // A later batch seeks to its last completion date, not the period's start (as SQLite's does).
    const rows = await this.sql.query<{ seq: number; completionDate: number; data: string }>(
      after === undefined ? `${ended} ORDER BY completion_date, seq LIMIT ?` : `${ended} AND (completion_date, seq) > (?, ?) ORDER BY completion_date, seq LIMIT ?`,
      after === undefined
        ? [scope.accountId, scope.region, fromMs, toMs, pgLimit(limit)]
        : [scope.accountId, scope.region, after.completionDate, toMs, after.completionDate, after.seq, pgLimit(limit)],
    );
    const last = rows[rows.length - 1];
    return { jobs: records<J>(rows), last: last && { seq: last.seq, completionDate: last.completionDate } };
  }

  async openBefore<J extends ScanJobColumns>(scope: Scope, toMs: number, afterSeq: number, limit: number): Promise<{ jobs: J[]; lastSeq?: number }> {
    const sql = `SELECT seq, data FROM scan_jobs
      WHERE account = ? AND region = ? AND completion_date IS NULL AND seq > ? AND creation_date < ? ORDER BY seq LIMIT ?`;
    const rows = await this.sql.query<{ seq: number; data: string }>(sql, [scope.accountId, scope.region, afterSeq, toMs, pgLimit(limit)]);
    return { jobs: records<J>(rows), lastSeq: rows[rows.length - 1]?.seq };
  }

  async pointsGone(points: { accountId: string; region: string; arn: string }[]): Promise<void> {
    if (points.length === 0) return;
    await this.sql.run(
      `UPDATE scan_jobs SET point_gone = 1 FROM unnest(?::text[], ?::text[], ?::text[]) AS p (account, region, arn)
      WHERE scan_jobs.account = p.account AND scan_jobs.region = p.region AND scan_jobs.recovery_point_arn = p.arn`,
      [points.map((p) => p.accountId), points.map((p) => p.region), points.map((p) => p.arn)],
    );
  }

  async oldestGone(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ v: number }>(`SELECT completion_date AS v ${GONE} ORDER BY completion_date, seq LIMIT 1`);
    return row?.v;
  }

  async deleteGone(endedBy: number, limit: number): Promise<number> {
    return this.sql.run(`DELETE FROM scan_jobs WHERE seq IN (SELECT seq ${GONE} AND completion_date <= ? ORDER BY completion_date, seq LIMIT ?)`, [
      endedBy, pgLimit(limit),
    ]);
  }
}
