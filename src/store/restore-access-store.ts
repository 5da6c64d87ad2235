/**
 * Persistence of restore access backup vaults as their source vault sees them: one row per
 * restore access vault, indexed by source vault (listing, revoking, the deletion check) and by
 * engine due time (the approval worker). No rules here.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite.js';
import { repositoryOf, SqliteStore } from './sqlite-store.js';
import type { DocRow, Scope, Store } from './types.js';

/** A restore access vault, as listed under its source vault. Times are epoch milliseconds. */
export interface RestoreAccessLink {
  arn: string;
  /** Where the restore access vault itself lives (the requester's account and region). */
  accountId: string;
  region: string;
  name: string;
  source: Scope & { vaultName: string };
  vaultState: 'CREATING' | 'AVAILABLE' | 'FAILED';
  creationDate: number;
  approvalDate?: number;
}

export interface DueLink {
  dueAt: number;
  link: RestoreAccessLink;
}

export interface RestoreAccessStore {
  /** Inserts a link; dueAt is when the engine should next look at it (null: never). */
  insert(link: RestoreAccessLink, dueAt: number | null): Promise<void>;
  update(link: RestoreAccessLink, dueAt: number | null): Promise<void>;
  get(arn: string): Promise<RestoreAccessLink | undefined>;
  /** The source vault's restore access vaults after afterSeq, oldest first. */
  listBySource(source: Scope, vaultName: string, afterSeq: number, limit: number): Promise<DocRow<RestoreAccessLink>[]>;
  /** Whether the source vault has any restore access vault. */
  hasAny(source: Scope, vaultName: string): Promise<boolean>;
  delete(arn: string): Promise<void>;
  nextDue(): Promise<number | undefined>;
  due(nowMs: number, limit: number): Promise<DueLink[]>;
}

class SqliteRestoreAccessStore implements RestoreAccessStore {
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

/** The restore-access repository of a store (SQLite, or another backend's field; see repositoryOf). */
export function restoreAccessStore(store: Store): RestoreAccessStore {
  if (store instanceof SqliteStore) return store.guard(new SqliteRestoreAccessStore(store.db));
  return repositoryOf(store, 'restoreAccess');
}
