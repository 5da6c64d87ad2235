import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateFrameworkCommand,
  DeleteFrameworkCommand,
  DescribeFrameworkCommand,
  ListFrameworksCommand,
  UpdateFrameworkCommand,
  type FrameworkControl,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const control = (name: string, params: Record<string, string> = {}, scope?: FrameworkControl['ControlScope']): FrameworkControl => ({
  ControlName: name,
  ControlInputParameters: Object.entries(params).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue })),
  ControlScope: scope,
});

describe('audit frameworks', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  const create = (name: string, controls: FrameworkControl[], extra: Record<string, unknown> = {}) =>
    t.client.send(new CreateFrameworkCommand({ FrameworkName: name, FrameworkControls: controls, ...extra }));

  it('creates a framework whose deployment completes on the clock', async () => {
    const created = t.hf.clock.now();
    const c = await create('Daily', [control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', { requiredFrequencyUnit: 'hours', requiredFrequencyValue: '24', requiredRetentionDays: '35' }, { Tags: { env: 'prod' } })], {
      FrameworkDescription: 'daily checks',
      IdempotencyToken: 'tok-1',
      FrameworkTags: { team: 'a' },
    });
    assert.match(c.FrameworkArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:framework:Daily-[0-9a-f-]{36}$`));
    let d = await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'Daily' }));
    assert.equal(d.DeploymentStatus, 'CREATE_IN_PROGRESS');
    assert.equal(d.FrameworkStatus, 'UNAVAILABLE');
    assert.deepEqual(d.CreationTime, created);
    assert.equal(d.IdempotencyToken, 'tok-1');
    assert.equal(d.FrameworkDescription, 'daily checks');
    assert.deepEqual(d.FrameworkControls?.[0]?.ControlScope?.Tags, { env: 'prod' });
    assert.equal(d.FrameworkControls?.[0]?.ControlInputParameters?.length, 3);
    await t.advance(59);
    assert.equal((await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'Daily' }))).DeploymentStatus, 'CREATE_IN_PROGRESS');
    await t.advance(1);
    d = await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'Daily' }));
    assert.equal(d.DeploymentStatus, 'COMPLETED');
    assert.equal(d.FrameworkStatus, 'ACTIVE');
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: c.FrameworkArn }))).Tags, { team: 'a' });
    const list = await t.client.send(new ListFrameworksCommand({}));
    assert.equal(list.Frameworks?.length, 1);
    assert.equal(list.Frameworks?.[0]?.NumberOfControls, 1);
    assert.equal(list.Frameworks?.[0]?.DeploymentStatus, 'COMPLETED');
  });

  it('is idempotent on IdempotencyToken and refuses a duplicate name otherwise', async () => {
    const a = await create('F1', [control('BACKUP_RECOVERY_POINT_ENCRYPTED')], { IdempotencyToken: 'same' });
    const b = await create('F1', [control('BACKUP_RECOVERY_POINT_ENCRYPTED')], { IdempotencyToken: 'same' });
    assert.equal(a.FrameworkArn, b.FrameworkArn);
    const e = await errorOf(() => create('F1', [control('BACKUP_RECOVERY_POINT_ENCRYPTED')], { IdempotencyToken: 'other' }));
    assert.equal(e.name, 'AlreadyExistsException');
    assert.match(e.message, /F1 already exists/);
  });

  it('checks names, descriptions and control names', async () => {
    for (const name of ['1abc', 'has-dash', 'a'.repeat(257), 'sp ace']) {
      const e = await errorOf(() => create(name, [control('BACKUP_RECOVERY_POINT_ENCRYPTED')]));
      assert.equal(e.name, 'InvalidParameterValueException', name);
    }
    assert.equal((await errorOf(() => create('F', [control('BACKUP_RECOVERY_POINT_ENCRYPTED')], { FrameworkDescription: '   ' }))).name, 'InvalidParameterValueException');
    const unknown = await errorOf(() => create('F', [control('BACKUP_EVERYTHING_IS_FINE')]));
    assert.equal(unknown.name, 'InvalidParameterValueException');
    assert.match(unknown.message, /unknown control name 'BACKUP_EVERYTHING_IS_FINE'.*Known controls: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN/);
    const none = await errorOf(() => create('F', []));
    assert.equal(none.name, 'InvalidParameterValueException');
  });

  it('checks each control parameter: names, formats and ranges', async () => {
    const bad: [FrameworkControl, RegExp][] = [
      [control('BACKUP_RECOVERY_POINT_ENCRYPTED', { requiredRetentionDays: '35' }), /has no parameter 'requiredRetentionDays'.*takes no parameters/],
      [control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', { requiredFrequencyUnit: 'weeks' }), /use one of hours, days/],
      [control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', { requiredFrequencyUnit: 'hours', requiredFrequencyValue: '25' }), /from 1 to 24/],
      [control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', { requiredFrequencyValue: '32' }), /'days' use a whole number from 1 to 31/],
      [control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', { requiredRetentionDays: 'x' }), /requiredRetentionDays/],
      [control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', { requiredRetentionDays: '0' }), /from 1 to 36500/],
      [control('BACKUP_LAST_RECOVERY_POINT_CREATED', { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: '745' }), /from 1 to 744/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', { minRetentionDays: '30', maxRetentionDays: '7' }), /cannot be greater than maxRetentionDays/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', { crossAccountList: '123' }), /'123' is not a 12-digit account ID/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', { crossAccountList: Array(6).fill('123456789012').join(',') }), /at most 5/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', { crossRegionList: 'mars-1' }), /not a Region name/],
      [control('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', { principalArnList: 'bob' }), /not an IAM role ARN/],
      [control('BACKUP_RECOVERY_POINT_ENCRYPTED', {}, { Tags: { a: '1', b: '2' } }), /at most one key-value pair/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', {}, { ComplianceResourceTypes: ['Floppy'] }), /unknown resource type 'Floppy'/],
      [control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', {}, { ComplianceResourceIds: ['i-1'] }), /exactly one entry in ControlScope.ComplianceResourceTypes/],
    ];
    for (const [c, message] of bad) {
      const e = await errorOf(() => create('F', [c]));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(c));
      assert.match(e.message, message);
    }
    const dup = await errorOf(() =>
      create('F', [{ ControlName: 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', ControlInputParameters: [{ ParameterName: 'requiredRetentionDays', ParameterValue: '1' }, { ParameterName: 'requiredRetentionDays', ParameterValue: '2' }] }]),
    );
    assert.match(dup.message, /given twice/);
    // Every documented control with valid parameters is accepted.
    await create('AllGood', [
      control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN', {}, { ComplianceResourceTypes: ['EBS', 'RDS'] }),
      control('BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', { requiredFrequencyUnit: 'hours', requiredFrequencyValue: '12', requiredRetentionDays: '7' }),
      control('BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK', { requiredRetentionDays: '35' }),
      control('BACKUP_RECOVERY_POINT_ENCRYPTED'),
      control('BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', { principalArnList: 'arn:aws:iam::111111111111:role/Admin, arn:aws:iam::111111111111:role/Ops' }, { ComplianceResourceIds: ['default'], ComplianceResourceTypes: ['AWS::Backup::BackupVault'] }),
      control('BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK', { minRetentionDays: '7', maxRetentionDays: '365' }),
      control('BACKUP_LAST_RECOVERY_POINT_CREATED', { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: '744' }),
      control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION', { crossRegionList: 'us-west-2,eu-west-1' }),
      control('BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT', { crossAccountList: '222222222222' }, { Tags: { env: 'prod' } }),
    ]);
  });

  it('allows 50 controls per account and Region across frameworks', async () => {
    const many = (n: number) => Array.from({ length: n }, () => control('BACKUP_RECOVERY_POINT_ENCRYPTED'));
    await create('A', many(30));
    await create('B', many(20));
    const e = await errorOf(() => create('C', many(1)));
    assert.equal(e.name, 'LimitExceededException');
    assert.match(e.message, /at most 50 controls/);
    // Another Region has its own allowance.
    await t.clientFor(ACCOUNT, 'eu-west-1').send(new CreateFrameworkCommand({ FrameworkName: 'C', FrameworkControls: many(1) }));
    await t.advance(60);
    // An update may not push the total over 50 either (B's own 20 are replaced, not added).
    await t.client.send(new UpdateFrameworkCommand({ FrameworkName: 'B', FrameworkControls: many(20) }));
    await t.advance(60);
    const u = await errorOf(() => t.client.send(new UpdateFrameworkCommand({ FrameworkName: 'B', FrameworkControls: many(21) })));
    assert.equal(u.name, 'LimitExceededException');
  });

  it('updates and deletes through deployment states, refusing changes while one is in progress', async () => {
    const created = t.hf.clock.now();
    await create('F', [control('BACKUP_RECOVERY_POINT_ENCRYPTED')]);
    const early = await errorOf(() => t.client.send(new UpdateFrameworkCommand({ FrameworkName: 'F', FrameworkDescription: 'x' })));
    assert.equal(early.name, 'ConflictException');
    assert.match(early.message, /CREATE_IN_PROGRESS/);
    await t.advance(60);
    const u = await t.client.send(
      new UpdateFrameworkCommand({ FrameworkName: 'F', FrameworkDescription: 'new', FrameworkControls: [control('BACKUP_LAST_RECOVERY_POINT_CREATED'), control('BACKUP_RECOVERY_POINT_ENCRYPTED')], IdempotencyToken: 'u1' }),
    );
    assert.deepEqual(u.CreationTime, created);
    let d = await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'F' }));
    assert.equal(d.DeploymentStatus, 'UPDATE_IN_PROGRESS');
    assert.equal(d.FrameworkControls?.length, 2);
    assert.equal(d.FrameworkDescription, 'new');
    // The same update retried is a success with no action.
    await t.client.send(new UpdateFrameworkCommand({ FrameworkName: 'F', FrameworkDescription: 'new', IdempotencyToken: 'u1' }));
    await t.advance(60);
    d = await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'F' }));
    assert.equal(d.DeploymentStatus, 'COMPLETED');
    await t.client.send(new DeleteFrameworkCommand({ FrameworkName: 'F' }));
    assert.equal((await t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'F' }))).DeploymentStatus, 'DELETE_IN_PROGRESS');
    assert.equal((await errorOf(() => t.client.send(new DeleteFrameworkCommand({ FrameworkName: 'F' })))).name, 'ConflictException');
    await t.advance(60);
    const gone = await errorOf(() => t.client.send(new DescribeFrameworkCommand({ FrameworkName: 'F' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => t.client.send(new UpdateFrameworkCommand({ FrameworkName: 'F' })))).name, 'ResourceNotFoundException');
  });

  it('lists frameworks in pages', async () => {
    for (let i = 0; i < 7; i++) await create(`F${i}`, [control('BACKUP_RECOVERY_POINT_ENCRYPTED')]);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListFrameworksCommand({ MaxResults: 3, NextToken: token }));
      names.push(...(page.Frameworks ?? []).map((f) => f.FrameworkName!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(names, ['F0', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6']);
    assert.equal((await errorOf(() => t.client.send(new ListFrameworksCommand({ MaxResults: 0 })))).name, 'InvalidParameterValueException');
  });
});
