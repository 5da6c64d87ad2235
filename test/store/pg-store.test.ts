/**
 * PgStore through the Store interface against a real PostgreSQL: docs (keyset order), tags,
 * meta, the plan schedule, transactions (rollback, nesting, isolation from concurrent calls,
 * serialization across two instances by the advisory lock) and the admin reset.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { freshDatabase, postgresAvailable, psql } from '../helpers/postgres.js';

const A = { accountId: '111111111111', region: 'us-east-1' };
const B = { accountId: '222222222222', region: 'eu-west-1' };

describe('PgStore', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let url: string;
  let store: PgStore;
  before(async () => {
    url = await freshDatabase();
    store = await openPgStore({ url });
  });
  after(() => store?.close());

  it('keeps docs per kind and scope, in insertion order, with numeric keyset positions', async () => {
    const docs = store.docs<{ n: number }>('thing');
    assert.equal(await docs.insert(A, 'a', { n: 1 }), true);
    assert.equal(await docs.insert(A, 'a', { n: 9 }), false, 'an existing id is not replaced by insert');
    await docs.insert(A, 'b', { n: 2 });
    await docs.put(A, 'c', { n: 3 });
    await docs.insert(B, 'a', { n: 4 });
    await store.docs('other').insert(A, 'a', { n: 5 });
    assert.deepEqual(await docs.get(A, 'a'), { n: 1 });
    assert.equal(await docs.get(A, 'zz'), undefined);
    assert.equal(await docs.update(A, 'b', { n: 20 }), true);
    assert.equal(await docs.update(A, 'zz', { n: 0 }), false);
    await docs.put(A, 'c', { n: 30 });
    const all = await docs.list(A);
    assert.deepEqual(all.map((r) => r.doc.n), [1, 20, 30]);
    assert.equal(typeof all[0]!.seq, 'number');
    const page = await docs.list(A, { afterSeq: all[0]!.seq, limit: 1 });
    assert.deepEqual(page.map((r) => r.doc.n), [20]);
    assert.equal(await docs.count(A), 3);
    const everywhere = await docs.listAll({ afterSeq: all[1]!.seq });
    assert.deepEqual(everywhere.map((r) => [r.accountId, r.region, r.doc.n]), [[A.accountId, A.region, 30], [B.accountId, B.region, 4]]);
    assert.equal(await docs.delete(A, 'b'), true);
    assert.equal(await docs.delete(A, 'b'), false);
    assert.equal(await docs.count(A), 2);
  });

  it('takes keys with NUL characters, which PostgreSQL text cannot hold (a lookup finds nothing, not a 500)', async () => {
    const docs = store.docs<{ n: number }>('nul');
    assert.equal(await docs.get(A, 'a\u0000b'), undefined);
    await docs.put(A, 'a\u0000b', { n: 1 });
    assert.deepEqual(await docs.get(A, 'a\u0000b'), { n: 1 });
  });

  it('keeps tags by ARN and meta by key', async () => {
    await store.tags.put(A, 'arn:x', { team: 'a' });
    await store.tags.put(A, 'arn:x', { team: 'b' });
    assert.deepEqual(await store.tags.get('arn:x'), { team: 'b' });
    await store.tags.delete('arn:x');
    assert.equal(await store.tags.get('arn:x'), undefined);
    await store.meta.set('k', 'v1');
    await store.meta.set('k', 'v2');
    assert.equal(await store.meta.get('k'), 'v2');
    assert.equal(await store.meta.get('none'), undefined);
  });

  it('keeps the plan schedule: earliest, due in order, replace, move and delete', async () => {
    const s = store.planSchedule;
    await s.replacePlan(A, 'p1', [{ ruleId: 'r1', nextFire: 3_000_000_000_000 }, { ruleId: 'r2', nextFire: 1_000 }]);
    await s.replacePlan(B, 'p2', [{ ruleId: 'r1', nextFire: 2_000 }]);
    assert.equal(await s.earliest(), 1_000);
    assert.deepEqual(await s.due(2_000, 10), [
      { ...A, planId: 'p1', ruleId: 'r2', nextFire: 1_000 },
      { ...B, planId: 'p2', ruleId: 'r1', nextFire: 2_000 },
    ]);
    await s.replacePlan(A, 'p1', [{ ruleId: 'r3', nextFire: 5_000 }]);
    await s.setNext(B, 'p2', 'r1', 6_000);
    assert.deepEqual((await s.due(10_000, 10)).map((r) => [r.planId, r.ruleId, r.nextFire]), [['p1', 'r3', 5_000], ['p2', 'r1', 6_000]]);
    await s.setNext(B, 'p2', 'r1', undefined);
    await s.deletePlan(A, 'p1');
    assert.equal(await s.earliest(), undefined);
  });

  it('rolls a transaction back whole, and a nested atomically joins its caller', async () => {
    const docs = store.docs<{ n: number }>('tx');
    await assert.rejects(
      store.atomically(async () => {
        await docs.put(A, 'x', { n: 1 });
        await store.atomically(() => docs.put(A, 'y', { n: 2 }));
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await docs.count(A), 0);
    await store.atomically(async () => {
      await docs.put(A, 'x', { n: 1 });
      await store.atomically(() => docs.put(A, 'y', { n: 2 }));
    });
    assert.equal(await docs.count(A), 2);
  });

  it('keeps concurrent calls out of an open transaction: they neither join it nor read what it has not committed', async () => {
    const docs = store.docs<{ n: number }>('iso');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    const tx = store.atomically(async () => {
      await docs.put(A, 'inside', { n: 1 });
      wrote();
      await held;
      throw new Error('rolled back');
    });
    await written;
    // Another request, outside the transaction: it does not see the uncommitted row, and its own
    // write commits on its own although the transaction rolls back (an INSERT outside a
    // transaction waits for the open one: pg-database.ts execute).
    assert.equal(await docs.get(A, 'inside'), undefined);
    const outside = docs.put(A, 'outside', { n: 2 });
    release();
    await assert.rejects(tx, /rolled back/);
    await outside;
    assert.deepEqual((await docs.list(A)).map((r) => r.doc.n), [2]);
  });

  it('serializes transactions across instances sharing the database (advisory lock)', async () => {
    const other = await openPgStore({ url });
    try {
      const order: string[] = [];
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const inFirst = new Promise<void>((r) => (started = r));
      const first = store.atomically(async () => {
        order.push('first begins');
        started();
        await held;
        await store.docs('lock').put(A, 'first', {});
        order.push('first ends');
      });
      await inFirst;
      const second = other.atomically(async () => {
        order.push('second begins');
        await other.docs('lock').put(A, 'second', {});
      });
      // Wait (bounded) until the second instance is queued on the lock.
      for (let i = 0; i < 500; i++) {
        const waiting = psql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (waiting === '1') break;
        await new Promise((r) => setImmediate(r));
      }
      assert.deepEqual(order, ['first begins'], 'the second transaction waits for the first');
      release();
      await Promise.all([first, second]);
      assert.deepEqual(order, ['first begins', 'first ends', 'second begins']);
    } finally {
      await other.close();
    }
  });

  it('reset empties every table but meta and the migration record', async () => {
    await store.docs('r').put(A, 'x', {});
    await store.tags.put(A, 'arn:r', { a: 'b' });
    await store.meta.set('kept', 'yes');
    await store.reset();
    assert.equal(await store.docs('r').count(A), 0);
    assert.equal(await store.tags.get('arn:r'), undefined);
    assert.equal(await store.meta.get('kept'), 'yes');
    assert.notEqual(psql(url, 'SELECT count(*) FROM schema_migrations'), '0');
  });
});
