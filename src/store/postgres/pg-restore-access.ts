/** Restore access backup vaults on PostgreSQL (see SqliteRestoreAccessStore, migration 005). */
import type { DueLink, RestoreAccessLink, RestoreAccessStore } from '../repos/restore-access-store.js';
import type { DocRow, Scope } from '../types.js';
import type { PgSql } from './sql.js';

export class PgRestoreAccessStore implements RestoreAccessStore {
  constructor(private readonly sql: PgSql) {}

  async insert(link: RestoreAccessLink, dueAt: number | null): Promise<void> {
    const { source } = link;
    await this.sql.run(
      `INSERT INTO restore_access_vaults (source_account, source_region, source_vault, arn, account, region, name, due_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [source.accountId, source.region, source.vaultName, link.arn, link.accountId, link.region, link.name, dueAt, JSON.stringify(link)],
    );
  }
  async update(link: RestoreAccessLink, dueAt: number | null): Promise<void> {
    await this.sql.run('UPDATE restore_access_vaults SET due_at = ?, data = ? WHERE arn = ?', [dueAt, JSON.stringify(link), link.arn]);
  }
  async get(arn: string): Promise<RestoreAccessLink | undefined> {
    const [row] = await this.sql.query<{ data: string }>('SELECT data FROM restore_access_vaults WHERE arn = ?', [arn]);
    return row === undefined ? undefined : (JSON.parse(row.data) as RestoreAccessLink);
  }
  async listBySource(source: Scope, vaultName: string, afterSeq: number, limit: number): Promise<DocRow<RestoreAccessLink>[]> {
    const rows = await this.sql.query<{ seq: number; data: string }>(
      `SELECT seq, data FROM restore_access_vaults
       WHERE source_account = ? AND source_region = ? AND source_vault = ? AND seq > ? ORDER BY seq LIMIT ?`,
      [source.accountId, source.region, vaultName, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as RestoreAccessLink }));
  }
  async hasAny(source: Scope, vaultName: string): Promise<boolean> {
    const rows = await this.sql.query(
      'SELECT 1 FROM restore_access_vaults WHERE source_account = ? AND source_region = ? AND source_vault = ? LIMIT 1',
      [source.accountId, source.region, vaultName],
    );
    return rows.length > 0;
  }
  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM restore_access_vaults WHERE arn = ?', [arn]);
  }
  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_at) AS m FROM restore_access_vaults WHERE due_at IS NOT NULL');
    return row?.m ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueLink[]> {
    const rows = await this.sql.query<{ due_at: number; data: string }>(
      'SELECT due_at, data FROM restore_access_vaults WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, seq LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ dueAt: r.due_at, link: JSON.parse(r.data) as RestoreAccessLink }));
  }
}
