/** PointIndexesStore: the SQLite and PostgreSQL repositories give the same answers, step by step (rows go with their points). */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { heavyMigrations } from '../../src/store/postgres/migrations/heavy.js';
import { PgPointIndexesStore } from '../../src/store/postgres/recovery-point-indexes-store.js';
import { PgRecoveryPointsStore } from '../../src/store/postgres/recovery-points-store.js';
import type { PointIndexColumns, PointIndexesStore, PointIndexFilter } from '../../src/store/repos/recovery-point-indexes-store.js';
import type { RecoveryPointColumns, RecoveryPointsStore } from '../../src/store/repos/recovery-points-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migratedPoolSql, twins, withoutPostgres, type PoolSql, type Twins } from '../helpers/pg-sql.js';

const A = '111111111111';
const B = '222222222222';
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const SCOPE = { accountId: A, region: 'us-east-1' };

interface Repos {
  points: RecoveryPointsStore;
  indexes: PointIndexesStore;
}

const arnOf = (i: number): string => `arn:aws:backup:us-east-1:${A}:recovery-point:p-${String(i).padStart(3, '0')}`;

function point(i: number, over: Partial<RecoveryPointColumns> = {}): RecoveryPointColumns {
  return {
    ...SCOPE, arn: arnOf(i), vaultName: `vault-${i % 2}`, resourceArn: `arn:aws:s3:::bucket-${i % 3}`, resourceType: 'S3',
    status: 'COMPLETED', storageClass: 'WARM', creationDate: T0 + i * HOUR, ...over,
  };
}

function index(i: number, over: Partial<PointIndexColumns & { note: string }> = {}): PointIndexColumns & { note: string } {
  return {
    ...SCOPE, arn: arnOf(i), sourceResourceArn: `arn:aws:s3:::bucket-${i % 3}`, resourceType: i % 2 ? 'S3' : 'EBS',
    status: ['PENDING', 'ACTIVE', 'FAILED'][i % 3]!, backupCreationDate: T0 + i * HOUR, note: `index ${i}`, ...over,
  };
}

describe('PointIndexesStore contract: SQLite and PostgreSQL', { skip: withoutPostgres() }, () => {
  let pg: PoolSql;
  let sqlite: SqliteStore | undefined;
  let t: Twins<Repos>;
  before(async () => {
    pg = await migratedPoolSql(heavyMigrations);
  });
  after(async () => {
    await sqlite?.close();
    await pg?.close();
  });
  beforeEach(async () => {
    await sqlite?.close();
    sqlite = new SqliteStore({ inMemory: true });
    await pg.pool.query('TRUNCATE recovery_points, vault_point_counts, recovery_point_indexes RESTART IDENTITY');
    t = twins<Repos>(
      { points: sqlite.recoveryPoints, indexes: sqlite.pointIndexes },
      { points: new PgRecoveryPointsStore(pg), indexes: new PgPointIndexesStore(pg) },
    );
  });
  const withPoints = async (count: number, over: (i: number) => Partial<RecoveryPointColumns> = () => ({})): Promise<void> => {
    const points = Array.from({ length: count }, (_, i) => point(i + 1, over(i + 1)));
    await t.both((s) => s.points.insert(points));
  };
  const put = (indexes: PointIndexColumns[]): Promise<void> => t.both(async (s) => { for (const i of indexes) await s.indexes.put(i); });
  const order = (): Promise<string[]> => t.both(async (s) => (await s.indexes.list(SCOPE, 0, -1)).map((r) => `${r.seq} ${(r.index as { note?: string }).note}`));

  it("puts (a replaced row moves to the end of the list order), gets one or many, updates, deletes, and refuses an unknown point's", async () => {
    await withPoints(6);
    await put([index(1), index(2), index(3), index(4)]);
    assert.deepEqual(await t.both((s) => s.indexes.get(arnOf(2))), index(2));
    await t.both((s) => s.indexes.get(arnOf(6)));
    const replaced = index(2, { status: 'DELETING', dueAt: T0, note: 'index 2 again' });
    await put([replaced]);
    assert.deepEqual(await order(), ['1 index 1', '3 index 3', '4 index 4', '5 index 2 again']);
    assert.deepEqual(await t.both((s) => s.indexes.get(arnOf(2))), replaced);
    assert.equal((await t.both((s) => s.indexes.getMany([arnOf(4), arnOf(6), arnOf(1), arnOf(2), arnOf(4)]))).length, 3);
    await t.both((s) => s.indexes.getMany([]));

    await t.both((s) => s.indexes.update([index(1, { status: 'ACTIVE' }), index(6), index(1, { status: 'FAILED', dueAt: T0 + 5 }), index(3, { note: 'x' })]));
    assert.deepEqual(await t.both((s) => s.indexes.get(arnOf(1))), index(1, { status: 'FAILED', dueAt: T0 + 5 }));
    await t.both((s) => s.indexes.get(arnOf(6)));
    assert.deepEqual(await order(), ['1 index 1', '3 x', '4 index 4', '5 index 2 again']);
    await t.both((s) => s.indexes.delete([arnOf(3), arnOf(6)]));
    await t.both((s) => s.indexes.delete([]));
    assert.deepEqual(await order(), ['1 index 1', '4 index 4', '5 index 2 again']);

    const unknown = await t.both((s) => s.indexes.put(index(99)).then(() => 'stored', () => 'refused'));
    assert.equal(unknown, 'refused');
    await put([index(5)]);
    // The refused row used up a seq on PostgreSQL (sequences are not transactional): the order is the same, not the values.
    const notes = await t.both(async (s) => (await s.indexes.list(SCOPE, 0, -1)).map((r) => (r.index as { note?: string }).note));
    assert.deepEqual(notes, ['index 1', 'index 4', 'index 2 again', 'index 5']);
  });

  it('goes with its recovery point (deletion cascades; the vault counts follow the points)', async () => {
    await withPoints(5);
    await put([index(1), index(2), index(3)]);
    await t.both((s) => s.points.delete([arnOf(2), arnOf(3), arnOf(4)]));
    assert.deepEqual(await order(), ['1 index 1']);
    await t.both((s) => s.indexes.getMany([arnOf(2), arnOf(3)]));
    assert.deepEqual(await t.both(async (s) => [await s.points.count(SCOPE, 'vault-0'), await s.points.count(SCOPE, 'vault-1')]), [0, 2]);
  });

  it('lists by every filter member in seq order, page by page', async () => {
    await withPoints(24, (i) => (i % 5 === 4 ? { accountId: B } : {}));
    await put(Array.from({ length: 24 }, (_, i) => index(i + 1, i % 5 === 3 ? { accountId: B } : {})));
    const filters: PointIndexFilter[] = [
      SCOPE,
      { accountId: B, region: 'us-east-1' },
      { ...SCOPE, sourceResourceArn: 'arn:aws:s3:::bucket-1' },
      { ...SCOPE, resourceType: 'EBS' },
      { ...SCOPE, status: 'ACTIVE' },
      { ...SCOPE, createdAfter: T0 + 4 * HOUR, createdBefore: T0 + 15 * HOUR },
      { ...SCOPE, status: 'PENDING', resourceType: 'S3', createdAfter: T0 + 2 * HOUR },
    ];
    for (const f of filters) {
      const what = JSON.stringify(f);
      const all = await t.both((s) => s.indexes.list(f, 0, -1), what);
      assert.ok(all.length > 0, what);
      const paged: unknown[] = [];
      for (let after = 0; ;) {
        const page = await t.both((s) => s.indexes.list(f, after, 2), `page after ${after} of ${what}`);
        paged.push(...page);
        if (page.length < 2) break;
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(paged, all);
    }
  });

  it('answers due indexes earliest first (ties in seq order) and the next due time', async () => {
    await withPoints(6);
    await put([T0 + 30, T0 + 10, undefined, T0 + 10, T0 + 20, T0 + 40].map((dueAt, i) => index(i + 1, { dueAt })));
    assert.equal(await t.both((s) => s.indexes.nextDue()), T0 + 10);
    const due = (nowMs: number, limit: number): Promise<string[]> =>
      t.both(async (s) => (await s.indexes.due<PointIndexColumns & { note: string }>(nowMs, limit)).map((i) => i.note));
    assert.deepEqual(await due(T0 + 30, 10), ['index 2', 'index 4', 'index 5', 'index 1']);
    assert.deepEqual(await due(T0 + 30, 2), ['index 2', 'index 4']);
    assert.deepEqual(await due(T0 + 99, -1), ['index 2', 'index 4', 'index 5', 'index 1', 'index 6']);
    await t.both((s) => s.indexes.update([index(2), index(4), index(5), index(1), index(6)]));
    assert.equal(await t.both((s) => s.indexes.nextDue()), undefined);
  });
});
