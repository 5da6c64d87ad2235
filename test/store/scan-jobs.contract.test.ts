/** ScanJobsStore: the SQLite and PostgreSQL repositories give the same answers, step by step. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { heavyMigrations } from '../../src/store/postgres/migrations/heavy.js';
import { PgScanJobsStore } from '../../src/store/postgres/scan-jobs-store.js';
import type { ScanJobColumns, ScanJobEndPosition, ScanJobFilter, ScanJobsStore } from '../../src/store/repos/scan-jobs-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migratedPoolSql, twins, withoutPostgres, type PoolSql, type Twins } from '../helpers/pg-sql.js';

const A = '111111111111';
const B = '222222222222';
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const SCOPE = { accountId: A, region: 'us-east-1' };

let n = 0;
function scan(over: Partial<ScanJobColumns> = {}): ScanJobColumns & { note: string } {
  n++;
  return {
    ...SCOPE,
    id: `scan-${n}`,
    state: 'RUNNING',
    vaultName: `vault-${n % 2}`,
    recoveryPointArn: `arn:rp:${n % 4}`,
    resourceArn: `arn:aws:ec2:us-east-1:${A}:volume/vol-${n % 3}`,
    resourceType: n % 2 ? 'EBS' : 'EC2',
    malwareScanner: 'GUARDDUTY',
    creationDate: T0 + n * HOUR,
    note: `record ${n}`,
    ...over,
  };
}

/** A job that ended at completionDate with a result. */
const ended = (completionDate: number, over: Partial<ScanJobColumns> = {}): ScanJobColumns & { note: string } =>
  scan({ state: 'COMPLETED', scanResult: n % 2 ? 'NO_THREATS_FOUND' : 'THREATS_FOUND', completionDate, ...over });

describe('ScanJobsStore contract: SQLite and PostgreSQL', { skip: withoutPostgres() }, () => {
  let pg: PoolSql;
  let sqlite: SqliteStore | undefined;
  let t: Twins<ScanJobsStore>;
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
    await pg.pool.query('TRUNCATE scan_jobs RESTART IDENTITY');
    t = twins(sqlite.scanJobs, new PgScanJobsStore(pg));
  });
  const insert = (jobs: ScanJobColumns[]): Promise<void> => t.both(async (s) => { for (const j of jobs) await s.insert(j); });
  const notes = (jobs: object[]): string[] => jobs.map((j) => (j as { note: string }).note);

  it('inserts, gets by id or idempotency token, and updates state, result, completion and due time (the last of a repeated job wins)', async () => {
    const a = scan({ idempotencyToken: 'tok', dueAt: T0 });
    await insert([a, scan()]);
    assert.deepEqual(await t.both((s) => s.get(a.id)), a);
    await t.both((s) => s.get('nope'));
    assert.deepEqual(await t.both((s) => s.byIdempotencyToken(SCOPE, 'tok')), a);
    await t.both((s) => s.byIdempotencyToken({ accountId: B, region: 'us-east-1' }, 'tok'));
    const done = { ...a, state: 'COMPLETED', scanResult: 'THREATS_FOUND', completionDate: T0 + 5, dueAt: T0 + 9 };
    await t.both((s) => s.update([{ ...a, state: 'CREATED' }, done, scan()]));
    assert.deepEqual(await t.both((s) => s.get(a.id)), done);
    assert.deepEqual(notes(await t.both((s) => s.due(T0 + 9, 5))), ['record 1']);
    await t.both((s) => s.update([]));
  });

  it('lists by every filter member, in creation order, page by page, and -1 as no limit', async () => {
    const jobs = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? ended(T0 + i * HOUR, { accountId: i % 5 === 4 ? B : A }) : scan({ region: i % 7 === 5 ? 'eu-west-1' : 'us-east-1', accountId: i % 5 === 4 ? B : A }),
    );
    await insert(jobs);
    const filters: ScanJobFilter[] = [
      { region: 'us-east-1' },
      { region: 'eu-west-1' },
      { region: 'us-east-1', accountId: A },
      { region: 'us-east-1', accountId: B },
      { region: 'us-east-1', accountId: A, state: 'COMPLETED' },
      { region: 'us-east-1', accountId: A, vaultName: 'vault-1' },
      { region: 'us-east-1', accountId: A, recoveryPointArn: 'arn:rp:2' },
      { region: 'us-east-1', accountId: A, resourceArn: jobs[0]!.resourceArn },
      { region: 'us-east-1', accountId: A, resourceType: 'EC2' },
      { region: 'us-east-1', accountId: A, malwareScanner: 'GUARDDUTY' },
      { region: 'us-east-1', scanResult: 'THREATS_FOUND' },
      { region: 'us-east-1', completeAfter: T0 + 3 * HOUR, completeBefore: T0 + 18 * HOUR },
      { region: 'us-east-1', accountId: A, endedAfter: T0 + 10 * HOUR },
    ];
    for (const f of filters) {
      const what = JSON.stringify(f);
      const all = await t.both((s) => s.list(f, 0, -1), what);
      assert.ok(all.length > 0, what);
      const paged: unknown[] = [];
      for (let after = 0; ;) {
        const page = await t.both((s) => s.list(f, after, 2), `page after ${after} of ${what}`);
        paged.push(...page);
        if (page.length < 2) break;
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(paged, all);
    }
  });

  it("answers the ended jobs of points in creation order, and a resource's jobs in some states newest first before a position", async () => {
    const jobs = [ended(T0 + 5), scan(), ended(T0 + 1), ended(T0 + 9, { accountId: B }), ended(T0 + 2), ended(T0 + 3, { state: 'FAILED' }), scan(), ended(T0 + 4)];
    await insert(jobs);
    const points = ['arn:rp:1', 'arn:rp:3', 'arn:rp:0', 'arn:rp:none'];
    assert.deepEqual(notes(await t.both((s) => s.endedForPoints(SCOPE, points))), ['record 1', 'record 3', 'record 5', 'record 8']);
    assert.deepEqual(notes(await t.both((s) => s.endedForPoints(SCOPE, ['arn:rp:2']))), ['record 6']);
    await t.both((s) => s.endedForPoints(SCOPE, []));
    const resource = jobs[1]!.resourceArn;
    const of = (states: string[], before: number | undefined, limit: number): Promise<string[]> =>
      t.both(async (s) => (await s.ofResource(SCOPE, resource, states, before, limit)).map((r) => `${r.seq} ${r.job.state}`));
    assert.deepEqual(await of(['COMPLETED'], undefined, 10), ['8 COMPLETED', '5 COMPLETED']);
    assert.deepEqual(await of(['COMPLETED', 'RUNNING', 'FAILED'], undefined, 10), ['8 COMPLETED', '5 COMPLETED', '2 RUNNING']);
    assert.deepEqual(await of(['COMPLETED', 'RUNNING'], 8, 1), ['5 COMPLETED']);
    assert.deepEqual(await of(['RUNNING'], 8, 1), ['2 RUNNING']);
    assert.deepEqual(await of(['COMPLETED', 'RUNNING'], undefined, -1), ['8 COMPLETED', '5 COMPLETED', '2 RUNNING']);
    await t.both((s) => s.ofResource(SCOPE, resource, [], undefined, 10));
  });

  it('answers due jobs earliest first (ties in creation order), counts by bucket, and the Regions of an account in order', async () => {
    const jobs = [T0 + 30, T0 + 10, undefined, T0 + 10, T0 + 20].map((dueAt, i) =>
      scan({ dueAt, region: ['us-east-1', 'eu-west-1', 'ap-south-1', 'us-east-1', 'eu-west-1'][i]! }),
    );
    jobs.push(...Array.from({ length: 20 }, (_, i) => (i % 3 ? ended(T0 + i, { creationDate: T0 + i * 5 * HOUR }) : scan({ creationDate: T0 + i * 5 * HOUR, accountId: B }))));
    await insert(jobs);
    assert.equal(await t.both((s) => s.nextDue()), T0 + 10);
    assert.deepEqual(notes(await t.both((s) => s.due(T0 + 20, 10))), ['record 2', 'record 4', 'record 5']);
    assert.deepEqual(notes(await t.both((s) => s.due(T0 + 30, 2))), ['record 2', 'record 4']);
    assert.deepEqual(notes(await t.both((s) => s.due(T0 + 30, -1))), ['record 2', 'record 4', 'record 5', 'record 1']);
    const sorted = <R>(rows: R[]): R[] => rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as R);
    for (const account of [undefined, A, B]) {
      const rows = await t.both(async (s) => sorted(await s.counts('us-east-1', account, T0 + 10 * HOUR, T0 + 90 * HOUR, 24 * HOUR)), `account ${account}`);
      assert.ok(rows.length >= 2 && rows.some((r) => r.bucket > 0), `account ${account}`);
      // Account A's jobs in the window have all ended (a result each); B's are all open (none).
      assert.equal(rows.some((r) => r.scanResult === null), account !== A, `account ${account}`);
    }
    assert.deepEqual(await t.both((s) => s.regionsOf(A)), ['ap-south-1', 'eu-west-1', 'us-east-1']);
    assert.deepEqual(await t.both((s) => s.regionsOf(B)), ['us-east-1']);
    assert.deepEqual(await t.both((s) => s.regionsOf('333333333333')), []);
  });

  it('reads ended jobs in (completion, seq) batches and open ones in seq batches, for audit reports', async () => {
    const jobs = [
      ended(T0 + 50), ended(T0 + 20), scan(), ended(T0 + 20), ended(T0 + 5), scan({ creationDate: T0 + 100 * HOUR }), ended(T0 + 20),
      ended(T0 + 70, { creationDate: T0 + 100 * HOUR }), scan(), ended(T0 + 30, { accountId: B }), scan(),
    ];
    await insert(jobs);
    const endedBatches = async (from: number, to: number, limit: number): Promise<string[][]> => {
      const batches: string[][] = [];
      let position: ScanJobEndPosition | undefined;
      for (;;) {
        const { jobs: batch, last } = await t.both((s) => s.endedSince(SCOPE, from, to, position, limit), `after ${JSON.stringify(position)}`);
        if (batch.length === 0) return batches;
        batches.push(notes(batch));
        position = last;
      }
    };
    assert.deepEqual(await endedBatches(T0 + 10, T0 + 50 * HOUR, 2), [['record 2', 'record 4'], ['record 7', 'record 1']]);
    assert.deepEqual(await endedBatches(T0, T0 + 200 * HOUR, -1), [['record 5', 'record 2', 'record 4', 'record 7', 'record 1', 'record 8']]);
    const openBatches = async (to: number, limit: number): Promise<string[][]> => {
      const batches: string[][] = [];
      for (let after = 0; ;) {
        const { jobs: batch, lastSeq } = await t.both((s) => s.openBefore(SCOPE, to, after, limit), `after ${after}`);
        if (batch.length === 0) return batches;
        batches.push(notes(batch));
        after = lastSeq!;
      }
    };
    assert.deepEqual(await openBatches(T0 + 50 * HOUR, 2), [['record 3', 'record 9'], ['record 11']]);
    assert.deepEqual(await openBatches(T0 + 200 * HOUR, -1), [['record 3', 'record 6', 'record 9', 'record 11']]);
  });

  it('deletes the ended jobs of deleted points, oldest first (ties in creation order), up to the limit', async () => {
    const jobs = [ended(T0 + 20), ended(T0 + 10), scan(), ended(T0 + 20), ended(T0 + 5), ended(T0 + 20, { accountId: B }), ended(T0 + 1)];
    await insert(jobs);
    assert.equal(await t.both((s) => s.oldestGone()), undefined);
    // Points 0, 1 and 2 of account A (job 7, of point 3, stays: its point lives on; job 6 is B's).
    await t.both((s) => s.pointsGone([
      { ...SCOPE, arn: 'arn:rp:1' }, { ...SCOPE, arn: 'arn:rp:2' }, { ...SCOPE, arn: 'arn:rp:1' }, { ...SCOPE, arn: 'arn:rp:0' },
      { accountId: B, region: 'eu-west-1', arn: 'arn:rp:2' },
    ]));
    await t.both((s) => s.pointsGone([]));
    assert.equal(await t.both((s) => s.oldestGone()), T0 + 5);
    assert.equal(await t.both((s) => s.deleteGone(T0 + 20, 3)), 3);
    const left = (): Promise<string[]> => t.both(async (s) => notes((await s.list({ region: 'us-east-1' }, 0, -1)).map((r) => r.job)));
    assert.deepEqual(await left(), ['record 3', 'record 4', 'record 6', 'record 7']);
    assert.equal(await t.both((s) => s.deleteGone(T0 + 15, 10)), 0);
    assert.equal(await t.both((s) => s.deleteGone(T0 + 20, -1)), 1);
    assert.deepEqual(await left(), ['record 3', 'record 6', 'record 7']);
    assert.equal(await t.both((s) => s.oldestGone()), undefined);
  });
});
