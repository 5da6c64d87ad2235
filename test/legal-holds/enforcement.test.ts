import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { START } from './fake-recovery-points.js';
import { setup } from './setup.js';

const DAY_S = 86_400;
const STACK = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app/1';

describe('legal hold enforcement (service level, fake recovery points)', () => {
  it('refuses every kind of removal of a held point, naming the hold; an unheld point goes', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-held', vaultName: 'v1' });
    s.rps.add({ arn: 'rp-free', vaultName: 'v2' });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd', RecoveryPointSelection: { VaultNames: ['v1'] } }, s.ctx());
    await s.advance(1);
    // DeleteRecoveryPoint answers AWS's text, which names no hold (docs/error-messages.md).
    assert.equal(await s.rps.remove('rp-held', 'delete'), 'The recovery point cannot be deleted because it has active legal hold(s)');
    for (const kind of ['disassociate', 'disassociate-from-parent', 'lifecycle-delete'] as const) {
      const reason = await s.rps.remove('rp-held', kind);
      assert.match(reason ?? '', new RegExp(`^Recovery point rp-held cannot be .* because it is under legal hold ${hold.LegalHoldId}\\.`), kind);
    }
    assert.equal(await s.rps.remove('rp-free'), undefined);
    assert.ok(s.rps.points.has('rp-held'));
    assert.ok(!s.rps.points.has('rp-free'));
    await s.close();
  });

  it('protects while the hold is still CREATING, including children of a selected parent', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-a', vaultName: 'v1' });
    s.rps.add({ arn: 'rp-stack', vaultName: 'v9', resourceArn: STACK, isParent: true });
    s.rps.add({ arn: 'rp-child', vaultName: 'v9', parentRecoveryPointArn: 'rp-stack' });
    s.rps.add({ arn: 'rp-late', vaultName: 'v1', creationDate: START + 1 });
    const byVault = await s.h.CreateLegalHold({ Title: 't', Description: 'd', RecoveryPointSelection: { VaultNames: ['v1'], ResourceIdentifiers: ['arn:aws:ec2:us-east-1:111111111111:volume/vol-1'] } }, s.ctx());
    const byStack = await s.h.CreateLegalHold({ Title: 't', Description: 'd', RecoveryPointSelection: { ResourceIdentifiers: [STACK] } }, s.ctx());
    assert.equal((await s.h.GetLegalHold({ LegalHoldId: byVault.LegalHoldId }, s.ctx())).Status, 'CREATING');
    assert.match((await s.rps.remove('rp-a', 'disassociate')) ?? '', new RegExp(byVault.LegalHoldId!));
    assert.match((await s.rps.remove('rp-child', 'disassociate-from-parent')) ?? '', new RegExp(byStack.LegalHoldId!));
    // Created after the hold: not covered.
    assert.equal(await s.rps.remove('rp-late'), undefined);
    await s.close();
  });

  it('keeps a point under several holds until the last one is cancelled', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-a' });
    const first = await s.h.CreateLegalHold({ Title: 'first', Description: 'd' }, s.ctx());
    const second = await s.h.CreateLegalHold({ Title: 'second', Description: 'd', RecoveryPointSelection: { VaultNames: ['v1'] } }, s.ctx());
    await s.advance(1);
    await s.h.CancelLegalHold({ LegalHoldId: first.LegalHoldId, CancelDescription: 'one down' }, s.ctx());
    assert.match((await s.rps.remove('rp-a', 'disassociate')) ?? '', new RegExp(`legal hold ${second.LegalHoldId}`));
    await s.advance(1);
    assert.deepEqual(s.rps.released, [], 'still held by the second hold: nothing released');
    // Protection ends with CancelLegalHold itself (CANCELING no longer protects).
    await s.h.CancelLegalHold({ LegalHoldId: second.LegalHoldId, CancelDescription: 'all done' }, s.ctx());
    assert.equal((await s.h.GetLegalHold({ LegalHoldId: second.LegalHoldId }, s.ctx())).Status, 'CANCELING');
    assert.equal(await s.rps.remove('rp-a'), undefined);
    await s.close();
  });

  it('makes the lifecycle wait, then deletes overdue points at the next engine pass after the last cancel', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-one', vaultName: 'v1', deleteAt: START + DAY_S * 1000 });
    s.rps.add({ arn: 'rp-two', vaultName: 'v2', deleteAt: START + DAY_S * 1000 });
    s.rps.add({ arn: 'rp-free', vaultName: 'v3', deleteAt: START + DAY_S * 1000 });
    const a = await s.h.CreateLegalHold({ Title: 'a', Description: 'd', RecoveryPointSelection: { VaultNames: ['v1', 'v2'] } }, s.ctx());
    const b = await s.h.CreateLegalHold({ Title: 'b', Description: 'd', RecoveryPointSelection: { VaultNames: ['v2'] } }, s.ctx());
    await s.advance(3 * DAY_S);
    assert.deepEqual(s.rps.lifecycleDeleted, [{ arn: 'rp-free', at: START + DAY_S * 1000 }]);
    assert.ok(s.rps.points.get('rp-one')?.lifecycleBlocked);
    assert.ok(s.rps.points.get('rp-two')?.lifecycleBlocked);

    const cancelAt = s.deps.clock.nowMs();
    await s.h.CancelLegalHold({ LegalHoldId: a.LegalHoldId, CancelDescription: 'a done' }, s.ctx());
    await s.advance(1);
    assert.deepEqual(s.rps.released, [['rp-one']], 'rp-two is still under hold b');
    assert.deepEqual(s.rps.lifecycleDeleted.map((d) => d.arn), ['rp-free', 'rp-one']);
    assert.equal(s.rps.lifecycleDeleted[1]!.at, cancelAt, 'deleted at the pass right after the cancellation');
    assert.equal((await s.h.GetLegalHold({ LegalHoldId: a.LegalHoldId }, s.ctx())).Status, 'CANCELED');
    await s.advance(DAY_S);
    assert.ok(s.rps.points.has('rp-two'));

    await s.h.CancelLegalHold({ LegalHoldId: b.LegalHoldId, CancelDescription: 'b done' }, s.ctx());
    await s.advance(1);
    assert.deepEqual(s.rps.released, [['rp-one'], ['rp-two']]);
    assert.ok(!s.rps.points.has('rp-two'));
    await s.close();
  });

  it('releases by selection a hold cancelled before it became ACTIVE', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-a', deleteAt: START - 1 });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd' }, s.ctx());
    // The recovery-point domain's lifecycle pass runs while the hold is CREATING.
    await s.rps.run(s.deps.clock.nowMs());
    assert.ok(s.rps.points.get('rp-a')?.lifecycleBlocked);
    await s.h.CancelLegalHold({ LegalHoldId: hold.LegalHoldId, CancelDescription: 'mistake' }, s.ctx());
    await s.advance(1);
    assert.deepEqual(s.rps.released, [['rp-a']]);
    assert.ok(!s.rps.points.has('rp-a'));
    const listed = await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId }, s.ctx());
    assert.deepEqual(listed.RecoveryPoints, [], 'a hold cancelled while CREATING never covered anything');
    await s.close();
  });

  it('finds the protecting hold with one index seek', async () => {
    const s = setup();
    // The very statement SqliteLegalHoldStore.protectingHold runs.
    const source = (s.service.holds as any).s.protecting.source as string;
    const plan = s.deps.store.db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(1, 'p', 'a', 'r') as { detail: string }[];
    const details = plan.map((p) => p.detail).join('\n');
    assert.match(details, /SEARCH p USING INDEX legal_hold_points_by_point \(point_hash=\? AND active=\?\)/);
    assert.match(details, /SEARCH h USING INTEGER PRIMARY KEY/);
    assert.doesNotMatch(details, /SCAN/);
    const due = s.deps.store.db.prepare('EXPLAIN QUERY PLAN SELECT MIN(due_at) FROM legal_holds WHERE due_at IS NOT NULL').all() as { detail: string }[];
    assert.match(due.map((p) => p.detail).join('\n'), /legal_holds_due/);
    await s.close();
  });
});
