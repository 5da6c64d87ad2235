/** The event outbox on PostgreSQL (see SqliteOutboxStore, migration 008). */
import type { NewOutboxEntry, OutboxEntry, OutboxFilter, OutboxSink, OutboxStore } from '../repos/outbox-store.js';
import { outboxEntryOf as entryOf, PRUNE, PRUNE_MAX, type OutboxRow as Row } from '../outbox-rows.js';
import type { PgSql } from './sql.js';

/** The log's filters: a condition with one `?` per given member. */
const FILTERS: readonly [keyof OutboxFilter, string][] = [
  ['since', 'seq > ?'],
  ['detailType', 'detail_type = ?'],
  ['accountId', 'account = ?'],
  ['region', 'region = ?'],
  ['resource', 'EXISTS (SELECT 1 FROM jsonb_array_elements_text(resources::jsonb) AS r (value) WHERE value = ?)'],
];

export class PgOutboxStore implements OutboxStore {
  constructor(private readonly sql: PgSql) {}

  async append(entries: NewOutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the batch (a batch of job or point transitions emits one entry each); seq
    // is drawn in the given order (ORDER BY the position), as SQLite's statement per entry draws it.
    const column = <T>(of: (e: NewOutboxEntry) => T): T[] => entries.map(of);
    await this.sql.run(
      `INSERT INTO outbox (channel, target, account, region, detail_type, order_key, resources, time, payload, pending)
        SELECT c, t, a, r, d, o, res, tm, p, pe
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[])
          WITH ORDINALITY AS e (c, t, a, r, d, o, res, tm, p, pe, n)
        ORDER BY n`,
      [
        column((e) => e.channel), column((e) => e.target), column((e) => e.accountId), column((e) => e.region), column((e) => e.detailType),
        column((e) => e.orderKey), column((e) => JSON.stringify(e.resources)), column((e) => e.time), column((e) => JSON.stringify(e.payload)),
        column((e) => e.sinks.join(' ')),
      ],
    );
  }
  async pending(limit: number): Promise<OutboxEntry[]> {
    return (await this.sql.query<Row>("SELECT * FROM outbox WHERE pending <> '' ORDER BY seq LIMIT ?", [limit])).map(entryOf);
  }
  async delivered(seq: number, sink: OutboxSink): Promise<void> {
    // The sink leaves `pending` (space-separated) and joins `delivered`.
    await this.sql.run(
      `UPDATE outbox SET pending = trim(replace(' ' || pending || ' ', ' ' || ? || ' ', ' ')), delivered = trim(delivered || ' ' || ?) WHERE seq = ?`,
      [sink, sink, seq],
    );
  }
  async failed(seq: number, error: string, nextAttemptAt: number): Promise<void> {
    await this.sql.run('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?', [error, nextAttemptAt, seq]);
  }
  async list(filter: OutboxFilter, limit: number): Promise<OutboxEntry[]> {
    const given = FILTERS.filter(([member]) => filter[member] !== undefined);
    const where = given.length ? ` WHERE ${given.map(([, condition]) => condition).join(' AND ')}` : '';
    const rows = await this.sql.query<Row>(`SELECT * FROM outbox${where} ORDER BY seq LIMIT ?`, [...given.map(([member]) => filter[member]), limit]);
    return rows.map(entryOf);
  }
  async clear(): Promise<void> {
    await this.sql.run('DELETE FROM outbox');
  }
  async prune(keep: number): Promise<number> {
    const [row] = await this.sql.query<{ max: number | string | null }>(PRUNE_MAX);
    const below = Number(row?.max ?? 0) - keep;
    return below > 0 ? this.sql.run(PRUNE, [below]) : 0;
  }
}
