import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  CancelLegalHoldCommand,
  CreateLegalHoldCommand,
  GetLegalHoldCommand,
  ListLegalHoldsCommand,
  ListRecoveryPointsByLegalHoldCommand,
  ListTagsCommand,
  TagResourceCommand,
  type BackupClient,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';

const DAY = 86_400;

describe('legal holds through the SDK', () => {
  const t = suiteServer();
  /** The clock at the start of each test (a reset keeps the clock where it is). */
  let T0: Date;
  let dayBefore: Date;
  beforeEach(() => {
    T0 = t.at(0);
    dayBefore = t.at(-DAY);
  });

  const create = (client: BackupClient = t.client, extra: Partial<ConstructorParameters<typeof CreateLegalHoldCommand>[0]> = {}) =>
    client.send(new CreateLegalHoldCommand({ Title: 'case-1', Description: 'litigation', ...extra }));

  it('creates a hold in CREATING that turns ACTIVE on the clock, with every field', async () => {
    const created = await create(t.client, {
      RecoveryPointSelection: { VaultNames: ['v1'], ResourceIdentifiers: ['arn:aws:ec2:us-east-1:111111111111:volume/vol-1'], DateRange: { FromDate: dayBefore, ToDate: T0 } },
    });
    assert.equal(created.Status, 'CREATING');
    assert.equal(created.Title, 'case-1');
    assert.equal(created.Description, 'litigation');
    assert.match(created.LegalHoldId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created.LegalHoldArn, `arn:aws:backup:us-east-1:${ACCOUNT}:legal-hold:${created.LegalHoldId}`);
    assert.deepEqual(created.CreationDate, T0);
    assert.deepEqual(created.RecoveryPointSelection?.VaultNames, ['v1']);
    assert.deepEqual(created.RecoveryPointSelection?.DateRange, { FromDate: dayBefore, ToDate: T0 });

    const creating = await t.client.send(new GetLegalHoldCommand({ LegalHoldId: created.LegalHoldId }));
    assert.equal(creating.Status, 'CREATING');
    await t.advance(1);
    const got = await t.client.send(new GetLegalHoldCommand({ LegalHoldId: created.LegalHoldId }));
    assert.equal(got.Status, 'ACTIVE');
    assert.equal(got.Title, 'case-1');
    assert.equal(got.Description, 'litigation');
    assert.equal(got.LegalHoldArn, created.LegalHoldArn);
    assert.deepEqual(got.CreationDate, T0);
    assert.equal(got.CancellationDate, undefined);
    assert.equal(got.CancelDescription, undefined);
    assert.equal(got.RetainRecordUntil, undefined);
    assert.deepEqual(got.RecoveryPointSelection?.ResourceIdentifiers, ['arn:aws:ec2:us-east-1:111111111111:volume/vol-1']);
    assert.deepEqual(got.RecoveryPointSelection?.DateRange, { FromDate: dayBefore, ToDate: T0 });
  });

  it('checks Title, Description and DateRange', async () => {
    const missingTitle = await errorOf(() => t.client.send(new CreateLegalHoldCommand({ Description: 'd' } as any)));
    assert.equal(missingTitle.name, 'MissingParameterValueException');
    assert.match(missingTitle.message, /Title/);
    const missingDescription = await errorOf(() => t.client.send(new CreateLegalHoldCommand({ Title: 't' } as any)));
    assert.equal(missingDescription.name, 'MissingParameterValueException');
    assert.match(missingDescription.message, /Description/);
    const emptyTitle = await errorOf(() => create(t.client, { Title: '  ' }));
    assert.equal(emptyTitle.name, 'InvalidParameterValueException');
    assert.match(emptyTitle.message, /Title must not be empty/);

    const halfRange = await errorOf(() => create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: dayBefore } as any } }));
    assert.equal(halfRange.name, 'MissingParameterValueException');
    assert.match(halfRange.message, /ToDate/);
    const reversed = await errorOf(() => create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: T0, ToDate: dayBefore } } }));
    assert.equal(reversed.name, 'InvalidParameterValueException');
    assert.match(reversed.message, /FromDate .* must not be after DateRange.ToDate/);
    const future = new Date(T0.getTime() + 1000);
    const futureTo = await errorOf(() => create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: dayBefore, ToDate: future } } }));
    assert.equal(futureTo.name, 'InvalidParameterValueException');
    assert.match(futureTo.message, /ToDate .* is in the future/);
    const futureBoth = await errorOf(() => create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: future, ToDate: future } } }));
    assert.match(futureBoth.message, /FromDate .* is in the future/);
    // Now is allowed; the clock decides what "future" means.
    await create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: T0, ToDate: T0 } } });
    await t.advance(10);
    await create(t.client, { RecoveryPointSelection: { DateRange: { FromDate: T0, ToDate: future } } });

    const badVault = await errorOf(() => create(t.client, { RecoveryPointSelection: { VaultNames: ['bad name'] } }));
    assert.equal(badVault.name, 'InvalidParameterValueException');
    const badResource = await errorOf(() => create(t.client, { RecoveryPointSelection: { ResourceIdentifiers: ['vol-1'] } }));
    assert.equal(badResource.name, 'InvalidParameterValueException');
    assert.match(badResource.message, /ARN/);
    const badTag = await errorOf(() => create(t.client, { Tags: { 'aws:x': '1' } }));
    assert.equal(badTag.name, 'InvalidParameterValueException');
  });

  it('returns the same hold for a retry with the same IdempotencyToken', async () => {
    const a = await create(t.client, { IdempotencyToken: 'tok-1' });
    await t.advance(5);
    const b = await create(t.client, { IdempotencyToken: 'tok-1' });
    assert.equal(b.LegalHoldId, a.LegalHoldId);
    assert.deepEqual(b.CreationDate, T0);
    assert.equal(b.Status, 'ACTIVE');
    const list = await t.client.send(new ListLegalHoldsCommand({}));
    assert.equal(list.LegalHolds?.length, 1);
    const other = await errorOf(() => create(t.client, { IdempotencyToken: 'tok-1', Title: 'other' }));
    assert.equal(other.name, 'InvalidParameterValueException');
    assert.match(other.message, new RegExp(`already used to create legal hold ${a.LegalHoldId}`));
    // Without a token the SDK sends a fresh one: two holds.
    const c = await create();
    const d = await create();
    assert.notEqual(c.LegalHoldId, d.LegalHoldId);
  });

  it('keeps the tags under the hold ARN, where ListTags and TagResource find them', async () => {
    const h = await create(t.client, { Tags: { case: '42', owner: 'legal' } });
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: h.LegalHoldArn }))).Tags, { case: '42', owner: 'legal' });
    await t.client.send(new TagResourceCommand({ ResourceArn: h.LegalHoldArn, Tags: { more: 'yes' } }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: h.LegalHoldArn }))).Tags, { case: '42', owner: 'legal', more: 'yes' });
    const missing = `arn:aws:backup:us-east-1:${ACCOUNT}:legal-hold:00000000-0000-4000-a000-000000000000`;
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: missing })))).name, 'ResourceNotFoundException');
  });

  it('cancels with a DELETE that answers 201: CANCELING, then CANCELED on the clock', async () => {
    const h = await create();
    await t.advance(1);
    const answer = await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: 'case closed', RetainRecordInDays: 30 }));
    assert.equal(answer.$metadata.httpStatusCode, 201);
    const canceling = await t.client.send(new GetLegalHoldCommand({ LegalHoldId: h.LegalHoldId }));
    assert.equal(canceling.Status, 'CANCELING');
    const cancelledAt = new Date(T0.getTime() + 1000);
    assert.deepEqual(canceling.CancellationDate, cancelledAt);
    assert.equal(canceling.CancelDescription, 'case closed');
    assert.deepEqual(canceling.RetainRecordUntil, new Date(cancelledAt.getTime() + 30 * DAY * 1000));
    const again = await errorOf(() => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: 'x' })));
    assert.equal(again.name, 'InvalidResourceStateException');
    assert.match(again.message, /already CANCELING/);
    await t.advance(1);
    const cancelled = await t.client.send(new GetLegalHoldCommand({ LegalHoldId: h.LegalHoldId }));
    assert.equal(cancelled.Status, 'CANCELED');
    const twice = await errorOf(() => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: 'x' })));
    assert.equal(twice.name, 'InvalidResourceStateException');
    assert.match(twice.message, /already CANCELED/);
    const listed = await t.client.send(new ListLegalHoldsCommand({}));
    assert.equal(listed.LegalHolds?.[0]?.Status, 'CANCELED');
    assert.deepEqual(listed.LegalHolds?.[0]?.CancellationDate, cancelledAt);
  });

  it('cancels a hold that is still CREATING', async () => {
    const h = await create();
    await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: 'mistake' }));
    await t.advance(1);
    assert.equal((await t.client.send(new GetLegalHoldCommand({ LegalHoldId: h.LegalHoldId }))).Status, 'CANCELED');
  });

  it('checks the CancelLegalHold input', async () => {
    const h = await create();
    const missing = await errorOf(() => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId } as any)));
    assert.equal(missing.name, 'MissingParameterValueException');
    assert.match(missing.message, /CancelDescription/);
    const empty = await errorOf(() => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: '' })));
    assert.equal(empty.name, 'InvalidParameterValueException');
    const negative = await errorOf(() =>
      t.client.send(new CancelLegalHoldCommand({ LegalHoldId: h.LegalHoldId, CancelDescription: 'x', RetainRecordInDays: -1 })),
    );
    assert.equal(negative.name, 'InvalidParameterValueException');
    assert.match(negative.message, /RetainRecordInDays/);
    const unknown = await errorOf(() => t.client.send(new CancelLegalHoldCommand({ LegalHoldId: 'nope', CancelDescription: 'x' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    assert.match(unknown.message, /Legal hold nope does not exist/);
    // The failed calls changed nothing.
    assert.equal((await t.client.send(new GetLegalHoldCommand({ LegalHoldId: h.LegalHoldId }))).Status, 'CREATING');
  });

  it('drops a cancelled hold from the list once RetainRecordUntil has passed', async () => {
    const kept = await create(t.client, { Title: 'kept' });
    const brief = await create(t.client, { Title: 'brief' });
    const forever = await create(t.client, { Title: 'forever' });
    await t.advance(1);
    await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: brief.LegalHoldId, CancelDescription: 'done', RetainRecordInDays: 2 }));
    await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: forever.LegalHoldId, CancelDescription: 'done' }));
    const titles = async () => ((await t.client.send(new ListLegalHoldsCommand({}))).LegalHolds ?? []).map((h) => h.Title);
    await t.advance(2 * DAY - 1);
    assert.deepEqual(await titles(), ['kept', 'brief', 'forever']);
    await t.advance(1);
    assert.deepEqual(await titles(), ['kept', 'forever']);
    const gone = await errorOf(() => t.client.send(new GetLegalHoldCommand({ LegalHoldId: brief.LegalHoldId })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(await t.hf.store.tags.get(brief.LegalHoldArn!), undefined);
    await t.advance(365 * DAY);
    assert.deepEqual(await titles(), ['kept', 'forever']);
    assert.equal((await t.client.send(new GetLegalHoldCommand({ LegalHoldId: kept.LegalHoldId }))).Status, 'ACTIVE');
  });

  it('allows 50 live holds per account across Regions; the 51st is refused', async () => {
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await create(t.client, { Title: `h${i}` })).LegalHoldId!);
    for (let i = 0; i < 20; i++) await create(west, { Title: `w${i}` });
    for (const client of [t.client, west]) {
      const e = await errorOf(() => create(client));
      assert.equal(e.name, 'LimitExceededException');
      assert.match(e.message, /limit is 50 across all Regions/);
    }
    // Another account has its own limit.
    await create(t.clientFor('222222222222'));
    // A cancelled hold stops counting once it is CANCELED.
    await t.client.send(new CancelLegalHoldCommand({ LegalHoldId: ids[0], CancelDescription: 'x' }));
    assert.equal((await errorOf(() => create())).name, 'LimitExceededException');
    await t.advance(1);
    await create();
    assert.equal((await errorOf(() => create())).name, 'LimitExceededException');
  });

  it('lists holds in pages, scoped by account and Region', async () => {
    for (let i = 0; i < 25; i++) await create(t.client, { Title: `h${String(i).padStart(2, '0')}` });
    const titles: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListLegalHoldsCommand({ MaxResults: 10, NextToken: token }));
      assert.ok((page.LegalHolds ?? []).length <= 10);
      titles.push(...(page.LegalHolds ?? []).map((h) => h.Title!));
      token = page.NextToken;
    } while (token);
    assert.equal(titles.length, 25);
    assert.equal(new Set(titles).size, 25);
    assert.equal(titles[0], 'h00');
    const forged = await errorOf(() => t.client.send(new ListLegalHoldsCommand({ NextToken: 'eyJmb28iOjF9.AAAA' })));
    assert.equal(forged.name, 'InvalidParameterValueException');
    const range = await errorOf(() => t.client.send(new ListLegalHoldsCommand({ MaxResults: 0 })));
    assert.equal(range.name, 'InvalidParameterValueException');
    const west = await t.clientFor(ACCOUNT, 'us-west-2').send(new ListLegalHoldsCommand({}));
    assert.deepEqual(west.LegalHolds, []);
    const id = (await t.client.send(new ListLegalHoldsCommand({ MaxResults: 1 }))).LegalHolds![0]!.LegalHoldId;
    const other = await errorOf(() => t.clientFor('222222222222').send(new GetLegalHoldCommand({ LegalHoldId: id })));
    assert.equal(other.name, 'ResourceNotFoundException');
  });

  it('lists the recovery points under a hold (none without recovery points)', async () => {
    const h = await create();
    await t.advance(1);
    const page = await t.client.send(new ListRecoveryPointsByLegalHoldCommand({ LegalHoldId: h.LegalHoldId }));
    assert.deepEqual(page.RecoveryPoints, []);
    assert.equal(page.NextToken, undefined);
    const unknown = await errorOf(() => t.client.send(new ListRecoveryPointsByLegalHoldCommand({ LegalHoldId: 'nope' })));
    assert.equal(unknown.name, 'InvalidParameterValueException');
    assert.match(unknown.message, /Legal hold nope does not exist/);
    const missing = await errorOf(() => t.client.send(new GetLegalHoldCommand({ LegalHoldId: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });
});
