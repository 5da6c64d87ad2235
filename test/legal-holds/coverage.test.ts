import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { START } from './fake-recovery-points.js';
import { failure, setup } from './setup.js';

const DAY = 86_400_000;
const VOL1 = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1';
const VOL2 = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-2';
const STACK = 'arn:aws:cloudformation:us-east-1:111111111111:stack/app/1';

describe('legal hold coverage (service level, fake recovery points)', () => {
  it('attaches exactly the matching recovery points when the hold turns ACTIVE', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-a', vaultName: 'v1', resourceArn: VOL1 });
    s.rps.add({ arn: 'rp-b', vaultName: 'v2', resourceArn: VOL1 });
    s.rps.add({ arn: 'rp-c', vaultName: 'v1', resourceArn: VOL2 });
    s.rps.add({ arn: 'rp-d', vaultName: 'v1', resourceArn: VOL1, creationDate: START - 3 * DAY });
    s.rps.add({ arn: 'rp-e', vaultName: 'v1', resourceArn: VOL1, accountId: '222222222222' });
    s.rps.add({ arn: 'rp-f', vaultName: 'v1', resourceArn: VOL1, region: 'us-west-2' });
    const narrow = await s.h.CreateLegalHold(
      {
        Title: 'narrow',
        Description: 'd',
        RecoveryPointSelection: {
          VaultNames: ['v1'],
          ResourceIdentifiers: [VOL1],
          DateRange: { FromDate: new Date(START - 2 * DAY), ToDate: new Date(START) },
        },
      },
      s.ctx(),
    );
    const wide = await s.h.CreateLegalHold({ Title: 'wide', Description: 'd' }, s.ctx());
    const listed = async (id: string) =>
      (await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: id }, s.ctx())).RecoveryPoints!.map((p) => p.RecoveryPointArn);
    assert.deepEqual(await listed(narrow.LegalHoldId!), [], 'nothing is attached while CREATING');
    await s.advance(1);
    assert.equal((await s.h.GetLegalHold({ LegalHoldId: narrow.LegalHoldId }, s.ctx())).Status, 'ACTIVE');
    assert.deepEqual(await listed(narrow.LegalHoldId!), ['rp-a']);
    assert.deepEqual(await listed(wide.LegalHoldId!), ['rp-a', 'rp-b', 'rp-c', 'rp-d']);
    const member = (await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: narrow.LegalHoldId }, s.ctx())).RecoveryPoints![0];
    assert.deepEqual(member, { RecoveryPointArn: 'rp-a', ResourceArn: VOL1, ResourceType: 'EBS', BackupVaultName: 'v1' });
    await s.close();
  });

  it('does not cover recovery points created after the hold (later copies)', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-orig', vaultName: 'v1' });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd', RecoveryPointSelection: { ResourceIdentifiers: [VOL1] } }, s.ctx());
    // A copy of the held point lands after the hold was placed, before the engine attached points.
    s.rps.add({ arn: 'rp-copy', vaultName: 'v2', creationDate: START + 500 });
    await s.advance(1);
    s.rps.add({ arn: 'rp-copy-2', vaultName: 'v3', creationDate: START + 2000 });
    const arns = (await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId }, s.ctx())).RecoveryPoints!.map((p) => p.RecoveryPointArn);
    assert.deepEqual(arns, ['rp-orig']);
    assert.equal(await s.rps.remove('rp-copy'), undefined);
    assert.equal(await s.rps.remove('rp-copy-2'), undefined);
    assert.match((await s.rps.remove('rp-orig', 'disassociate')) ?? '', new RegExp(hold.LegalHoldId!));
    await s.close();
  });

  it('reads the matches in batches, in one pass', async () => {
    const s = setup();
    s.rps.batchSize = 7;
    for (let i = 0; i < 50; i++) s.rps.add({ arn: `rp-${String(i).padStart(2, '0')}` });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd' }, s.ctx());
    await s.advance(1);
    assert.equal(s.rps.forEachCalls, 1);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId, MaxResults: 20, NextToken: token }, s.ctx());
      assert.ok(page.RecoveryPoints!.length <= 20);
      seen.push(...page.RecoveryPoints!.map((p) => p.RecoveryPointArn!));
      token = page.NextToken;
    } while (token);
    assert.equal(seen.length, 50);
    assert.deepEqual(seen, [...seen].sort());
    // A token of one hold is refused for another.
    const other = await s.h.CreateLegalHold({ Title: 'o', Description: 'd' }, s.ctx());
    const page = await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId, MaxResults: 1 }, s.ctx());
    const e = await failure(() => s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: other.LegalHoldId, NextToken: page.NextToken }, s.ctx()));
    assert.equal(e.name, 'InvalidParameterValueException');
    await s.close();
  });

  it('covers the children of a held composite parent, at every level', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-stack', resourceArn: STACK, isParent: true });
    s.rps.add({ arn: 'rp-nested', resourceArn: `${STACK}-nested`, isParent: true, parentRecoveryPointArn: 'rp-stack' });
    s.rps.add({ arn: 'rp-table', resourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/T', parentRecoveryPointArn: 'rp-stack' });
    s.rps.add({ arn: 'rp-deep', resourceArn: VOL2, parentRecoveryPointArn: 'rp-nested' });
    s.rps.add({ arn: 'rp-cluster', resourceArn: 'arn:aws:eks:us-east-1:111111111111:cluster/c', parentRecoveryPointArn: 'rp-stack' });
    s.rps.add({ arn: 'rp-other', resourceArn: VOL1 });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd', RecoveryPointSelection: { ResourceIdentifiers: [STACK] } }, s.ctx());
    await s.advance(1);
    const points = (await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId }, s.ctx())).RecoveryPoints!;
    assert.deepEqual(points.map((p) => p.RecoveryPointArn).sort(), ['rp-cluster', 'rp-deep', 'rp-nested', 'rp-stack', 'rp-table']);
    // A point stored without its type gets it from the ARN (resources/resource-types.ts).
    assert.equal(points.find((p) => p.RecoveryPointArn === 'rp-table')?.ResourceType, 'DynamoDB');
    assert.equal(points.find((p) => p.RecoveryPointArn === 'rp-cluster')?.ResourceType, 'EKS');
    for (const [arn, kind] of [['rp-table', 'disassociate-from-parent'], ['rp-deep', 'disassociate'], ['rp-stack', 'disassociate']] as const) {
      assert.match((await s.rps.remove(arn, kind)) ?? '', new RegExp(`under legal hold ${hold.LegalHoldId}`), arn);
    }
    for (const arn of ['rp-deep', 'rp-stack']) {
      assert.equal(await s.rps.remove(arn, 'delete'), 'The recovery point cannot be deleted because it has active legal hold(s)', arn);
    }
    assert.equal(await s.rps.remove('rp-other'), undefined);
    await s.close();
  });

  it('drops the record, its links and its tags once RetainRecordUntil has passed', async () => {
    const s = setup();
    s.rps.add({ arn: 'rp-a' });
    const hold = await s.h.CreateLegalHold({ Title: 't', Description: 'd', Tags: { k: 'v' } }, s.ctx());
    await s.advance(1);
    await s.h.CancelLegalHold({ LegalHoldId: hold.LegalHoldId, CancelDescription: 'done', RetainRecordInDays: 1 }, s.ctx());
    await s.advance(60);
    const links = () => s.deps.store.db.prepare('SELECT count(*) FROM legal_hold_points').pluck().get();
    assert.equal(links(), 1);
    assert.equal((await s.h.ListRecoveryPointsByLegalHold({ LegalHoldId: hold.LegalHoldId }, s.ctx())).RecoveryPoints!.length, 1);
    await s.advance(86_400);
    assert.equal(links(), 0);
    assert.equal(await s.deps.store.tags.get(hold.LegalHoldArn!), undefined);
    assert.equal((await failure(() => s.h.GetLegalHold({ LegalHoldId: hold.LegalHoldId }, s.ctx()))).name, 'ResourceNotFoundException');
    assert.equal(await s.service.worker.nextDue(), undefined);
    await s.close();
  });
});
