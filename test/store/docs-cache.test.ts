/** The read cache of the docs collections never shows a stale or uncommitted record. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const scope = { accountId: '111111111111', region: 'us-east-1' };
const other = { accountId: '222222222222', region: 'us-east-1' };

describe('docs read cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-docs-'));
  const store = new SqliteStore({ dataDir: dir });
  const docs = store.docs<{ n: number; list?: number[] }>('thing');
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every write at once, per account and region', async () => {
    await docs.insert(scope, 'a', { n: 1 });
    assert.deepEqual(await docs.get(scope, 'a'), { n: 1 });
    assert.equal(await docs.get(other, 'a'), undefined);
    await docs.update(scope, 'a', { n: 2 });
    assert.deepEqual(await docs.get(scope, 'a'), { n: 2 });
    await docs.put(scope, 'a', { n: 3 });
    assert.deepEqual(await docs.get(scope, 'a'), { n: 3 });
    assert.equal(await docs.insert(scope, 'a', { n: 4 }), false);
    assert.deepEqual(await docs.get(scope, 'a'), { n: 3 });
    await docs.delete(scope, 'a');
    assert.equal(await docs.get(scope, 'a'), undefined);
  });

  it('hands out copies: mutating a record read does not change the next read', async () => {
    await docs.put(scope, 'b', { n: 1, list: [1] });
    const first = (await docs.get(scope, 'b'))!;
    first.n = 99;
    first.list!.push(2);
    assert.deepEqual(await docs.get(scope, 'b'), { n: 1, list: [1] });
  });

  it('never keeps what a rolled-back transaction wrote, nor what it read', async () => {
    await docs.put(scope, 'c', { n: 1 });
    await docs.get(scope, 'c');
    await assert.rejects(
      store.atomically(async () => {
        await docs.update(scope, 'c', { n: 2 });
        assert.deepEqual(await docs.get(scope, 'c'), { n: 2 }, 'a transaction sees its own write');
        await docs.insert(scope, 'd', { n: 1 });
        await docs.get(scope, 'd');
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.deepEqual(await docs.get(scope, 'c'), { n: 1 });
    assert.equal(await docs.get(scope, 'd'), undefined);
  });

  it('forgets everything on reset', async () => {
    await docs.put(scope, 'e', { n: 1 });
    await docs.get(scope, 'e');
    await store.reset();
    assert.equal(await docs.get(scope, 'e'), undefined);
  });
});
