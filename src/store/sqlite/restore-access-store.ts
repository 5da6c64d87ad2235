/**
 * The SQLite implementation of repos/restore-access-store.ts.
 *
 * Persistence of restore access backup vaults as their source vault sees them: one row per
 * restore access vault, indexed by source vault (listing, revoking, the deletion check) and by
 * engine due time (the approval worker). No rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import type { DocRow, Scope } from '../types.js';
import type { RestoreAccessLink, DueLink, RestoreAccessStore } from '../repos/restore-access-store.js';

export class SqliteRestoreAccessStore implements RestoreAccessStore {
  private readonly s: Record<string, Statement>;

  constructor(db: Db) {
    const p = (sql: string): Statement => db.prepare(sql);
    this.s = {
      insert: p(
        `INSERT INTO restore_access_vaults (source_account, source_region, source_vault, arn, account, region, name, due_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: p('UPDATE restore_access_vaults SET due_at = ?, data = ? WHERE arn = ?'),
      get: p('SELECT data FROM restore_access_vaults WHERE arn = ?').pluck(),
      list: p(
        `SELECT seq, data FROM restore_access_vaults
         WHERE source_account = ? AND source_region = ? AND source_vault = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      any: p('SELECT 1 FROM restore_access_vaults WHERE source_account = ? AND source_region = ? AND source_vault = ? LIMIT 1').pluck(),
      delete: p('DELETE FROM restore_access_vaults WHERE arn = ?'),
      nextDue: p('SELECT MIN(due_at) FROM restore_access_vaults WHERE due_at IS NOT NULL').pluck(),
      due: p('SELECT due_at, data FROM restore_access_vaults WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?'),
    };
  }

  async insert(link: RestoreAccessLink, dueAt: number | null): Promise<void> {
    const { source } = link;
    this.s.insert!.run(source.accountId, source.region, source.vaultName, link.arn, link.accountId, link.region, link.name, dueAt, JSON.stringify(link));
  }
  async update(link: RestoreAccessLink, dueAt: number | null): Promise<void> {
    this.s.update!.run(dueAt, JSON.stringify(link), link.arn);
  }
  async get(arn: string): Promise<RestoreAccessLink | undefined> {
    const data = this.s.get!.get(arn) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as RestoreAccessLink);
  }
  async listBySource(source: Scope, vaultName: string, afterSeq: number, limit: number): Promise<DocRow<RestoreAccessLink>[]> {
    const rows = this.s.list!.all(source.accountId, source.region, vaultName, afterSeq, limit) as { seq: number; data: string }[];
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as RestoreAccessLink }));
  }
  async hasAny(source: Scope, vaultName: string): Promise<boolean> {
    return this.s.any!.get(source.accountId, source.region, vaultName) !== undefined;
  }
  async delete(arn: string): Promise<void> {
    this.s.delete!.run(arn);
  }
  async nextDue(): Promise<number | undefined> {
    return (this.s.nextDue!.get() as number | null) ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueLink[]> {
    const rows = this.s.due!.all(nowMs, limit) as { due_at: number; data: string }[];
    return rows.map((r) => ({ dueAt: r.due_at, link: JSON.parse(r.data) as RestoreAccessLink }));
  }
}

