/** Vaults still being created, on PostgreSQL (see SqliteVaultCreationStore, migration 006). */
import type { Scope } from '../types.js';
import type { DueVaultCreation, VaultCreationStore } from '../repos/vault-creation-store.js';
import type { PgSql } from './sql.js';

export class PgVaultCreationStore implements VaultCreationStore {
  constructor(private readonly sql: PgSql) {}

  async schedule(scope: Scope, name: string, dueAt: number): Promise<void> {
    await this.sql.run(
      'INSERT INTO vault_creations (account, region, name, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, name) DO UPDATE SET due_at = excluded.due_at',
      [scope.accountId, scope.region, name, dueAt],
    );
  }
  async remove(scope: Scope, name: string): Promise<void> {
    await this.sql.run('DELETE FROM vault_creations WHERE account = ? AND region = ? AND name = ?', [scope.accountId, scope.region, name]);
  }
  async nextDue(): Promise<number | undefined> {
    const [row] = await this.sql.query<{ m: number | null }>('SELECT MIN(due_at) AS m FROM vault_creations');
    return row?.m ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueVaultCreation[]> {
    const rows = await this.sql.query<{ account: string; region: string; name: string; due_at: number }>(
      'SELECT account, region, name, due_at FROM vault_creations WHERE due_at <= ? ORDER BY due_at, account, region, name LIMIT ?',
      [nowMs, limit],
    );
    return rows.map((r) => ({ accountId: r.account, region: r.region, name: r.name, dueAt: r.due_at }));
  }
}
