/**
 * The SQLite implementation of the Store interface: the one factory of the SQLite repositories
 * (each made once per database and guarded, see SqliteStore.guard).
 */
import type { Statement } from 'better-sqlite3';
import type { AccessPointStore } from '../repos/access-points-store.js';
import type { OutboxStore } from '../repos/outbox-store.js';
import type { AuditSourceStore } from '../repos/audit-source-store.js';
import type { AuditStore } from '../repos/audit-store.js';
import type { JobsStore } from '../repos/jobs-store.js';
import type { LegalHoldStore } from '../repos/legal-hold-store.js';
import type { PlanScheduleStore } from '../repos/plan-schedule-store.js';
import type { PointIndexesStore } from '../repos/recovery-point-indexes-store.js';
import type { RecoveryPointsStore } from '../repos/recovery-points-store.js';
import type { RestoreAccessStore } from '../repos/restore-access-store.js';
import type { RestoreTestingStore } from '../repos/restore-testing-store.js';
import type { ScanJobsStore } from '../repos/scan-jobs-store.js';
import type { VaultCreationStore } from '../repos/vault-creation-store.js';
import { TransactionScope } from '../transaction-scope.js';
import type { DocCollection, DocRow, MetaStore, Scope, Store, TagStore } from '../types.js';
import { SqliteAuditSourceStore } from './audit-source-store.js';
import { SqliteAuditStore } from './audit-store.js';
import { unlockDataDir } from './data-dir-lock.js';
import { SqliteJobsStore } from './jobs-store.js';
import { SqliteLegalHoldStore } from './legal-hold-store.js';
import { SqlitePlanScheduleStore } from './plan-schedule-store.js';
import { SqlitePointIndexesStore } from './recovery-point-indexes-store.js';
import { SqliteRecoveryPointsStore } from './recovery-points-store.js';
import { SqliteRestoreAccessStore } from './restore-access-store.js';
import { SqliteRestoreTestingStore } from './restore-testing-store.js';
import { SqliteScanJobsStore } from './scan-jobs-store.js';
import { dataDirOf, openDatabase, wipe, type DatabaseOptions, type Db } from './sqlite.js';
import { SqliteVaultCreationStore } from './vault-creation-store.js';
import { SqliteAccessPointStore } from './access-points-store.js';
import { SqliteOutboxStore } from './outbox-store.js';

/** Most records a collection keeps in its read cache before it starts over. */
const CACHE_LIMIT = 10_000;

/**
 * One kind of record in the `docs` table. Reads go through a small cache of the stored JSON
 * text (parsed afresh on every read, so callers may mutate what they get): this process is the
 * only writer, every write of a record drops its entry, and a rollback (SqliteStore.atomically)
 * drops every entry, so a rolled-back write never leaves a trace (reads inside a transaction are
 * cached too: an engine advance runs in long transactions; reads outside it wait until it ends).
 * The `docs` table must be written only through this class.
 */
class SqliteDocs<T> implements DocCollection<T> {
  private readonly cache = new Map<string, string>();

  private readonly getStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly upsertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly listStmt: Statement;
  private readonly listAllStmt: Statement;
  private readonly countStmt: Statement;

  constructor(private readonly db: Db, private readonly kind: string) {
    this.getStmt = db.prepare('SELECT data FROM docs WHERE kind = ? AND account = ? AND region = ? AND id = ?').pluck();
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO docs (kind, account, region, id, data) VALUES (?, ?, ?, ?, ?)');
    this.updateStmt = db.prepare('UPDATE docs SET data = ? WHERE kind = ? AND account = ? AND region = ? AND id = ?');
    this.upsertStmt = db.prepare(
      'INSERT INTO docs (kind, account, region, id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, account, region, id) DO UPDATE SET data = excluded.data',
    );
    this.deleteStmt = db.prepare('DELETE FROM docs WHERE kind = ? AND account = ? AND region = ? AND id = ?');
    this.listStmt = db.prepare(
      'SELECT seq, data FROM docs WHERE kind = ? AND account = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.listAllStmt = db.prepare('SELECT seq, account, region, data FROM docs WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.countStmt = db.prepare('SELECT count(*) FROM docs WHERE kind = ? AND account = ? AND region = ?').pluck();
  }

  clearCache(): void {
    this.cache.clear();
  }

  async get(scope: Scope, id: string): Promise<T | undefined> {
    const key = `${scope.accountId}\u0000${scope.region}\u0000${id}`;
    let data = this.cache.get(key);
    if (data === undefined) {
      data = this.getStmt.get(this.kind, scope.accountId, scope.region, id) as string | undefined;
      if (data !== undefined) {
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(key, data);
      }
    }
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }
  async getMany(scope: Scope, ids: string[]): Promise<(T | undefined)[]> {
    return Promise.all(ids.map((id) => this.get(scope, id)));
  }
  private forget(scope: Scope, id: string): void {
    this.cache.delete(`${scope.accountId}\u0000${scope.region}\u0000${id}`);
  }
  async insert(scope: Scope, id: string, doc: T): Promise<boolean> {
    this.forget(scope, id);
    return this.insertStmt.run(this.kind, scope.accountId, scope.region, id, JSON.stringify(doc)).changes === 1;
  }
  async update(scope: Scope, id: string, doc: T): Promise<boolean> {
    this.forget(scope, id);
    return this.updateStmt.run(JSON.stringify(doc), this.kind, scope.accountId, scope.region, id).changes === 1;
  }
  async put(scope: Scope, id: string, doc: T): Promise<void> {
    this.forget(scope, id);
    this.upsertStmt.run(this.kind, scope.accountId, scope.region, id, JSON.stringify(doc));
  }
  async delete(scope: Scope, id: string): Promise<boolean> {
    this.forget(scope, id);
    return this.deleteStmt.run(this.kind, scope.accountId, scope.region, id).changes === 1;
  }
  async list(scope: Scope, options: { afterSeq?: number; limit?: number } = {}): Promise<DocRow<T>[]> {
    const rows = this.listStmt.all(this.kind, scope.accountId, scope.region, options.afterSeq ?? 0, options.limit ?? -1) as {
      seq: number;
      data: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as T }));
  }
  async listAll(options: { afterSeq?: number; limit?: number } = {}): Promise<(DocRow<T> & Scope)[]> {
    const rows = this.listAllStmt.all(this.kind, options.afterSeq ?? 0, options.limit ?? -1) as {
      seq: number;
      account: string;
      region: string;
      data: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, accountId: r.account, region: r.region, doc: JSON.parse(r.data) as T }));
  }
  async count(scope: Scope): Promise<number> {
    return this.countStmt.get(this.kind, scope.accountId, scope.region) as number;
  }
}

export class SqliteStore implements Store {
  readonly db: Db;
  readonly tags: TagStore;
  readonly meta: MetaStore;
  readonly planSchedule: PlanScheduleStore;
  readonly jobs: JobsStore;
  readonly recoveryPoints: RecoveryPointsStore;
  readonly pointIndexes: PointIndexesStore;
  readonly scanJobs: ScanJobsStore;
  readonly legalHolds: LegalHoldStore;
  readonly audit: AuditStore;
  readonly auditSource: AuditSourceStore;
  readonly restoreTesting: RestoreTestingStore;
  readonly restoreAccess: RestoreAccessStore;
  readonly vaultCreations: VaultCreationStore;
  readonly accessPoints: AccessPointStore;
  readonly outbox: OutboxStore;
  /** Every call of the store and of its repositories goes through it (see guard). */
  private readonly scope: TransactionScope;
  private readonly collections = new Map<string, { docs: SqliteDocs<unknown>; guarded: DocCollection<unknown> }>();
  private readonly dataDir: string | undefined;

  constructor(options: DatabaseOptions) {
    this.db = openDatabase(options);
    this.dataDir = dataDirOf(options);
    const db = this.db;
    this.scope = new TransactionScope({
      begin: () => void db.exec('BEGIN IMMEDIATE'),
      commit: () => void db.exec('COMMIT'),
      rollback: () => {
        if (db.inTransaction) db.exec('ROLLBACK');
        // The caches may hold what the transaction wrote or read after writing.
        this.clearCaches();
      },
    });
    this.planSchedule = this.guard(new SqlitePlanScheduleStore(db));
    this.jobs = this.guard(new SqliteJobsStore(db));
    this.recoveryPoints = this.guard(new SqliteRecoveryPointsStore(db));
    this.pointIndexes = this.guard(new SqlitePointIndexesStore(db));
    this.scanJobs = this.guard(new SqliteScanJobsStore(db));
    this.legalHolds = this.guard(new SqliteLegalHoldStore(db));
    this.audit = this.guard(new SqliteAuditStore(db));
    this.auditSource = this.guard(new SqliteAuditSourceStore(db));
    this.restoreTesting = this.guard(new SqliteRestoreTestingStore(db));
    this.restoreAccess = this.guard(new SqliteRestoreAccessStore(db));
    this.vaultCreations = this.guard(new SqliteVaultCreationStore(db));
    this.accessPoints = this.guard(new SqliteAccessPointStore(db));
    this.outbox = this.guard(new SqliteOutboxStore(db));
    const tagGet = db.prepare('SELECT data FROM tags WHERE arn = ?').pluck();
    const tagPut = db.prepare(
      'INSERT INTO tags (arn, account, region, data) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET data = excluded.data',
    );
    const tagDelete = db.prepare('DELETE FROM tags WHERE arn = ?');
    this.tags = this.guard<TagStore>({
      get: async (arn) => {
        const data = tagGet.get(arn) as string | undefined;
        return data === undefined ? undefined : (JSON.parse(data) as Record<string, string>);
      },
      put: async (scope, arn, tags) => void tagPut.run(arn, scope.accountId, scope.region, JSON.stringify(tags)),
      delete: async (arn) => void tagDelete.run(arn),
      deleteAll: async (arns) => {
        for (const arn of arns) tagDelete.run(arn);
      },
    });
    const metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const metaSet = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.meta = this.guard<MetaStore>({
      get: async (key) => metaGet.get(key) as string | undefined,
      set: async (key, value) => void metaSet.run(key, value),
    });
  }

  docs<T>(kind: string): DocCollection<T> {
    let c = this.collections.get(kind);
    if (!c) {
      const docs = new SqliteDocs<unknown>(this.db, kind);
      c = { docs, guarded: this.guard<DocCollection<unknown>>(docs) };
      this.collections.set(kind, c);
    }
    return c.guarded as DocCollection<T>;
  }

  /**
   * A repository over this store's database whose calls wait while another async context's
   * transaction is open (TransactionScope.guard). Every repository of the store is made
   * through it.
   */
  private guard<R extends object>(repo: R): R {
    return this.scope.guard(repo);
  }

  atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.scope.transaction(fn);
  }

  async reset(): Promise<void> {
    await this.scope.whenFree(() => {
      this.clearCaches();
      wipe(this.db);
    });
  }

  async close(): Promise<void> {
    await this.scope.whenFree(() => {
      this.db.close();
      if (this.dataDir !== undefined) unlockDataDir(this.dataDir);
    });
  }

  private clearCaches(): void {
    for (const c of this.collections.values()) c.docs.clearCache();
  }
}
