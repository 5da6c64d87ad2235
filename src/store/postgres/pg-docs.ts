/**
 * The docs, tags and meta tables on PostgreSQL. No read cache across transactions (unlike
 * SqliteDocs): other instances write the same rows. Within one, a record read by key is read once
 * (PgSql.memo).
 */
import type { DocCollection, DocRow, MetaStore, Scope, TagStore } from '../types.js';
import { pgLimit } from './keyset-list.js';
import type { PgSql } from './sql.js';

export class PgDocs<T> implements DocCollection<T> {
  constructor(
    private readonly sql: PgSql,
    private readonly kind: string,
  ) {}

  /** The key of a record in a transaction's memo (PgSql.memo). */
  private key(scope: Scope, id: string): string {
    return `docs\u0000${this.kind}\u0000${scope.accountId}\u0000${scope.region}\u0000${id}`;
  }

  /** Within a transaction, a record read once is answered again from its memo (an engine pass reads a vault per job). */
  async get(scope: Scope, id: string): Promise<T | undefined> {
    return (await this.getMany(scope, [id]))[0];
  }

  async getMany(scope: Scope, ids: string[]): Promise<(T | undefined)[]> {
    const memo = this.sql.memo?.();
    const found = new Map<string, string | null>();
    for (const id of ids) {
      const known = memo?.get(this.key(scope, id));
      if (known !== undefined) found.set(id, known);
    }
    const unread = [...new Set(ids.filter((id) => !found.has(id)))];
    if (unread.length === 1) {
      const [row] = await this.sql.query<{ data: string }>('SELECT data FROM docs WHERE kind = ? AND account = ? AND region = ? AND id = ?', [
        this.kind, scope.accountId, scope.region, unread[0],
      ]);
      found.set(unread[0]!, row?.data ?? null);
    } else if (unread.length > 1) {
      const rows = await this.sql.query<{ id: string; data: string }>('SELECT id, data FROM docs WHERE kind = ? AND account = ? AND region = ? AND id = ANY(?)', [
        this.kind, scope.accountId, scope.region, unread,
      ]);
      const byId = new Map(rows.map((r) => [r.id, r.data]));
      for (const id of unread) found.set(id, byId.get(id) ?? null);
    }
    for (const id of unread) memo?.set(this.key(scope, id), found.get(id)!);
    return ids.map((id) => {
      const data = found.get(id);
      return data === null || data === undefined ? undefined : (JSON.parse(data) as T);
    });
  }

  private forget(scope: Scope, id: string): void {
    this.sql.memo?.()?.delete(this.key(scope, id));
  }
  async insert(scope: Scope, id: string, doc: T): Promise<boolean> {
    this.forget(scope, id);
    const n = await this.sql.run(
      'INSERT INTO docs (kind, account, region, id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, account, region, id) DO NOTHING',
      [this.kind, scope.accountId, scope.region, id, JSON.stringify(doc)],
    );
    return n === 1;
  }
  async update(scope: Scope, id: string, doc: T): Promise<boolean> {
    this.forget(scope, id);
    const n = await this.sql.run('UPDATE docs SET data = ? WHERE kind = ? AND account = ? AND region = ? AND id = ?', [
      JSON.stringify(doc), this.kind, scope.accountId, scope.region, id,
    ]);
    return n === 1;
  }
  async put(scope: Scope, id: string, doc: T): Promise<void> {
    this.forget(scope, id);
    await this.sql.run(
      'INSERT INTO docs (kind, account, region, id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, account, region, id) DO UPDATE SET data = excluded.data',
      [this.kind, scope.accountId, scope.region, id, JSON.stringify(doc)],
    );
  }
  async delete(scope: Scope, id: string): Promise<boolean> {
    this.forget(scope, id);
    const n = await this.sql.run('DELETE FROM docs WHERE kind = ? AND account = ? AND region = ? AND id = ?', [
      this.kind, scope.accountId, scope.region, id,
    ]);
    return n === 1;
  }
  async list(scope: Scope, options: { afterSeq?: number; limit?: number } = {}): Promise<DocRow<T>[]> {
    const rows = await this.sql.query<{ seq: number; data: string }>(
      'SELECT seq, data FROM docs WHERE kind = ? AND account = ? AND region = ? AND seq > ? ORDER BY seq LIMIT ?',
      [this.kind, scope.accountId, scope.region, options.afterSeq ?? 0, pgLimit(options.limit ?? -1)],
    );
    return rows.map((r) => ({ seq: r.seq, doc: JSON.parse(r.data) as T }));
  }
  async listAll(options: { afterSeq?: number; limit?: number } = {}): Promise<(DocRow<T> & Scope)[]> {
    const rows = await this.sql.query<{ seq: number; account: string; region: string; data: string }>(
      'SELECT seq, account, region, data FROM docs WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ?',
      [this.kind, options.afterSeq ?? 0, pgLimit(options.limit ?? -1)],
    );
    return rows.map((r) => ({ seq: r.seq, accountId: r.account, region: r.region, doc: JSON.parse(r.data) as T }));
  }
  async count(scope: Scope): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*) AS n FROM docs WHERE kind = ? AND account = ? AND region = ?', [
      this.kind, scope.accountId, scope.region,
    ]);
    return row!.n;
  }
}

export class PgTags implements TagStore {
  constructor(private readonly sql: PgSql) {}

  async get(arn: string): Promise<Record<string, string> | undefined> {
    const [row] = await this.sql.query<{ data: string }>('SELECT data FROM tags WHERE arn = ?', [arn]);
    return row === undefined ? undefined : (JSON.parse(row.data) as Record<string, string>);
  }
  async put(scope: Scope, arn: string, tags: Record<string, string>): Promise<void> {
    await this.sql.run(
      'INSERT INTO tags (arn, account, region, data) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO UPDATE SET data = excluded.data',
      [arn, scope.accountId, scope.region, JSON.stringify(tags)],
    );
  }
  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM tags WHERE arn = ?', [arn]);
  }
  async deleteAll(arns: string[]): Promise<void> {
    if (arns.length) await this.sql.run('DELETE FROM tags WHERE arn = ANY(?)', [arns]);
  }
}

export class PgMeta implements MetaStore {
  constructor(private readonly sql: PgSql) {}

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.sql.query<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    return row?.value;
  }
  async set(key: string, value: string): Promise<void> {
    await this.sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }
}
