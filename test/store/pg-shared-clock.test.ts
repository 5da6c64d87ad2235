/**
 * The shared clock of instances on one PostgreSQL database (pg-clock-watch.ts, pg-shared-clock.ts):
 * an instance trusts its copy (an epoch) only while nobody can move the clock, a move is saved
 * only once every other instance has stopped trusting its copy, and a save that changes nothing
 * leaves every copy trusted. Also the planner's choice for a document read by key on a new
 * database (migration 028).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { freshDatabase, postgresAvailable, psql } from '../helpers/postgres.js';

/** Until the watch trusts its copy: it connects in the background (bounded wait). */
async function trusted(store: PgStore): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const epoch = store.instances.clock.epoch();
    if (epoch !== undefined) return epoch;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the clock watch did not take its lock within 5 s');
}

describe('the clock instances share on PostgreSQL', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let url: string;
  let a: PgStore;
  let b: PgStore;
  before(async () => {
    url = await freshDatabase();
    a = await openPgStore({ url });
    b = await openPgStore({ url });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it("saves a move only after every other instance stopped trusting its copy, and then reads it there", async () => {
    await b.instances.clock.save(JSON.stringify({ frozenAtMs: 1 }));
    const before = await trusted(a);
    let stale: number | undefined | 'trusted' = 'trusted';
    // The moment the move lands, as another instance's request would see it.
    const moved = b.instances.clock.lock(async () => {
      await b.instances.clock.save(JSON.stringify({ frozenAtMs: 2 }));
      stale = a.instances.clock.epoch();
    });
    await moved;
    assert.notEqual(stale, before, 'a still trusted its copy when the move was saved');
    assert.equal(stale, undefined);
    assert.equal(await a.instances.clock.read(), JSON.stringify({ frozenAtMs: 2 }));
    // Once the mover's turn ended, a trusts again, under a new epoch (its copy must be read again).
    const after = await trusted(a);
    assert.notEqual(after, before);
  });

  it('leaves every copy trusted when a save changes nothing', async () => {
    await b.instances.clock.save(JSON.stringify({ frozenAtMs: 3 }));
    const epoch = await trusted(a);
    await b.instances.clock.lock(async () => {
      const value = await b.instances.clock.read();
      await b.instances.clock.save(value!);
      assert.equal(a.instances.clock.epoch(), epoch);
    });
    assert.equal(a.instances.clock.epoch(), epoch);
  });

  it('reads a document by its key through docs_key on a database autovacuum has not analyzed yet', async () => {
    const docs = a.docs<{ n: number }>('vault');
    const scope = { accountId: '111111111111', region: 'us-east-1' };
    for (let i = 0; i < 200; i += 50) await a.atomically(async () => {
      for (let k = i; k < i + 50; k++) await docs.put(scope, `v-${k}`, { n: k });
    });
    const plan = psql(url, "EXPLAIN SELECT data FROM docs WHERE kind = 'vault' AND account = '111111111111' AND region = 'us-east-1' AND id = 'v-7'");
    assert.match(plan, /docs_key/, plan);
  });
});
