/**
 * The batch forms the lifecycle and stack backups use (one statement for many keys) answer what
 * their one-key forms answer, in the order asked, on SQLite and PostgreSQL alike: docs getMany
 * (also inside a transaction, where PostgreSQL answers from its memo), tags deleteAll, legal holds
 * protectingHolds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { LegalHoldRecord } from '../../src/store/repos/legal-hold-store.js';
import type { Store } from '../../src/store/types.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';

const scope = { accountId: '111111111111', region: 'us-east-1' };
const other = { accountId: '222222222222', region: 'us-east-1' };
const pointArn = (n: number) => `arn:aws:ec2:us-east-1::snapshot/snap-${n}`;

function hold(id: string): LegalHoldRecord {
  return { id, arn: `arn:aws:backup:us-east-1:111111111111:legal-hold:${id}`, title: id, description: 'd', status: 'ACTIVE', creationDate: 1, requestFingerprint: id };
}

/** What the batch forms answer on one store, and what the one-key forms answer for the same keys. */
async function answers(store: Store): Promise<unknown> {
  const docs = store.docs<{ n: number }>('batch-test');
  await docs.put(scope, 'a', { n: 1 });
  await docs.put(scope, 'b', { n: 2 });
  await docs.put(other, 'a', { n: 3 });
  const ids = ['b', 'x', 'a', 'b'];
  const many = await docs.getMany(scope, ids);
  assert.deepEqual(many, await Promise.all(ids.map((id) => docs.get(scope, id))));
  // In a transaction: a read, a write of the same key, and the batch sees the write.
  const inTransaction = await store.atomically(async () => {
    await docs.getMany(scope, ['a', 'b']);
    await docs.update(scope, 'a', { n: 10 });
    await docs.delete(scope, 'b');
    return docs.getMany(scope, ['a', 'b', 'a']);
  });

  for (const n of [1, 2, 3]) await store.tags.put(scope, pointArn(n), { k: `v${n}` });
  await store.tags.deleteAll([pointArn(1), pointArn(3), pointArn(9)]);
  await store.tags.deleteAll([]);
  const tags = await Promise.all([1, 2, 3].map((n) => store.tags.get(pointArn(n))));

  await store.legalHolds.insert(scope, hold('h1'), null);
  await store.legalHolds.insert(scope, hold('h2'), null);
  const held = (n: number) => ({ pointArn: pointArn(n), vaultName: 'v', resourceArn: `arn:aws:ec2:us-east-1:111111111111:volume/vol-${n}`, resourceType: 'EBS' });
  await store.legalHolds.attach(scope, 'h1', [held(1), held(2)]);
  await store.legalHolds.attach(scope, 'h2', [held(2), held(4)]);
  await store.legalHolds.deactivate('h2');
  const asked = [4, 1, 3, 2, 1].map((n) => ({ ...scope, pointArn: pointArn(n) }));
  const protecting = await store.legalHolds.protectingHolds(asked);
  assert.deepEqual(protecting, await Promise.all(asked.map((p) => store.legalHolds.protectingHold(scope, p.pointArn))));
  const elsewhere = await store.legalHolds.protectingHolds([{ ...other, pointArn: pointArn(1) }]);
  return { many, inTransaction, tags, protecting, elsewhere, none: await store.legalHolds.protectingHolds([]) };
}

describe('batch reads: SQLite and PostgreSQL', () => {
  const expected = {
    many: [{ n: 2 }, undefined, { n: 1 }, { n: 2 }],
    inTransaction: [{ n: 10 }, undefined, { n: 10 }],
    tags: [undefined, { k: 'v2' }, undefined],
    protecting: [undefined, 'h1', undefined, 'h1', 'h1'],
    elsewhere: [undefined],
    none: [],
  };
  let sqlite: SqliteStore;
  before(() => {
    sqlite = new SqliteStore({ inMemory: true });
  });
  after(async () => {
    await sqlite?.close();
  });

  it('SQLite: each batch answers what its one-key form answers, in the order asked', async () => {
    assert.deepEqual(await answers(sqlite), expected);
  });

  it('PostgreSQL: the same answers', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, async () => {
    const pg = await openPgStore({ url: await freshDatabase() });
    try {
      assert.deepEqual(await answers(pg), expected);
    } finally {
      await pg.close();
    }
  });
});
