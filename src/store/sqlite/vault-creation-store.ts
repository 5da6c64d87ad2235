/**
 * The SQLite implementation of repos/vault-creation-store.ts.
 *
 * Persistence of vaults that are still being created: when each is due to turn AVAILABLE
 * (migration 017). One row per CREATING vault, indexed by due time for the engine. No rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import type { Scope } from '../types.js';
import type { DueVaultCreation, VaultCreationStore } from '../repos/vault-creation-store.js';

export class SqliteVaultCreationStore implements VaultCreationStore {
  private readonly s: Record<'schedule' | 'remove' | 'nextDue' | 'due', Statement>;

  constructor(db: Db) {
    this.s = {
      schedule: db.prepare(
        'INSERT INTO vault_creations (account, region, name, due_at) VALUES (?, ?, ?, ?) ON CONFLICT (account, region, name) DO UPDATE SET due_at = excluded.due_at',
      ),
      remove: db.prepare('DELETE FROM vault_creations WHERE account = ? AND region = ? AND name = ?'),
      nextDue: db.prepare('SELECT MIN(due_at) FROM vault_creations').pluck(),
      due: db.prepare('SELECT account, region, name, due_at FROM vault_creations WHERE due_at <= ? ORDER BY due_at, account, region, name LIMIT ?'),
    };
  }

  async schedule(scope: Scope, name: string, dueAt: number): Promise<void> {
    this.s.schedule.run(scope.accountId, scope.region, name, dueAt);
  }
  async remove(scope: Scope, name: string): Promise<void> {
    this.s.remove.run(scope.accountId, scope.region, name);
  }
  async nextDue(): Promise<number | undefined> {
    return (this.s.nextDue.get() as number | null) ?? undefined;
  }
  async due(nowMs: number, limit: number): Promise<DueVaultCreation[]> {
    const rows = this.s.due.all(nowMs, limit) as { account: string; region: string; name: string; due_at: number }[];
    return rows.map((r) => ({ accountId: r.account, region: r.region, name: r.name, dueAt: r.due_at }));
  }
}

