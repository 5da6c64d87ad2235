/**
 * The PostgreSQL repositories of legal holds, audit (schedule and report jobs), restore testing,
 * restore access vaults and vault creations, through their interfaces, against a real cluster.
 * (Jobs, recovery points, scan jobs and backup indexes: test/store/*.contract.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IndexedReportJob } from '../../src/store/repos/audit-store.js';
import type { LegalHoldRecord } from '../../src/store/repos/legal-hold-store.js';
import type { RestoreAccessLink } from '../../src/store/repos/restore-access-store.js';
import { openPgStore, type PgStore } from '../../src/store/postgres/pg-store.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';

const A = { accountId: '111111111111', region: 'us-east-1' };
const B = { accountId: '111111111111', region: 'eu-west-1' };

const hold = (id: string, extra: Partial<LegalHoldRecord> = {}): LegalHoldRecord => ({
  id, arn: `arn:aws:backup:us-east-1:111111111111:legal-hold:${id}`, title: id, description: '', status: 'CREATING',
  creationDate: 1, requestFingerprint: id, ...extra,
});
const point = (n: number) => ({ pointArn: `arn:rp:${n}`, vaultName: 'v', resourceArn: `arn:res:${n}`, resourceType: 'EBS' });

describe('PostgreSQL repositories', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let store: PgStore;
  before(async () => {
    store = await openPgStore({ url: await freshDatabase() });
  });
  after(() => store?.close());
  beforeEach(() => store.reset());

  it('legal holds: records, tokens, counts, due times, and the points each protects', async () => {
    const h = store.legalHolds;
    await h.insert(A, hold('h1', { idempotencyToken: 'tok' }), 50);
    await h.insert(A, hold('h2', { retainRecordUntil: 100 }), null);
    await h.insert(B, hold('h3', { status: 'ACTIVE' }), 20);
    assert.equal((await h.get(A, 'h1'))?.title, 'h1');
    assert.equal(await h.get(B, 'h1'), undefined);
    assert.equal((await h.byIdempotencyToken(A, 'tok'))?.id, 'h1');
    const listed = await h.list(A, { afterSeq: 0, limit: 10, visibleAt: 100 });
    assert.deepEqual(listed.map((r) => r.doc.id), ['h1'], 'a hold whose record is no longer retained is not listed');
    assert.deepEqual((await h.list(A, { afterSeq: 0, limit: 10, visibleAt: 99 })).map((r) => r.doc.id), ['h1', 'h2']);
    assert.deepEqual((await h.list(A, { afterSeq: listed[0]!.seq, limit: 10, visibleAt: 0 })).map((r) => r.doc.id), ['h2']);
    assert.equal(await h.countInAccount(A.accountId, ['CREATING', 'ACTIVE']), 3);
    assert.equal(await h.countInAccount(A.accountId, ['ACTIVE']), 1);
    assert.deepEqual((await h.withStatus(A, 'CREATING')).map((x) => x.id), ['h1', 'h2']);
    assert.equal(await h.nextDue(), 20);
    assert.deepEqual((await h.due(50, 10)).map((d) => [d.hold.id, d.dueAt, d.region]), [['h3', 20, 'eu-west-1'], ['h1', 50, 'us-east-1']]);
    await h.update(A, hold('h1', { status: 'ACTIVE' }), null);
    assert.equal(await h.nextDue(), 20);

    await h.attach(A, 'h1', [point(1), point(2), point(3)]);
    await h.attach(A, 'h2', [point(2)]);
    assert.equal(await h.protectingHold(A, 'arn:rp:1'), 'h1');
    assert.equal(await h.protectingHold(B, 'arn:rp:1'), undefined);
    const first = await h.points('h1', 0, 2);
    assert.deepEqual(first.map((p) => p.pointArn), ['arn:rp:1', 'arn:rp:2']);
    assert.deepEqual((await h.points('h1', first[1]!.position, 10)).map((p) => p.resourceArn), ['arn:res:3']);
    await h.deactivate('h1');
    assert.equal(await h.protectingHold(A, 'arn:rp:1'), undefined);
    assert.equal(await h.protectingHold(A, 'arn:rp:2'), 'h2');
    assert.deepEqual((await h.unprotectedPoints('h1', 0, 10)).map((p) => p.pointArn), ['arn:rp:1', 'arn:rp:3']);
    await h.delete(A, 'h2');
    assert.equal(await h.get(A, 'h2'), undefined);
    assert.equal(await h.protectingHold(A, 'arn:rp:2'), undefined);
    await assert.rejects(h.attach(A, 'nope', [point(9)]), /No legal hold nope/);
  });

  it('audit: the step schedule, and report jobs newest first by keyset with filters', async () => {
    const a = store.audit;
    await a.schedule({ kind: 'deploy', ...A, id: 'f1', dueMs: 30 });
    await a.schedule({ kind: 'report', ...A, id: 'p1', dueMs: 10 });
    await a.schedule({ kind: 'deploy', ...A, id: 'f1', dueMs: 5 });
    assert.equal(await a.nextDue(), 5);
    assert.deepEqual((await a.dueSteps(10, 10)).map((s) => [s.kind, s.id, s.dueMs]), [['deploy', 'f1', 5], ['report', 'p1', 10]]);
    await a.unschedule('deploy', A, 'f1');
    assert.deepEqual((await a.dueSteps(100, 10)).map((s) => s.id), ['p1']);

    const job = (id: string, planName: string, status: string, creationTime: number, idempotencyToken?: string): IndexedReportJob =>
      ({ id, ...A, planName, status, creationTime, idempotencyToken });
    await a.insertJob(job('j1', 'plan', 'RUNNING', 100, 't'));
    await a.insertJob(job('j2', 'plan', 'COMPLETED', 200));
    await a.insertJob(job('j3', 'other', 'COMPLETED', 300));
    await a.insertJob({ ...job('j4', 'plan', 'RUNNING', 400), ...B });
    await a.updateJob(job('j1', 'plan', 'FAILED', 100, 't'));
    assert.equal((await a.getJob('j1'))?.status, 'FAILED');
    assert.equal(await a.getJob('none'), undefined);
    assert.equal((await a.findJobByToken(A, 'plan', 't'))?.id, 'j1');
    assert.equal(await a.findJobByToken(A, 'other', 't'), undefined);
    const page = await a.listJobs(A, {}, undefined, 2);
    assert.deepEqual(page.map((r) => r.job.id), ['j3', 'j2']);
    assert.deepEqual((await a.listJobs(A, {}, page[1]!.seq, 10)).map((r) => r.job.id), ['j1']);
    assert.deepEqual((await a.listJobs(A, { planName: 'plan' }, undefined, 10)).map((r) => r.job.id), ['j2', 'j1']);
    assert.deepEqual((await a.listJobs(A, { status: 'COMPLETED', createdAfter: 200 }, undefined, 10)).map((r) => r.job.id), ['j3']);
    assert.deepEqual((await a.listJobs(A, { createdBefore: 200 }, undefined, -1)).map((r) => r.job.id), ['j1']);
  });

  it('restore testing: plan firings and tracked restore jobs', async () => {
    const r = store.restoreTesting;
    await r.setNextFire(A, 'p1', 300);
    await r.setNextFire(B, 'p2', 100);
    await r.setNextFire(A, 'p1', 200);
    assert.equal(await r.earliestFire(), 100);
    assert.equal(await r.nextFireOf(A, 'p1'), 200);
    assert.deepEqual((await r.dueFires(200, 10)).map((f) => [f.planName, f.nextFire]), [['p2', 100], ['p1', 200]]);
    await r.setNextFire(B, 'p2', undefined);
    assert.equal(await r.nextFireOf(B, 'p2'), undefined);
    await r.putJob({ jobId: 'j1', dueAt: 50, data: { step: 1 } });
    await r.putJob({ jobId: 'j2', dueAt: 40, data: { step: 1 } });
    await r.putJob({ jobId: 'j1', dueAt: 30, data: { step: 2 } });
    assert.equal(await r.earliestJobStep(), 30);
    assert.deepEqual(await r.dueJobs(40, 10), [{ jobId: 'j1', dueAt: 30, data: { step: 2 } }, { jobId: 'j2', dueAt: 40, data: { step: 1 } }]);
    assert.deepEqual(await r.getJob('j2'), { jobId: 'j2', dueAt: 40, data: { step: 1 } });
    await r.deleteJob('j2');
    assert.equal(await r.getJob('j2'), undefined);
  });

  it('restore access vaults by source vault and due time; vault creations by due time', async () => {
    const link = (n: number): RestoreAccessLink => ({
      arn: `arn:rav:${n}`, accountId: '222222222222', region: 'us-east-1', name: `rav${n}`,
      source: { ...A, vaultName: 'lag' }, vaultState: 'CREATING', creationDate: n,
    });
    const r = store.restoreAccess;
    assert.equal(await r.hasAny(A, 'lag'), false);
    await r.insert(link(1), 70);
    await r.insert(link(2), 60);
    await r.insert(link(3), null);
    assert.equal(await r.hasAny(A, 'lag'), true);
    assert.equal((await r.get('arn:rav:2'))?.name, 'rav2');
    const first = await r.listBySource(A, 'lag', 0, 2);
    assert.deepEqual(first.map((x) => x.doc.name), ['rav1', 'rav2']);
    assert.deepEqual((await r.listBySource(A, 'lag', first[1]!.seq, 2)).map((x) => x.doc.name), ['rav3']);
    assert.equal(await r.nextDue(), 60);
    await r.update({ ...link(2), vaultState: 'AVAILABLE' }, null);
    assert.deepEqual((await r.due(100, 10)).map((d) => [d.link.name, d.dueAt]), [['rav1', 70]]);
    await r.delete('arn:rav:1');
    assert.equal(await r.nextDue(), undefined);

    const c = store.vaultCreations;
    await c.schedule(A, 'v1', 90);
    await c.schedule(B, 'v2', 80);
    await c.schedule(A, 'v1', 85);
    assert.equal(await c.nextDue(), 80);
    assert.deepEqual(await c.due(85, 10), [{ ...B, name: 'v2', dueAt: 80 }, { ...A, name: 'v1', dueAt: 85 }]);
    await c.remove(B, 'v2');
    assert.deepEqual((await c.due(1000, 10)).map((d) => d.name), ['v1']);
  });
});
