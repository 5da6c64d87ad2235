import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateTieringConfigurationCommand,
  DeleteTieringConfigurationCommand,
  GetTieringConfigurationCommand,
  ListTagsCommand,
  ListTieringConfigurationsCommand,
  TagResourceCommand,
  UpdateTieringConfigurationCommand,
  type ResourceSelection,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';

const ALL_S3: ResourceSelection[] = [{ ResourceType: 'S3', Resources: ['*'], TieringDownSettingsInDays: 60 }];
const bucket = (n: number | string): string => `arn:aws:s3:::bucket-${n}`;

describe('tiering configurations', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });

  const create = (name: string, vault: string, selection = ALL_S3, token?: string, tags?: Record<string, string>) =>
    t.client.send(
      new CreateTieringConfigurationCommand({
        TieringConfiguration: { TieringConfigurationName: name, BackupVaultName: vault, ResourceSelection: selection },
        CreatorRequestId: token,
        TieringConfigurationTags: tags,
      }),
    );

  it('creates, gets, updates, lists and deletes a configuration', async () => {
    const T0 = new Date(t.hf.clock.nowMs()); // the clock never moves back, not even on reset
    const c = await create('tier_v1', 'v1', [{ ResourceType: 'S3', Resources: [bucket('a'), bucket('b')], TieringDownSettingsInDays: 90 }], 'req-1');
    assert.match(c.TieringConfigurationArn ?? '', new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:tiering-configuration:tier_v1-[0-9a-f-]{36}$`));
    assert.equal(c.TieringConfigurationName, 'tier_v1');
    assert.deepEqual(c.CreationTime, T0);

    const got = (await t.client.send(new GetTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1' }))).TieringConfiguration!;
    assert.deepEqual(got, {
      TieringConfigurationName: 'tier_v1',
      TieringConfigurationArn: c.TieringConfigurationArn,
      BackupVaultName: 'v1',
      ResourceSelection: [{ ResourceType: 'S3', Resources: [bucket('a'), bucket('b')], TieringDownSettingsInDays: 90 }],
      CreatorRequestId: 'req-1',
      CreationTime: T0,
      LastUpdatedTime: T0,
    });

    await t.advance(3600);
    const u = await t.client.send(
      new UpdateTieringConfigurationCommand({
        TieringConfigurationName: 'tier_v1',
        TieringConfiguration: { BackupVaultName: 'v2', ResourceSelection: [{ ResourceType: 'S3', Resources: ['*'], TieringDownSettingsInDays: 365 }] },
      }),
    );
    assert.equal(u.TieringConfigurationArn, c.TieringConfigurationArn);
    assert.deepEqual(u.CreationTime, T0);
    assert.deepEqual(u.LastUpdatedTime, new Date(T0.getTime() + 3600_000));
    const after = (await t.client.send(new GetTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1' }))).TieringConfiguration!;
    assert.equal(after.BackupVaultName, 'v2');
    assert.equal(after.ResourceSelection![0]!.TieringDownSettingsInDays, 365);
    // v1 is free again after the move; v2 is now taken.
    await create('again_v1', 'v1');
    assert.equal((await errorOf(() => create('other_v2', 'v2'))).name, 'AlreadyExistsException');

    const listed = (await t.client.send(new ListTieringConfigurationsCommand({}))).TieringConfigurations!;
    assert.deepEqual(
      listed.map((l) => [l.TieringConfigurationName, l.BackupVaultName]),
      [['tier_v1', 'v2'], ['again_v1', 'v1']],
    );
    assert.deepEqual(listed[0]!.LastUpdatedTime, new Date(T0.getTime() + 3600_000));

    await t.client.send(new DeleteTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1' }));
    for (const send of [
      () => t.client.send(new GetTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1' })),
      () => t.client.send(new DeleteTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1' })),
      () =>
        t.client.send(
          new UpdateTieringConfigurationCommand({ TieringConfigurationName: 'tier_v1', TieringConfiguration: { BackupVaultName: 'v2', ResourceSelection: ALL_S3 } }),
        ),
    ]) {
      const e = await errorOf(send);
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.match(e.message, /Tiering configuration tier_v1 does not exist/);
    }
    // Deleting freed v2.
    await create('other_v2', 'v2');
  });

  it('allows one configuration per vault and one global (*) configuration', async () => {
    await create('global', '*');
    await create('for_v1', 'v1');
    const e = await errorOf(() => create('second_global', '*'));
    assert.equal(e.name, 'AlreadyExistsException');
    assert.match(e.message, /every backup vault \(\*\) already has tiering configuration global/);
    const v = await errorOf(() => create('second_v1', 'v1'));
    assert.equal(v.name, 'AlreadyExistsException');
    assert.match(v.message, /backup vault v1 already has tiering configuration for_v1/);
    const moved = await errorOf(() =>
      t.client.send(new UpdateTieringConfigurationCommand({ TieringConfigurationName: 'for_v1', TieringConfiguration: { BackupVaultName: '*', ResourceSelection: ALL_S3 } })),
    );
    assert.equal(moved.name, 'AlreadyExistsException');
  });

  it('is idempotent on CreatorRequestId and refuses a duplicate name otherwise', async () => {
    const T0 = new Date(t.hf.clock.nowMs());
    const a = await create('tc', 'v1', ALL_S3, 'same');
    await t.advance(10);
    const b = await create('tc', 'v1', ALL_S3, 'same');
    assert.equal(b.TieringConfigurationArn, a.TieringConfigurationArn);
    assert.deepEqual(b.CreationTime, T0);
    const e = await errorOf(() => create('tc', 'v2', ALL_S3, 'other'));
    assert.equal(e.name, 'AlreadyExistsException');
    assert.match(e.message, /Tiering configuration tc already exists/);
    // The SDK fills a fresh token when none is given, so a plain repeat is a duplicate.
    assert.equal((await errorOf(() => create('tc', 'v1'))).name, 'AlreadyExistsException');
  });

  it('validates names, vaults, selections and limits as AWS documents them', async () => {
    const cases: [string, () => Promise<unknown>, string, RegExp][] = [
      ['bad name', () => create('has-dash', 'v1'), 'InvalidParameterValueException', /TieringConfigurationName/],
      ['long name', () => create('x'.repeat(201), 'v1'), 'InvalidParameterValueException', /1 to 200/],
      ['bad vault', () => create('tc', 'a'), 'InvalidParameterValueException', /Invalid BackupVaultName/],
      ['missing vault', () => create('tc', 'nope'), 'InvalidParameterValueException', /Backup vault nope does not exist/],
      ['no selection', () => create('tc', 'v1', []), 'InvalidParameterValueException', /at least one resource selection/],
      ['six selections', () => create('tc', 'v1', [1, 2, 3, 4, 5, 6].map((n) => ({ ResourceType: 'S3', Resources: [bucket(n)], TieringDownSettingsInDays: 60 }))), 'LimitExceededException', /at most 5 resource selections/],
      ['59 days', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: ['*'], TieringDownSettingsInDays: 59 }]), 'InvalidParameterValueException', /from 60 to 36500; got 59/],
      ['36501 days', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: ['*'], TieringDownSettingsInDays: 36501 }]), 'InvalidParameterValueException', /got 36501/],
      ['EBS', () => create('tc', 'v1', [{ ResourceType: 'EBS', Resources: ['*'], TieringDownSettingsInDays: 60 }]), 'InvalidParameterValueException', /support only S3/],
      ['no resources', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: [], TieringDownSettingsInDays: 60 }]), 'InvalidParameterValueException', /at least one resource/],
      ['mixed wildcard', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: ['*', bucket(1)], TieringDownSettingsInDays: 60 }]), 'InvalidParameterValueException', /mixes \*/],
      ['not a bucket', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: ['arn:aws:ec2:us-east-1::volume/vol-1'], TieringDownSettingsInDays: 60 }]), 'InvalidParameterValueException', /not an S3 bucket ARN/],
      ['twice', () => create('tc', 'v1', [60, 90].map((d) => ({ ResourceType: 'S3', Resources: [bucket(1)], TieringDownSettingsInDays: d }))), 'InvalidParameterValueException', /more than one resource selection/],
      ['101 buckets', () => create('tc', 'v1', [{ ResourceType: 'S3', Resources: Array.from({ length: 101 }, (_, i) => bucket(i)), TieringDownSettingsInDays: 60 }]), 'LimitExceededException', /at most 100 specific resources; this one names 101/],
      ['bad token', () => create('tc', 'v1', ALL_S3, 'bad token!'), 'InvalidParameterValueException', /CreatorRequestId/],
      ['reserved tag', () => create('tc', 'v1', ALL_S3, undefined, { 'aws:x': '1' }), 'InvalidParameterValueException', /reserved/],
    ];
    for (const [label, send, name, message] of cases) {
      const e = await errorOf(send);
      assert.equal(e.name, name, label);
      assert.match(e.message, message, label);
    }
    // 100 buckets over several selections is the most allowed.
    const split = [0, 1, 2, 3].map((s) => ({ ResourceType: 'S3', Resources: Array.from({ length: 25 }, (_, i) => bucket(`${s}-${i}`)), TieringDownSettingsInDays: 60 + s }));
    await create('tc', 'v1', split);
    assert.equal((await t.client.send(new ListTieringConfigurationsCommand({}))).TieringConfigurations!.length, 1);
  });

  it('tags configurations through the tag operations and forgets them on delete', async () => {
    const c = await create('tagged', 'v1', ALL_S3, undefined, { env: 'prod' });
    const arn = c.TieringConfigurationArn!;
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, { env: 'prod' });
    await t.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: 'ops' } }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, { env: 'prod', team: 'ops' });
    const other = t.clientFor('222222222222');
    assert.equal((await errorOf(() => other.send(new ListTagsCommand({ ResourceArn: arn })))).name, 'ResourceNotFoundException');
    await t.client.send(new DeleteTieringConfigurationCommand({ TieringConfigurationName: 'tagged' }));
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: arn })))).name, 'ResourceNotFoundException');
  });

  it('lists in pages with opaque tokens, per account and region', async () => {
    for (let i = 0; i < 12; i++) {
      const vault = `pv-${i}`;
      await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: vault }));
      await create(`tc_${String(i).padStart(2, '0')}`, vault);
    }
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListTieringConfigurationsCommand({ MaxResults: 5, NextToken: token }));
      assert.ok(page.TieringConfigurations!.length <= 5);
      names.push(...page.TieringConfigurations!.map((c) => c.TieringConfigurationName!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(names, Array.from({ length: 12 }, (_, i) => `tc_${String(i).padStart(2, '0')}`));
    assert.equal((await errorOf(() => t.client.send(new ListTieringConfigurationsCommand({ NextToken: 'forged.AAAA' })))).name, 'InvalidParameterValueException');
    assert.equal((await errorOf(() => t.client.send(new ListTieringConfigurationsCommand({ MaxResults: 0 })))).name, 'InvalidParameterValueException');
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    assert.deepEqual((await west.send(new ListTieringConfigurationsCommand({}))).TieringConfigurations, []);
    assert.equal((await errorOf(() => west.send(new GetTieringConfigurationCommand({ TieringConfigurationName: 'tc_00' })))).name, 'ResourceNotFoundException');
  });
});
