/**
 * The SQLite implementation of repos/recovery-point-indexes-store.ts.
 *
 * Backup indexes of recovery points: one row per recovery point that has an index (table
 * recovery_point_indexes, migration 013; a row goes with its recovery point). No business rules.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { POINT_INDEX_FILTER_COLUMNS } from '../indexed-tables.js';
import { indexedBy, KeysetList } from './list-query.js';
import type { PointIndexColumns, PointIndexFilter, PointIndexesStore } from '../repos/recovery-point-indexes-store.js';


const INDEX_PRIORITY: [keyof PointIndexFilter, string][] = [
  ['sourceResourceArn', 'rp_indexes_resource'],
  ['status', 'rp_indexes_status'],
  ['resourceType', 'rp_indexes_type'],
];

const indexFor = (filter: PointIndexFilter): string => indexedBy(filter, INDEX_PRIORITY, 'rp_indexes_order');

/** Rows fetched per statement by getMany (below SQLite's bound-parameter limit). */
const IN_BATCH = 500;

export class SqlitePointIndexesStore implements PointIndexesStore {
  private readonly putStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly getStmt: Statement;
  private readonly nextDueStmt: Statement;
  private readonly dueStmt: Statement;
  private readonly stmts: StatementCache;
  private readonly lists: KeysetList<PointIndexFilter>;

  constructor(private readonly db: Db) {
    this.stmts = new StatementCache(db);
    this.lists = new KeysetList(this.stmts, { table: 'recovery_point_indexes', columns: POINT_INDEX_FILTER_COLUMNS, index: indexFor });
    this.putStmt = db.prepare(
      `INSERT OR REPLACE INTO recovery_point_indexes (arn, account, region, source_resource_arn, resource_type, status, backup_creation_date, due_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateStmt = db.prepare('UPDATE recovery_point_indexes SET status = ?, due_at = ?, data = ? WHERE arn = ?');
    this.deleteStmt = db.prepare('DELETE FROM recovery_point_indexes WHERE arn = ?');
    this.getStmt = db.prepare('SELECT data FROM recovery_point_indexes WHERE arn = ?').pluck();
    this.nextDueStmt = db.prepare('SELECT MIN(due_at) FROM recovery_point_indexes WHERE due_at IS NOT NULL').pluck();
    this.dueStmt = db
      .prepare('SELECT data FROM recovery_point_indexes WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?')
      .pluck();
  }


  async put(i: PointIndexColumns): Promise<void> {
    this.putStmt.run(i.arn, i.accountId, i.region, i.sourceResourceArn, i.resourceType, i.status, i.backupCreationDate, i.dueAt ?? null, JSON.stringify(i));
  }

  async update(indexes: PointIndexColumns[]): Promise<void> {
    for (const i of indexes) this.updateStmt.run(i.status, i.dueAt ?? null, JSON.stringify(i), i.arn);
  }

  async delete(arns: string[]): Promise<void> {
    for (const arn of arns) this.deleteStmt.run(arn);
  }

  async get<I extends PointIndexColumns>(arn: string): Promise<I | undefined> {
    const data = this.getStmt.get(arn) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as I);
  }

  async getMany<I extends PointIndexColumns>(arns: string[]): Promise<I[]> {
    const out: I[] = [];
    for (let i = 0; i < arns.length; i += IN_BATCH) {
      const batch = arns.slice(i, i + IN_BATCH);
      const sql = `SELECT data FROM recovery_point_indexes WHERE arn IN (${batch.map(() => '?').join(', ')})`;
      for (const d of this.stmts.get(sql).pluck().all(...batch) as string[]) out.push(JSON.parse(d) as I);
    }
    return out;
  }

  async list<I extends PointIndexColumns>(filter: PointIndexFilter, afterSeq: number, limit: number): Promise<{ seq: number; index: I }[]> {
    return this.lists.page(filter, afterSeq, limit).map((r) => ({ seq: r.seq, index: JSON.parse(r.data) as I }));
  }

  async nextDue(): Promise<number | undefined> {
    return (this.nextDueStmt.get() as number | null) ?? undefined;
  }

  async due<I extends PointIndexColumns>(nowMs: number, limit: number): Promise<I[]> {
    return (this.dueStmt.all(nowMs, limit) as string[]).map((d) => JSON.parse(d) as I);
  }
}

