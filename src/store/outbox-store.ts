/**
 * The event outbox (migration 021): what Holdfast emitted, written in the transaction of the
 * state change that caused it, and the state of its delivery. It is the event log too. No rules
 * here: what an event says and where it goes are services/events/'s business.
 *
 * Backend-neutral contract: `append` runs in the caller's transaction (store.atomically) and
 * must be visible to `pending` only once that transaction has committed; the delivery calls
 * (`pending`, `delivered`, `failed`) run outside any transaction, each one statement.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type Db } from './sqlite.js';
import { perDatabase } from './sqlite-store.js';

export type OutboxChannel = 'eventbridge' | 'sns';

/** A sink that delivers entries (services/events/sinks.ts). */
export type OutboxSink = 'eventbridge' | 'sns' | 'webhook';

export interface NewOutboxEntry {
  channel: OutboxChannel;
  /** The event bus ARN (eventbridge) or the topic ARN (sns). */
  target: string;
  accountId: string;
  region: string;
  /** The EventBridge detail-type, or the vault event name of an SNS notification (BACKUP_JOB_COMPLETED). */
  detailType: string;
  /** Entries of one key are delivered in seq order, one after the other. */
  orderKey: string;
  /** ARNs and ids the entry is about (the `resource` filter). */
  resources: string[];
  /** Business time of the transition, epoch ms. */
  time: number;
  payload: unknown;
  /** The sinks to deliver to; none: the entry is only logged. */
  sinks: OutboxSink[];
}

export interface OutboxEntry extends Omit<NewOutboxEntry, 'sinks'> {
  seq: number;
  /** Sinks still to deliver to (in the order they are tried). */
  pending: OutboxSink[];
  delivered: OutboxSink[];
  attempts: number;
  lastError?: string;
  /** Wall time (ms) of the next attempt, after a failure. */
  nextAttemptAt?: number;
}

export interface OutboxFilter {
  /** Entries after this seq (exclusive). */
  since?: number;
  detailType?: string;
  accountId?: string;
  region?: string;
  /** An ARN or id among the entry's resources. */
  resource?: string;
}

export interface OutboxStore {
  /** Adds entries (in the caller's transaction), in order. */
  append(entries: NewOutboxEntry[]): Promise<void>;
  /** Entries with sinks still to deliver to, oldest first, at most `limit`. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Records that `sink` took the entry. */
  delivered(seq: number, sink: OutboxSink): Promise<void>;
  /** Records a failed attempt and when to try again (wall ms). */
  failed(seq: number, error: string, nextAttemptAt: number): Promise<void>;
  /** The log, oldest first, at most `limit` entries. */
  list(filter: OutboxFilter, limit: number): Promise<OutboxEntry[]>;
  /** Empties the log (DELETE /_holdfast/events); undelivered entries go too. */
  clear(): Promise<void>;
}

interface Row {
  seq: number;
  channel: OutboxChannel;
  target: string;
  account: string;
  region: string;
  detail_type: string;
  order_key: string;
  resources: string;
  time: number;
  payload: string;
  pending: string;
  delivered: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number | null;
}

const sinks = (text: string): OutboxSink[] => (text === '' ? [] : (text.split(' ') as OutboxSink[]));

function entryOf(r: Row): OutboxEntry {
  return {
    seq: r.seq,
    channel: r.channel,
    target: r.target,
    accountId: r.account,
    region: r.region,
    detailType: r.detail_type,
    orderKey: r.order_key,
    resources: JSON.parse(r.resources) as string[],
    time: r.time,
    payload: JSON.parse(r.payload),
    pending: sinks(r.pending),
    delivered: sinks(r.delivered),
    attempts: r.attempts,
    lastError: r.last_error ?? undefined,
    nextAttemptAt: r.next_attempt_at ?? undefined,
  };
}

/** The log's filters: a condition with one `?` per given member. */
const FILTERS: readonly [keyof OutboxFilter, string][] = [
  ['since', 'seq > ?'],
  ['detailType', 'detail_type = ?'],
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['resource', 'EXISTS (SELECT 1 FROM json_each(resources) WHERE value = ?)'],
];

class SqliteOutboxStore implements OutboxStore {
  private readonly s: Record<'append' | 'pending' | 'delivered' | 'failed' | 'clear', Statement>;
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
}

/** The outbox repository of a store (SQLite today; a PostgreSQL one implements OutboxStore too). */
export const outboxStoreFor = perDatabase((db) => new SqliteOutboxStore(db));
