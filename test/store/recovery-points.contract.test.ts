/** RecoveryPointsStore: the SQLite and PostgreSQL repositories give the same answers, step by step (vault counts included). */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { heavyMigrations } from '../../src/store/postgres/migrations/heavy.js';
import { PgRecoveryPointsStore } from '../../src/store/postgres/recovery-points-store.js';
import type { RecoveryPointColumns, RecoveryPointFilter, RecoveryPointsStore } from '../../src/store/repos/recovery-points-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migratedPoolSql, twins, withoutPostgres, type PoolSql, type Twins } from '../helpers/pg-sql.js';

const A = '111111111111';
const B = '222222222222';
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const SCOPE = { accountId: A, region: 'us-east-1' };

let n = 0;
function point(over: Partial<RecoveryPointColumns> = {}): RecoveryPointColumns & { note: string } {
  n++;
  return {
    ...SCOPE,
    arn: `arn:aws:backup:us-east-1:${A}:recovery-point:p-${String(n).padStart(3, '0')}`,
    vaultName: `vault-${n % 3}`,
    resourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-${n % 4}`,
    resourceType: n % 2 ? 'EBS' : 'EC2',
    status: 'COMPLETED',
    storageClass: 'WARM',
    creationDate: T0 + n * HOUR,
    note: `record ${n}`,
    ...over,
  };
}

describe('RecoveryPointsStore contract: SQLite and PostgreSQL', { skip: withoutPostgres() }, () => {
  let pg: PoolSql;
  let sqlite: SqliteStore | undefined;
  let t: Twins<RecoveryPointsStore>;
  before(async () => {
    pg = await migratedPoolSql(heavyMigrations);
  });
  after(async () => {
    await sqlite?.close();
    await pg?.close();
  });
  beforeEach(async () => {
    n = 0;
    await sqlite?.close();
    sqlite = new SqliteStore({ inMemory: true });
    await pg.pool.query('TRUNCATE recovery_points, vault_point_counts, recovery_point_indexes RESTART IDENTITY');
    t = twins(sqlite.recoveryPoints, new PgRecoveryPointsStore(pg));
  });
  /** Each vault's count, asked one by one and as one batch (counts()), which must agree, other scopes mixed in. */
  const counts = (scope = SCOPE): Promise<number[]> =>
    t.both(async (s) => {
      const vaults = ['vault-0', 'vault-1', 'vault-2', 'nowhere'].map((vaultName) => ({ ...scope, vaultName }));
      const other = { accountId: scope.accountId === A ? B : A, region: 'us-east-1', vaultName: 'vault-1' };
      const asked = [other, ...vaults, other];
      const one = await Promise.all(asked.map((v) => s.count(v, v.vaultName)));
      assert.deepEqual(await s.counts(asked), one);
      assert.deepEqual(await s.counts([]), []);
      return one.slice(1, -1);
    }, `counts of ${scope.accountId}`);

  it('keeps the per-vault counts with the rows: batches, deletions, a failed batch, and an update that names another vault', async () => {
    const points = Array.from({ length: 10 }, (_, i) => point(i === 9 ? { accountId: B } : {}));
    await t.both((s) => s.insert(points.slice(0, 7)));
    assert.deepEqual(await counts(), [2, 3, 2, 0]);
    await t.both((s) => s.insert(points.slice(7)));
    assert.deepEqual(await counts(), [3, 3, 3, 0]);
    assert.deepEqual(await counts({ accountId: B, region: 'us-east-1' }), [0, 1, 0, 0]);
    assert.deepEqual(await t.both((s) => s.get(points[2]!.arn)), points[2]);
    await t.both((s) => s.get('arn:nope'));

    await t.both((s) => s.delete([points[0]!.arn, points[3]!.arn, 'arn:nope', points[9]!.arn]));
    assert.deepEqual(await counts(), [3, 1, 3, 0]);
    assert.deepEqual(await counts({ accountId: B, region: 'us-east-1' }), [0, 0, 0, 0]);
    await t.both((s) => s.delete([]));
    await t.both((s) => s.insert([]));

    // A batch with a point that exists already fails whole: no row and no count change.
    const fresh = point({ vaultName: 'vault-0' });
    const outcome = await t.both((s) => s.insert([fresh, points[1]!]).then(() => 'inserted', () => 'refused'));
    assert.equal(outcome, 'refused');
    await t.both((s) => s.get(fresh.arn));
    assert.deepEqual(await counts(), [3, 1, 3, 0]);

    // The vault is fixed at insert: an update that names another keeps the row's vault and the counts.
    const moved = { ...points[1]!, vaultName: 'vault-0', status: 'EXPIRED', storageClass: 'COLD', lifecycleDue: T0, isParent: true, compositeMemberIdentifier: 'm' };
    await t.both((s) => s.update([moved, point()]));
    assert.deepEqual(await counts(), [3, 1, 3, 0]);
    const inVault = (vaultName: string): Promise<string[]> => t.both(async (s) => (await s.list({ ...SCOPE, vaultName }, 0, -1)).map((r) => r.point.arn));
    assert.ok((await inVault('vault-2')).includes(moved.arn));
    assert.ok(!(await inVault('vault-0')).includes(moved.arn));
    assert.deepEqual(await t.both((s) => s.get(moved.arn)), moved);
    assert.deepEqual(await t.both((s) => s.columnsBySeq([2])), [{
      arn: moved.arn, accountId: A, region: 'us-east-1', vaultName: 'vault-2', resourceArn: moved.resourceArn, resourceType: moved.resourceType,
      status: 'EXPIRED', storageClass: 'COLD', creationDate: moved.creationDate, backupPlanId: undefined, parentRecoveryPointArn: undefined,
      isParent: true, compositeMemberIdentifier: 'm', lifecycleDue: T0,
    }]);
    await t.both((s) => s.update([{ ...moved, status: 'DELETING' }, { ...moved, status: 'COMPLETED', isParent: false }]));
    assert.equal((await t.both((s) => s.get(moved.arn)))?.status, 'COMPLETED');
  });

  it('answers the points of every account and Region from the vault counts, leaving out scopes whose points are all gone', async () => {
    await t.both((s) => s.scopeCounts(), 'no points');
    const points = [point(), point(), point({ region: 'eu-west-1' }), point({ accountId: B }), point({ accountId: B })];
    await t.both((s) => s.insert(points));
    assert.deepEqual(await t.both((s) => s.scopeCounts()), [
      { accountId: A, region: 'eu-west-1', count: 1 },
      { accountId: A, region: 'us-east-1', count: 2 },
      { accountId: B, region: 'us-east-1', count: 2 },
    ]);
    await t.both((s) => s.delete([points[2]!.arn]));
    assert.deepEqual((await t.both((s) => s.scopeCounts())).map((c) => c.region), ['us-east-1', 'us-east-1']);
  });

  it('lists by every filter member in seq order, page by page, and answers the matching seqs and their columns', async () => {
    const points = Array.from({ length: 30 }, (_, i) =>
      point({
        accountId: i % 7 === 6 ? B : A,
        region: i % 11 === 10 ? 'eu-west-1' : 'us-east-1',
        backupPlanId: i % 3 === 0 ? `plan-${i % 2}` : undefined,
        parentRecoveryPointArn: i % 5 === 1 ? 'arn:parent' : undefined,
        isParent: i % 8 === 0,
        lifecycleDue: i % 4 === 0 ? T0 + i : undefined,
      }),
    );
    await t.both((s) => s.insert(points));
    const filters: RecoveryPointFilter[] = [
      SCOPE,
      { accountId: B, region: 'us-east-1' },
      { accountId: A, region: 'eu-west-1' },
      { ...SCOPE, vaultName: 'vault-1' },
      { ...SCOPE, vaultNames: ['vault-0', 'vault-2'] },
      { ...SCOPE, vaultNames: [] },
      { ...SCOPE, resourceArn: points[0]!.resourceArn },
      { ...SCOPE, resourceArns: [points[0]!.resourceArn, points[1]!.resourceArn] },
      { ...SCOPE, resourceType: 'EC2' },
      { ...SCOPE, backupPlanId: 'plan-1' },
      { ...SCOPE, parentRecoveryPointArn: 'arn:parent' },
      { ...SCOPE, createdAfter: T0 + 5 * HOUR, createdBefore: T0 + 20 * HOUR },
      { ...SCOPE, vaultName: 'vault-0', resourceType: 'EBS', createdAfter: T0 + 3 * HOUR },
    ];
    for (const f of filters) {
      const what = JSON.stringify(f);
      const all = await t.both((s) => s.list(f, 0, -1), what);
      assert.equal(all.length > 0, !('vaultNames' in f && f.vaultNames!.length === 0), what);
      const paged: unknown[] = [];
      for (let after = 0; ;) {
        const page = await t.both((s) => s.list(f, after, 3), `page after ${after} of ${what}`);
        paged.push(...page);
        if (page.length < 3) break;
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(paged, all);
      const seqs = await t.both((s) => s.matchingSeqs(f), what);
      assert.deepEqual(seqs, all.map((r) => r.seq));
      await t.both((s) => s.columnsBySeq(seqs), what);
    }
    await t.both((s) => s.columnsBySeq([]));
    await t.both((s) => s.columnsBySeq([3, 1, 999]));
  });

  it('answers lifecycle work due earliest first (ties in seq order) and retries expired or named points', async () => {
    const dues = [T0 + 30, T0 + 10, undefined, T0 + 30, T0 + 10, T0 + 50, T0 + 60];
    const points = dues.map((lifecycleDue, i) => point({ lifecycleDue, status: i >= 5 ? 'EXPIRED' : 'COMPLETED' }));
    await t.both((s) => s.insert(points));
    assert.equal(await t.both((s) => s.nextLifecycleDue()), T0 + 10);
    const due = (nowMs: number, limit: number): Promise<string[]> => t.both(async (s) => (await s.lifecycleDue<RecoveryPointColumns & { note: string }>(nowMs, limit)).map((p) => p.note));
    assert.deepEqual(await due(T0 + 30, 10), ['record 2', 'record 5', 'record 1', 'record 4']);
    assert.deepEqual(await due(T0 + 30, 3), ['record 2', 'record 5', 'record 1']);
    assert.deepEqual(await due(T0 + 100, -1), ['record 2', 'record 5', 'record 1', 'record 4', 'record 6', 'record 7']);
    assert.equal(await t.both((s) => s.retryExpired(T0 + 55)), 1);
    assert.deepEqual(await due(T0 + 55, -1), ['record 2', 'record 5', 'record 1', 'record 4', 'record 6', 'record 7']);
    assert.equal(await t.both((s) => s.retryExpired(T0 + 20, [points[0]!.arn, points[1]!.arn, points[2]!.arn, points[0]!.arn, 'arn:nope'])), 1);
    assert.deepEqual(await due(T0 + 20, -1), ['record 2', 'record 5', 'record 1']);
    assert.equal(await t.both((s) => s.retryExpired(T0 + 20, [])), 0);
  });

  it("answers protected resources in resource ARN order after a position, each with its latest point, and one resource's latest", async () => {
    const r = (i: number): string => `arn:aws:ec2:us-east-1:${A}:volume/vol-${i}`;
    const points = [
        point({ resourceArn: r(2), vaultName: 'v1', creationDate: T0 + 10 }),
        point({ resourceArn: r(1), vaultName: 'v1', creationDate: T0 + 30 }),
        point({ resourceArn: r(2), vaultName: 'v2', creationDate: T0 + 40 }),
        point({ resourceArn: r(1), vaultName: 'v2', creationDate: T0 + 30 }),
        point({ resourceArn: r(3), vaultName: 'v1', creationDate: T0 + 5 }),
        point({ resourceArn: r(2), vaultName: 'v1', creationDate: T0 + 20 }),
        point({ resourceArn: `arn:aws:s3:::Bucket`, vaultName: 'v2', creationDate: T0 + 7 }),
        point({ resourceArn: r(4), vaultName: 'v1', creationDate: T0 + 9, accountId: B }),
    ];
    await t.both((s) => s.insert(points));
    const arns = (rows: { resourceArn: string; recoveryPointArn: string }[]): string[] => rows.map((x) => `${x.resourceArn} ${x.recoveryPointArn.slice(-5)}`);
    assert.deepEqual(arns(await t.both((s) => s.protectedResources(SCOPE, undefined, '', 10))), [
      `${r(1)} p-002`, `${r(2)} p-003`, `${r(3)} p-005`, 'arn:aws:s3:::Bucket p-007',
    ]);
    assert.deepEqual(arns(await t.both((s) => s.protectedResources(SCOPE, 'v1', '', 10))), [`${r(1)} p-002`, `${r(2)} p-006`, `${r(3)} p-005`]);
    assert.deepEqual(arns(await t.both((s) => s.protectedResources(SCOPE, undefined, r(1), 2))), [`${r(2)} p-003`, `${r(3)} p-005`]);
    await t.both((s) => s.protectedResources(SCOPE, 'v2', r(9), 10));
    await t.both((s) => s.protectedResources({ accountId: B, region: 'us-east-1' }, undefined, '', 10));
    // One resource: its latest point, the last in seq order of a tie (unlike the list above: see the report).
    assert.equal((await t.both((s) => s.protectedResource(SCOPE, r(1))))?.recoveryPointArn.slice(-5), 'p-004');
    await t.both((s) => s.protectedResource(SCOPE, r(4)));
  });
});
