/**
 * The outbox table's row and its mapping to an OutboxEntry: one shape on both backends (sinks
 * space-separated, resources and payload JSON text); only their SQL differs.
 */
import type { OutboxChannel, OutboxEntry, OutboxSink } from './repos/outbox-store.js';

export interface OutboxRow {
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

/**
 * OutboxStore.prune, in two statements: the newest seq (PRUNE_MAX), then the finished entries
 * (pending '') at or below it minus `keep` (PRUNE, its one parameter). A range of the primary key
 * with a plain number (PostgreSQL plans an index scan, not a scan of the table as it may for a
 * subquery's value); it is skipped when nothing is that old.
 */
export const PRUNE_MAX = 'SELECT MAX(seq) AS max FROM outbox';
export const PRUNE = "DELETE FROM outbox WHERE seq <= ? AND pending = ''";

const sinks = (text: string): OutboxSink[] => (text === '' ? [] : (text.split(' ') as OutboxSink[]));

export function outboxEntryOf(r: OutboxRow): OutboxEntry {
  return {
    seq: r.seq, channel: r.channel, target: r.target, accountId: r.account, region: r.region, detailType: r.detail_type,
    orderKey: r.order_key, resources: JSON.parse(r.resources) as string[], time: r.time, payload: JSON.parse(r.payload),
    pending: sinks(r.pending), delivered: sinks(r.delivered), attempts: r.attempts,
    lastError: r.last_error ?? undefined, nextAttemptAt: r.next_attempt_at ?? undefined,
  };
}
