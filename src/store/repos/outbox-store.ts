/**
 * The event outbox (SQLite migration 022): what Holdfast emitted, written in the transaction of the
 * state change that caused it, and the state of its delivery. It is the event log too. No rules
 * here: what an event says and where it goes are services/events/'s business.
 *
 * Backend-neutral contract: `append` runs in the caller's transaction (store.atomically) and
 * must be visible to `pending` only once that transaction has committed; the delivery calls
 * (`pending`, `delivered`, `failed`) run outside any transaction, each one statement.
 */
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
  /**
   * Removes the finished entries (nothing left to deliver: delivered, or logged without a sink)
   * older than the newest `keep` entries; an entry still to deliver is never removed. Answers how
   * many went.
   */
  prune(keep: number): Promise<number>;
}
