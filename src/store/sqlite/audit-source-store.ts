/**
 * The SQLite implementation of repos/audit-source-store.ts.
 *
 * What Backup Audit Manager reads from other domains' tables, for job reports and compliance
 * controls: jobs in keyset batches by account, Region and period, and where a resource has
 * recovery points in any account and Region. Read only; no business rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { JobColumns, JobKind } from '../repos/jobs-store.js';
import type { Db } from './sqlite.js';
import type { FinishedPosition, RecoveryPointPlace, AuditSourceStore } from '../repos/audit-source-store.js';

export class SqliteAuditSourceStore implements AuditSourceStore {
  private readonly firstRegion: Statement;
  private readonly nextRegion: Statement;
  private readonly finishedFirst: Statement;
  private readonly finishedAfter: Statement;
  private readonly open: Statement;
  private readonly places: Statement;

  constructor(db: Db) {
    // A skip scan of jobs_order: one index seek per Region, however many jobs each holds.
    this.firstRegion = db.prepare('SELECT MIN(region) FROM jobs INDEXED BY jobs_order WHERE kind = ? AND account = ?').pluck();
    this.nextRegion = db.prepare('SELECT MIN(region) FROM jobs INDEXED BY jobs_order WHERE kind = ? AND account = ? AND region > ?').pluck();
    const finished = `SELECT seq, completion_date AS completionDate, data FROM jobs INDEXED BY jobs_completed
      WHERE kind = ? AND account = ? AND region = ? AND completion_date >= ? AND creation_date < ?`;
    // Raw rows (arrays): no object per row on the hot path of a million-row report.
    this.finishedFirst = db.prepare(`${finished} ORDER BY completion_date, seq LIMIT ?`).raw();
    // The next batch seeks to the last completion date (bound to `completion_date >= ?` instead of
    // the period's start): with the period's start SQLite seeks there and walks every earlier
    // batch's index entries again, which made a million-row report quadratic in its batches.
    this.finishedAfter = db.prepare(`${finished} AND (completion_date, seq) > (?, ?) ORDER BY completion_date, seq LIMIT ?`).raw();
    this.open = db.prepare(
      `SELECT seq, data FROM jobs INDEXED BY jobs_open
       WHERE kind = ? AND account = ? AND region = ? AND completion_date IS NULL AND seq > ? AND creation_date < ? ORDER BY seq LIMIT ?`,
    ).raw();
    this.places = db.prepare(
      'SELECT DISTINCT account AS accountId, region, status FROM recovery_points INDEXED BY rp_resource_anywhere WHERE resource_arn = ?',
    );
  }

  async jobRegions(kind: JobKind, accountId: string): Promise<string[]> {
    const regions: string[] = [];
    let region = this.firstRegion.get(kind, accountId) as string | null;
    while (region !== null) {
      regions.push(region);
      region = this.nextRegion.get(kind, accountId, region) as string | null;
    }
    return regions;
  }

  async finishedJobs<J extends JobColumns>(
    kind: JobKind, accountId: string, region: string, fromMs: number, toMs: number, after: FinishedPosition | undefined, limit: number,
  ): Promise<{ jobs: J[]; last?: FinishedPosition }> {
    const rows = (
      after === undefined
        ? this.finishedFirst.all(kind, accountId, region, fromMs, toMs, limit)
        : this.finishedAfter.all(kind, accountId, region, after.completionDate, toMs, after.completionDate, after.seq, limit)
    ) as [number, number, string][];
    const jobs = new Array<J>(rows.length);
    for (let i = 0; i < rows.length; i++) jobs[i] = JSON.parse(rows[i]![2]) as J;
    const last = rows[rows.length - 1];
    return { jobs, last: last && { seq: last[0], completionDate: last[1] } };
  }

  async openJobs<J extends JobColumns>(kind: JobKind, accountId: string, region: string, toMs: number, afterSeq: number, limit: number): Promise<{ jobs: J[]; lastSeq?: number }> {
    const rows = this.open.all(kind, accountId, region, afterSeq, toMs, limit) as [number, string][];
    return { jobs: rows.map((r) => JSON.parse(r[1]) as J), lastSeq: rows[rows.length - 1]?.[0] };
  }

  async recoveryPointPlaces(resourceArn: string): Promise<RecoveryPointPlace[]> {
    return this.places.all(resourceArn) as RecoveryPointPlace[];
  }
}

