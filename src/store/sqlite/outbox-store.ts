/** The SQLite outbox (repos/outbox-store.ts has the contract). */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import type { NewOutboxEntry, OutboxEntry, OutboxFilter, OutboxSink, OutboxStore } from '../repos/outbox-store.js';
import { outboxEntryOf as entryOf, PRUNE, PRUNE_MAX, type OutboxRow as Row } from '../outbox-rows.js';

/** The log's filters: a condition with one `?` per given member. */
const FILTERS: readonly [keyof OutboxFilter, string][] = [
  ['since', 'seq > ?'],
  ['detailType', 'detail_type = ?'],
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['resource', 'EXISTS (SELECT 1 FROM json_each(resources) WHERE value = ?)'],
];

export class SqliteOutboxStore implements OutboxStore {
  private readonly s: Record<'append' | 'pending' | 'delivered' | 'failed' | 'clear' | 'prune' | 'max', Statement>;
  private readonly lists: StatementCache;

  constructor(db: Db) {
    this.lists = new StatementCache(db);
    this.s = {
      append: db.prepare(
        'INSERT INTO outbox (channel, target, account, region, detail_type, order_key, resources, time, payload, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      pending: db.prepare("SELECT * FROM outbox INDEXED BY outbox_pending WHERE pending <> '' ORDER BY seq LIMIT ?"),
      // The sink leaves `pending` (its first occurrence, space-separated) and joins `delivered`.
      delivered: db.prepare(
        `UPDATE outbox SET
           pending = trim(replace(' ' || pending || ' ', ' ' || @sink || ' ', ' ')),
           delivered = trim(delivered || ' ' || @sink)
         WHERE seq = @seq`,
      ),
      failed: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?'),
      clear: db.prepare('DELETE FROM outbox'),
      prune: db.prepare(PRUNE),
      max: db.prepare(PRUNE_MAX).pluck(),
    };
  }

  async append(entries: NewOutboxEntry[]): Promise<void> {
    for (const e of entries) {
      this.s.append.run(
        e.channel, e.target, e.accountId, e.region, e.detailType, e.orderKey, JSON.stringify(e.resources), e.time, JSON.stringify(e.payload),
        e.sinks.join(' '),
      );
    }
  }
  async pending(limit: number): Promise<OutboxEntry[]> {
    return (this.s.pending.all(limit) as Row[]).map(entryOf);
  }
  async delivered(seq: number, sink: OutboxSink): Promise<void> {
    this.s.delivered.run({ sink, seq });
  }
  async failed(seq: number, error: string, nextAttemptAt: number): Promise<void> {
    this.s.failed.run(error, nextAttemptAt, seq);
  }
  async list(filter: OutboxFilter, limit: number): Promise<OutboxEntry[]> {
    const given = FILTERS.filter(([member]) => filter[member] !== undefined);
    const where = given.length ? ` WHERE ${given.map(([, condition]) => condition).join(' AND ')}` : '';
    const rows = this.lists.get(`SELECT * FROM outbox${where} ORDER BY seq LIMIT ?`).all(...given.map(([member]) => filter[member]), limit);
    return (rows as Row[]).map(entryOf);
  }
  async clear(): Promise<void> {
    this.s.clear.run();
  }
  async prune(keep: number): Promise<number> {
    const below = ((this.s.max.get() as number | null) ?? 0) - keep;
    return below > 0 ? this.s.prune.run(below).changes : 0;
  }
}
