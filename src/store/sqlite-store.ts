/** The SQLite implementation of the Store interface. */
import type { Statement } from 'better-sqlite3';
import { unlockDataDir } from './data-dir-lock.js';
import { dataDirOf, openDatabase, wipe, type DatabaseOptions, type Db } from './sqlite.js';
import type { DocCollection, DocRow, MetaStore, Scope, Store, TagStore } from './types.js';
import { SqlitePlanScheduleStore, type PlanScheduleStore } from './plan-schedule-store.js';
import { TransactionScope } from './transaction-scope.js';

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
   * through it (perDatabase does).
   */
  guard<R extends object>(repo: R): R {
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

/** The database of a SQLite-backed Store (the only backend so far). */
export function sqliteDb(store: Store): Db {
  if (store instanceof SqliteStore) return store.db;
  throw new Error('This store backend has no SQL database');
}

/**
 * Another backend's repository: a store that is not SQLite (PgStore) carries each repository as a
 * field of this name. A bridge until the repositories are one interface of every store (issue 13).
 */
export function repositoryOf<S extends object>(store: Store, name: string): S {
  const repo = (store as unknown as Record<string, unknown>)[name];
  if (repo === undefined) throw new Error(`This store backend has no ${name} repository`);
  return repo as S;
}

/**
 * A repository of the store's database, made once per database and guarded (SqliteStore.guard):
 * `export const fooStoreFor = perDatabase('foo', (db) => new SqliteFooStore(db));` (the name:
 * the repository's field on another backend's store, see repositoryOf).
 */
export function perDatabase<S extends object>(name: string, make: (db: Db) => S): (store: Store) => S {
  const made = new WeakMap<Db, S>();
  return (store) => {
    if (!(store instanceof SqliteStore)) return repositoryOf<S>(store, name);
    const db = store.db;
    let s = made.get(db);
    if (!s) {
      s = store.guard(make(db));
      made.set(db, s);
    }
    return s;
  };
}
