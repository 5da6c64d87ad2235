/** JobsStore: the SQLite and PostgreSQL repositories give the same answers, step by step. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { JobColumns, JobFilter, JobKind, JobsStore } from '../../src/store/repos/jobs-store.js';
import { PgJobsStore } from '../../src/store/postgres/jobs-store.js';
import { heavyMigrations } from '../../src/store/postgres/migrations/heavy.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { migratedPoolSql, twins, withoutPostgres, type PoolSql, type Twins } from '../helpers/pg-sql.js';

const A = '111111111111';
const B = '222222222222';
const T0 = 1_750_000_000_000;
const HOUR = 3_600_000;

let n = 0;
function job(kind: JobKind, over: Partial<JobColumns> = {}): JobColumns & { note: string } {
  n++;
  return {
    kind,
    id: `${kind}-${n}`,
    accountId: A,
    region: 'us-east-1',
    state: 'CREATED',
    resourceArn: `arn:aws:dynamodb:us-east-1:${A}:table/t${n % 3}`,
    resourceType: n % 2 ? 'DynamoDB' : 'EBS',
    vault: `vault-${n % 2}`,
    creationDate: T0 + n * HOUR,
    note: `record ${n}`,
    ...over,
  };
}

describe('JobsStore contract: SQLite and PostgreSQL', { skip: withoutPostgres() }, () => {
  let pg: PoolSql;
  let sqlite: SqliteStore;
  let t: Twins<JobsStore>;
  before(async () => {
    pg = await migratedPoolSql(heavyMigrations);
  });
  after(async () => {
    await pg?.close();
  });
  beforeEach(async () => {
    n = 0;
    await sqlite?.close();
    sqlite = new SqliteStore({ inMemory: true });
    await pg.pool.query('TRUNCATE jobs, resource_restores RESTART IDENTITY');
    t = twins(sqlite.jobs, new PgJobsStore(pg));
  });
  const insert = (jobs: JobColumns[]): Promise<void> => t.both(async (s) => { for (const j of jobs) await s.insert(j); });

  it('inserts, gets by kind and id or idempotency token, and updates the mutable columns (the last of a repeated job wins)', async () => {
    const a = job('backup', { idempotencyToken: 'tok', dueAt: T0 });
    const b = job('copy', { sourceRecoveryPointArn: 'arn:rp:1', parentJobId: 'p', isParent: false });
    await insert([a, b]);
    assert.deepEqual(await t.both((s) => s.get('backup', a.id)), a);
    await t.both((s) => s.get('copy', a.id), 'another kind');
    await t.both((s) => s.get('backup', 'nope'));
    assert.deepEqual(await t.both((s) => s.byIdempotencyToken('backup', a, 'tok')), a);
    await t.both((s) => s.byIdempotencyToken('backup', { accountId: B, region: a.region }, 'tok'), 'another account');
    await t.both((s) => s.byIdempotencyToken('copy', a, 'tok'), 'another kind');

    const a1 = { ...a, state: 'RUNNING', dueAt: T0 + 5 };
    const a2 = { ...a, state: 'COMPLETED', completionDate: T0 + 9, messageCategory: 'SUCCESS', dueAt: undefined, isParent: true };
    await t.both((s) => s.update([a1, { ...b, state: 'RUNNING' }, a2, job('backup')]));
    assert.deepEqual(await t.both((s) => s.get('backup', a.id)), JSON.parse(JSON.stringify(a2)));
    const byState = (state: string): Promise<string[]> =>
      t.both(async (s) => (await s.list({ kind: 'backup', region: 'us-east-1', accountId: A, state }, 0, -1)).map((r) => r.job.id));
    assert.deepEqual(await byState('COMPLETED'), [a.id]);
    assert.deepEqual(await byState('RUNNING'), []);
    await t.both((s) => s.list({ kind: 'backup', region: 'us-east-1', messageCategory: 'SUCCESS', completeAfter: T0 + 9 }, 0, 10));
    // The vault is fixed at insert: an update that names another leaves the column (the record says what it was given).
    await t.both((s) => s.update([{ ...a2, vault: 'elsewhere' }]));
    assert.deepEqual(await t.both(async (s) => (await s.list({ kind: 'backup', region: 'us-east-1', vault: 'elsewhere' }, 0, -1)).length), 0);
    assert.deepEqual(await t.both(async (s) => (await s.list({ kind: 'backup', region: 'us-east-1', vault: a.vault }, 0, -1)).map((r) => r.job.vault)), ['elsewhere']);
    assert.equal(await t.both((s) => s.nextDue()), undefined);
    await t.both((s) => s.update([]));
    await t.both((s) => s.update([a2, a1, a2, a1]));
    assert.deepEqual(await t.both((s) => s.get('backup', a.id)), a1);
  });

  it('lists by every filter member, in creation order, page by page (keyset on seq), and -1 as no limit', async () => {
    const jobs: JobColumns[] = [];
    for (let i = 0; i < 24; i++) {
      const kind: JobKind = i % 4 === 3 ? 'restore' : 'backup';
      const ended = i % 3 === 0;
      jobs.push(job(kind, {
        accountId: i % 5 === 4 ? B : A,
        region: i % 7 === 6 ? 'eu-west-1' : 'us-east-1',
        state: ended ? 'COMPLETED' : 'RUNNING',
        sourceRecoveryPointArn: i % 2 ? `arn:rp:${i % 4}` : undefined,
        messageCategory: ended ? (i % 2 ? 'SUCCESS' : 'ACCESS_DENIED') : undefined,
        completionDate: ended ? T0 + i * HOUR + 30 : undefined,
        recoveryPointCreationDate: kind === 'restore' ? T0 - i : undefined,
        planArn: i % 4 === 3 ? 'arn:plan:x' : undefined,
        parentJobId: i % 6 === 1 ? 'parent-1' : undefined,
      }));
    }
    await insert(jobs);
    const filters: JobFilter[] = [
      { kind: 'backup', region: 'us-east-1' },
      { kind: 'backup', region: 'us-east-1', accountId: A },
      { kind: 'restore', region: 'us-east-1', accountId: A },
      { kind: 'backup', region: 'eu-west-1' },
      { kind: 'backup', region: 'us-east-1', accountId: A, state: 'RUNNING' },
      { kind: 'backup', region: 'us-east-1', accountId: A, resourceArn: jobs[0]!.resourceArn },
      { kind: 'backup', region: 'us-east-1', accountId: A, resourceType: 'EBS' },
      { kind: 'backup', region: 'us-east-1', accountId: A, vault: 'vault-1' },
      { kind: 'backup', region: 'us-east-1', accountId: A, sourceRecoveryPointArn: 'arn:rp:1' },
      { kind: 'backup', region: 'us-east-1', accountId: A, messageCategory: 'SUCCESS' },
      { kind: 'backup', region: 'us-east-1', accountId: A, parentJobId: 'parent-1' },
      { kind: 'restore', region: 'us-east-1', accountId: A, planArn: 'arn:plan:x' },
      { kind: 'backup', region: 'us-east-1', createdAfter: T0 + 5 * HOUR, createdBefore: T0 + 15 * HOUR },
      { kind: 'backup', region: 'us-east-1', completeAfter: T0 + 3 * HOUR, completeBefore: T0 + 20 * HOUR },
      { kind: 'restore', region: 'us-east-1', rpCreatedAfter: T0 - 20, rpCreatedBefore: T0 - 5 },
      { kind: 'backup', region: 'us-east-1', accountId: A, endedAfter: T0 + 10 * HOUR },
      { kind: 'backup', region: 'us-east-1', accountId: A, state: 'COMPLETED', vault: 'vault-0', endedAfter: T0 },
    ];
    for (const f of filters) {
      const all = await t.both((s) => s.list(f, 0, -1), JSON.stringify(f));
      assert.ok(all.length > 0, `the data set matches ${JSON.stringify(f)}`);
      const paged: unknown[] = [];
      for (let after = 0; ;) {
        const page = await t.both((s) => s.list(f, after, 2), `page after ${after} of ${JSON.stringify(f)}`);
        paged.push(...page);
        if (page.length < 2) break;
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(paged, all);
    }
    await t.both((s) => s.list({ kind: 'copy', region: 'us-east-1' }, 0, 10));
    await t.both((s) => s.list({ kind: 'backup', region: 'us-east-1' }, 0, 0));
  });

  it('answers due jobs earliest first (ties in creation order) up to the limit, and the next due time', async () => {
    const jobs = [T0 + 30, T0 + 10, T0 + 30, undefined, T0 + 20, T0 + 10].map((dueAt, i) => job(i % 2 ? 'copy' : 'backup', { dueAt }));
    await insert(jobs);
    assert.equal(await t.both((s) => s.nextDue()), T0 + 10);
    const ids = (limit: number, now = T0 + 30): Promise<string[]> => t.both(async (s) => (await s.due(now, limit)).map((j) => j.id));
    assert.deepEqual(await ids(10), ['copy-2', 'copy-6', 'backup-5', 'backup-1', 'backup-3']);
    assert.deepEqual(await ids(2), ['copy-2', 'copy-6']);
    assert.deepEqual(await ids(-1, T0 + 20), ['copy-2', 'copy-6', 'backup-5']);
    assert.deepEqual(await ids(10, T0), []);
  });

  it("answers a resource's running backup jobs that do work (no composite parent), in creation order, up to the limit", async () => {
    const arn = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1';
    await insert([
      job('backup', { resourceArn: arn, state: 'RUNNING' }),
      job('backup', { resourceArn: arn, state: 'RUNNING', isParent: true }),
      job('backup', { resourceArn: arn, state: 'CREATED' }),
      job('copy', { resourceArn: arn, state: 'RUNNING' }),
      job('backup', { resourceArn: arn, state: 'RUNNING', accountId: B }),
      job('backup', { resourceArn: arn, state: 'RUNNING' }),
    ]);
    const ids = (limit: number): Promise<string[]> => t.both(async (s) => (await s.runningBackups({ accountId: A, region: 'us-east-1' }, arn, limit)).map((j) => j.id));
    assert.deepEqual(await ids(5), ['backup-1', 'backup-6']);
    assert.deepEqual(await ids(1), ['backup-1']);
    assert.deepEqual(await ids(0), []);
    // The batch form: each resource's answer, in the order asked, as runningBackups gives it.
    const other = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-2';
    const asked = [
      { accountId: A, region: 'us-east-1', resourceArn: other },
      { accountId: A, region: 'us-east-1', resourceArn: arn },
      { accountId: B, region: 'us-east-1', resourceArn: arn },
    ];
    const batch = (limit: number): Promise<string[][]> => t.both(async (s) => (await s.runningBackupsOf(asked, limit)).map((l) => l.map((j) => j.id)));
    assert.deepEqual(await batch(5), [[], ['backup-1', 'backup-6'], ['backup-5']]);
    assert.deepEqual(await batch(1), [[], ['backup-1'], ['backup-5']]);
    assert.deepEqual(await t.both((s) => s.runningBackupsOf([], 5)), []);
  });

  it('inserts a batch in order, as one insert per job would (insertAll)', async () => {
    const batch = [job('backup'), job('copy', { state: 'RUNNING' }), job('backup', { isParent: true })];
    await t.both((s) => s.insertAll(batch));
    await t.both((s) => s.insertAll([]));
    const listed = await t.both(async (s) => (await s.list({ kind: 'backup', accountId: A, region: 'us-east-1' }, 0, -1)).map((r) => r.job.id));
    assert.deepEqual(listed, [batch[0]!.id, batch[2]!.id]);
    assert.deepEqual(await t.both((s) => s.get('copy', batch[1]!.id)), batch[1]);
  });

  it('counts children by state and jobs by account, state, type, category and time bucket', async () => {
    const jobs: JobColumns[] = [];
    for (let i = 0; i < 30; i++) {
      jobs.push(job(i % 5 === 0 ? 'copy' : 'backup', {
        accountId: i % 4 === 0 ? B : A,
        state: ['COMPLETED', 'FAILED', 'RUNNING'][i % 3]!,
        messageCategory: i % 3 === 2 ? undefined : ['SUCCESS', 'ACCESS_DENIED'][i % 2],
        parentJobId: i < 10 ? 'parent' : undefined,
        creationDate: T0 + i * 7 * HOUR,
      }));
    }
    await insert(jobs);
    assert.deepEqual(await t.both((s) => s.childStates('backup', { accountId: A, region: 'us-east-1' }, 'parent')), { COMPLETED: 3, FAILED: 2, RUNNING: 1 });
    await t.both((s) => s.childStates('backup', { accountId: A, region: 'us-east-1' }, 'none'));
    const sorted = <R>(rows: R[]): R[] => rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as R);
    for (const account of [undefined, A, B]) {
      const rows = await t.both(async (s) => sorted(await s.counts('backup', 'us-east-1', account, T0 + 24 * HOUR, T0 + 150 * HOUR, 24 * HOUR)), `account ${account}`);
      assert.ok(rows.length > 3 && rows.some((r) => r.messageCategory === null) && rows.some((r) => r.bucket > 0));
      assert.equal(typeof rows[0]!.count, 'number');
    }
  });

  it('deletes ended jobs oldest first (ties in creation order) with their child jobs, up to the limit, counting parents only', async () => {
    const parent = job('backup', { state: 'COMPLETED', completionDate: T0 + 50, isParent: true });
    const children = [0, 1].map(() => job('backup', { state: 'COMPLETED', completionDate: T0 + 40, parentJobId: parent.id }));
    const otherChild = job('backup', { state: 'COMPLETED', completionDate: T0 + 10, parentJobId: 'someone-else' });
    const plain = [T0 + 50, T0 + 20, T0 + 90, undefined].map((completionDate) => job('copy', { completionDate, state: completionDate ? 'COMPLETED' : 'RUNNING' }));
    const restore = job('restore', { state: 'COMPLETED', completionDate: T0 + 50 });
    await insert([parent, ...children, otherChild, ...plain, restore]);
    assert.equal(await t.both((s) => s.oldestEnded()), T0 + 20);
    assert.equal(await t.both((s) => s.deleteEnded(T0 + 50, 2)), 2);
    const left = (): Promise<string[]> =>
      t.both(async (s) => {
        const ids: string[] = [];
        for (const kind of ['backup', 'copy', 'restore'] as const) ids.push(...(await s.list({ kind, region: 'us-east-1' }, 0, -1)).map((r) => r.job.id));
        return ids;
      });
    // copy-6 (T0+20), then the first of the T0+50 ties: not the parent (is_parent orders ties first, as SQLite's jobs_ended).
    assert.deepEqual(await left(), [parent.id, ...children.map((c) => c.id), otherChild.id, 'copy-7', 'copy-8', restore.id]);
    assert.equal(await t.both((s) => s.oldestEnded()), T0 + 50);
    assert.equal(await t.both((s) => s.deleteEnded(T0 + 100, -1)), 3);
    // The parent went with its children; the child of another parent stays (it is not in the batch).
    assert.deepEqual(await left(), [otherChild.id, 'copy-8']);
    assert.equal(await t.both((s) => s.oldestEnded()), undefined);
    assert.equal(await t.both((s) => s.deleteEnded(T0 + 100, 10)), 0);
  });

  it('answers every account and Region with jobs of any kind, each counted up to the cap per kind', async () => {
    assert.deepEqual(await t.both((s) => s.scopes(3)), []);
    await insert([
      ...Array.from({ length: 4 }, () => job('backup')),
      job('copy'),
      job('restore', { region: 'eu-west-1' }),
      job('backup', { region: 'eu-west-1' }),
      job('backup', { accountId: B }),
      job('copy', { accountId: B }),
    ]);
    assert.deepEqual(await t.both((s) => s.scopes(3)), [
      { accountId: A, region: 'eu-west-1', jobs: 2, capped: false },
      { accountId: A, region: 'us-east-1', jobs: 4, capped: true },
      { accountId: B, region: 'us-east-1', jobs: 2, capped: false },
    ]);
    assert.deepEqual((await t.both((s) => s.scopes(10)))[1], { accountId: A, region: 'us-east-1', jobs: 5, capped: false });
  });

  it("keeps each resource's latest completed restore (by creation, then completion; ties to the later) beyond the jobs", async () => {
    const arn = 'arn:aws:s3:::bucket';
    const restore = (creationDate: number, completionDate: number): JobColumns =>
      job('restore', { resourceArn: arn, state: 'COMPLETED', creationDate, completionDate, recoveryPointCreationDate: creationDate - 5 });
    const scope = { accountId: A, region: 'us-east-1' };
    const note = (jobs: JobColumns[]): Promise<void> => t.both((s) => s.noteRestores(jobs));
    await note([restore(T0 + 10, T0 + 20), restore(T0 + 30, T0 + 40), restore(T0 + 30, T0 + 40), restore(T0 + 20, T0 + 90)]);
    assert.deepEqual(await t.both((s) => s.latestRestore(scope, arn)), { jobId: 'restore-3', creationDate: T0 + 30, completionDate: T0 + 40, recoveryPointCreationDate: T0 + 25 });
    await note([restore(T0 + 30, T0 + 35), restore(T0 + 5, T0 + 99)]);
    assert.equal((await t.both((s) => s.latestRestore(scope, arn)))?.jobId, 'restore-3');
    await note([restore(T0 + 30, T0 + 40), job('restore', { state: 'COMPLETED', completionDate: T0, recoveryPointCreationDate: T0 })]);
    assert.equal((await t.both((s) => s.latestRestore(scope, arn)))?.jobId, 'restore-7');
    await t.both((s) => s.latestRestore({ accountId: B, region: 'us-east-1' }, arn));
    await t.both((s) => s.noteRestores([]));
  });
});
