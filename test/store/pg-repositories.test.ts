/**
 * The PostgreSQL repositories of legal holds, audit (schedule and report jobs), restore testing,
 * restore access vaults, vault creations, access points and the event outbox, through their
 * interfaces, against a real cluster.
 * (Jobs, recovery points, scan jobs and backup indexes: test/store/*.contract.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { IndexedReportJob } from '../../src/store/repos/audit-store.js';
import type { AccessPointRecord } from '../../src/store/repos/access-points-store.js';
import type { LegalHoldRecord } from '../../src/store/repos/legal-hold-store.js';
import type { NewOutboxEntry } from '../../src/store/repos/outbox-store.js';
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

  it('access points: by scope, recovery point and resource, counts, due times, deleted rows kept', async () => {
    const ap = (n: number, extra: Partial<AccessPointRecord> = {}): AccessPointRecord => ({
      ...A, arn: `arn:ap:${n}`, name: `ap${n}`, recoveryPointArn: n < 3 ? 'arn:rp:1' : 'arn:rp:2', resourceArn: 'arn:res:1',
      resourceType: 'EBS', vaultName: 'v', vaultArn: 'arn:v', status: 'CREATING', creationTime: n, metadata: {}, requestFingerprint: `f${n}`, ...extra,
    });
    const s = store.accessPoints;
    await s.insert(ap(1), 50);
    await s.insert(ap(2, { status: 'AVAILABLE' }), null);
    await s.insert(ap(3), 40);
    await s.insert({ ...ap(4), ...B }, null);
    assert.equal((await s.get('arn:ap:2'))?.status, 'AVAILABLE');
    const first = await s.list(A, 0, 2);
    assert.deepEqual(first.map((r) => r.doc.name), ['ap1', 'ap2']);
    assert.deepEqual((await s.list(A, first[1]!.seq, 10)).map((r) => r.doc.name), ['ap3']);
    assert.deepEqual((await s.listByRecoveryPoint('arn:rp:1', undefined, 0, 10)).map((r) => r.doc.name), ['ap1', 'ap2']);
    assert.deepEqual((await s.listByRecoveryPoint('arn:rp:2', A.accountId, 0, 10)).map((r) => r.doc.name), ['ap3', 'ap4']);
    assert.deepEqual((await s.listByResource(B, 'arn:res:1', 0, 10)).map((r) => r.doc.name), ['ap4']);
    assert.equal(await s.countInScope(A), 3);
    assert.equal(await s.countForRecoveryPoint(A.accountId, 'arn:rp:1'), 2);
    assert.deepEqual((await s.onRecoveryPoint('arn:rp:1', ['AVAILABLE'])).map((r) => r.name), ['ap1']);
    assert.equal(await s.nextDue(), 40);
    assert.deepEqual((await s.due(50, 10)).map((d) => [d.record.name, d.dueAt]), [['ap3', 40], ['ap1', 50]]);
    await s.update(ap(1, { status: 'DELETING', deletedAt: 60 }), null);
    assert.equal(await s.countInScope(A), 2, 'a deleted access point is not counted');
    assert.equal((await s.get('arn:ap:1'))?.status, 'DELETING', 'its row stays');
    await s.purge('arn:ap:1');
    assert.equal(await s.get('arn:ap:1'), undefined);
  });

  it('the outbox: pending sinks in order, delivery and failure bookkeeping, the filtered log', async () => {
    const entry = (n: number, extra: Partial<NewOutboxEntry> = {}): NewOutboxEntry => ({
      channel: 'eventbridge', target: 'default', ...A, detailType: 'Backup Job State Change', orderKey: `k${n}`,
      resources: [`arn:job:${n}`], time: n, payload: { n }, sinks: ['eventbridge', 'webhook'], ...extra,
    });
    const o = store.outbox;
    await o.append([entry(1), entry(2, { sinks: [], detailType: 'Other' }), entry(3, { ...B })]);
    const pending = await o.pending(10);
    assert.deepEqual(pending.map((e) => [e.payload, e.pending]), [[{ n: 1 }, ['eventbridge', 'webhook']], [{ n: 3 }, ['eventbridge', 'webhook']]]);
    await o.delivered(pending[0]!.seq, 'eventbridge');
    await o.failed(pending[0]!.seq, 'refused', 99);
    const [first] = await o.list({ resource: 'arn:job:1' }, 10);
    assert.deepEqual([first!.pending, first!.delivered, first!.attempts, first!.lastError, first!.nextAttemptAt], [['webhook'], ['eventbridge'], 1, 'refused', 99]);
    await o.delivered(pending[0]!.seq, 'webhook');
    assert.deepEqual((await o.pending(10)).map((e) => e.resources), [['arn:job:3']]);
    assert.deepEqual((await o.list({ since: pending[0]!.seq, accountId: A.accountId }, 10)).map((e) => e.detailType), ['Other', 'Backup Job State Change']);
    assert.deepEqual((await o.list({ detailType: 'Other' }, 10)).map((e) => e.orderKey), ['k2']);
    assert.deepEqual((await o.list({ region: B.region }, 10)).map((e) => e.orderKey), ['k3']);
    await o.clear();
    assert.deepEqual(await o.list({}, 10), []);
  });
});
