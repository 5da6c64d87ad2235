/** OutboxStore: the SQLite and PostgreSQL repositories give the same answers, step by step. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { migration008 } from '../../src/store/postgres/migrations/008-outbox.js';
import { PgOutboxStore } from '../../src/store/postgres/pg-outbox.js';
import type { NewOutboxEntry, OutboxStore } from '../../src/store/repos/outbox-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migratedPoolSql, twins, withoutPostgres, type PoolSql, type Twins } from '../helpers/pg-sql.js';

const T0 = 1_750_000_000_000;

function entry(n: number, over: Partial<NewOutboxEntry> = {}): NewOutboxEntry {
  return {
    channel: n % 2 ? 'eventbridge' : 'sns',
    target: n % 2 ? 'arn:aws:events:us-east-1:111111111111:event-bus/default' : 'arn:aws:sns:us-east-1:111111111111:topic',
    accountId: '111111111111',
    region: 'us-east-1',
    detailType: n % 3 ? 'Backup Job State Change' : 'BACKUP_JOB_COMPLETED',
    orderKey: `job:${n % 2}`,
    resources: [`arn:aws:backup:us-east-1:111111111111:recovery-point:rp-${n}`, `job-${n}`],
    time: T0 + n,
    payload: { n, text: `entry ${n}`, nested: { list: [n, 'x'] } },
    sinks: n % 2 ? ['eventbridge', 'webhook'] : [],
    ...over,
  };
}

describe('OutboxStore contract: SQLite and PostgreSQL', { skip: withoutPostgres() }, () => {
  let pg: PoolSql;
  let sqlite: SqliteStore | undefined;
  let t: Twins<OutboxStore>;
  before(async () => {
    pg = await migratedPoolSql([migration008]);
  });
  after(async () => {
    await sqlite?.close();
    await pg?.close();
  });
  beforeEach(async () => {
    await sqlite?.close();
    sqlite = new SqliteStore({ inMemory: true });
    await pg.pool.query('TRUNCATE outbox RESTART IDENTITY');
    t = twins(sqlite.outbox, new PgOutboxStore(pg));
  });

  it('appends a batch in its order, seq drawn in that order, between single appends', async () => {
    const batch = Array.from({ length: 7 }, (_, i) => entry(i + 2));
    await t.both(async (s) => {
      await s.append([entry(1)]);
      await s.append(batch);
      await s.append([]);
      await s.append([entry(9, { resources: [], payload: 'text with \u00e9 and "quotes"' })]);
    });
    const all = await t.both((s) => s.list({}, 100));
    assert.deepEqual(all.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(all.map((e) => e.time - T0), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(all[3]!.payload, entry(4).payload);
    await t.both((s) => s.pending(100), 'pending, oldest first');
    await t.both((s) => s.list({ resource: 'job-5' }, 10), 'by resource');
    await t.both((s) => s.list({ since: 3, detailType: 'BACKUP_JOB_COMPLETED' }, 10), 'since and detail type');
  });
});
