import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateRestoreTestingPlanCommand,
  DeleteRestoreTestingPlanCommand,
  DeleteRestoreTestingSelectionCommand,
  GetRestoreTestingPlanCommand,
  ListRestoreTestingPlansCommand,
  ListTagsCommand,
  TagResourceCommand,
  UpdateRestoreTestingPlanCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { createPlan, createSelection, planInput } from './fixtures.js';

describe('restore testing plans', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
  });
  const get = async (name: string) => (await t.client.send(new GetRestoreTestingPlanCommand({ RestoreTestingPlanName: name }))).RestoreTestingPlan!;

  it('creates a plan with an ARN of the form restore-testing-plan:NAME-xxxxxx and AWS defaults', async () => {
    const now = new Date(t.hf.clock.nowMs());
    const out = await createPlan(t.client, 'daily_test');
    assert.match(out.RestoreTestingPlanArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:restore-testing-plan:daily_test-[a-z0-9]{6}$`));
    assert.equal(out.RestoreTestingPlanName, 'daily_test');
    assert.deepEqual(out.CreationTime, now);
    const plan = await get('daily_test');
    assert.equal(plan.RestoreTestingPlanArn, out.RestoreTestingPlanArn);
    assert.equal(plan.ScheduleExpression, 'cron(0 5 ? * * *)');
    assert.equal(plan.ScheduleExpressionTimezone, 'Etc/UTC');
    assert.equal(plan.StartWindowHours, 24);
    assert.deepEqual(plan.RecoveryPointSelection, {
      Algorithm: 'LATEST_WITHIN_WINDOW',
      IncludeVaults: ['*'],
      ExcludeVaults: [],
      RecoveryPointTypes: ['SNAPSHOT'],
      SelectionWindowDays: 30,
    });
    assert.equal(plan.LastExecutionTime, undefined);
    assert.equal(plan.LastUpdateTime, undefined);
  });

  it('checks names, schedules, windows and the recovery point selection', async () => {
    const cases: [Parameters<typeof planInput>[1], string, RegExp][] = [
      [{}, 'InvalidParameterValueException', /RestoreTestingPlanName/],
      [{ ScheduleExpression: 'rate(1 day)' }, 'InvalidParameterValueException', /Invalid ScheduleExpression 'rate\(1 day\)'/],
      [{ ScheduleExpression: 'cron(0 5 * * * *)' }, 'InvalidParameterValueException', /exactly one of day-of-month and day-of-week/],
      [{ ScheduleExpressionTimezone: 'Mars/Olympus' }, 'InvalidParameterValueException', /ScheduleExpressionTimezone 'Mars\/Olympus'/],
      [{ StartWindowHours: 169 }, 'InvalidParameterValueException', /StartWindowHours must be an integer from 1 to 168; got 169/],
      [{ StartWindowHours: 0 }, 'InvalidParameterValueException', /StartWindowHours/],
      [
        { RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 366 } },
        'InvalidParameterValueException',
        /SelectionWindowDays must be an integer from 1 to 365; got 366/,
      ],
      [{ RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [], RecoveryPointTypes: ['SNAPSHOT'] } }, 'MissingParameterValueException', /IncludeVaults/],
      [{ RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['*'] } }, 'MissingParameterValueException', /RecoveryPointTypes/],
      [{ RecoveryPointSelection: { IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] } }, 'MissingParameterValueException', /Algorithm/],
      [
        { RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: ['my-vault'], RecoveryPointTypes: ['SNAPSHOT'] } },
        'InvalidParameterValueException',
        /IncludeVaults entry 'my-vault'/,
      ],
      [
        { RecoveryPointSelection: { Algorithm: 'NEWEST' as never, IncludeVaults: ['*'], RecoveryPointTypes: ['SNAPSHOT'] } },
        'InvalidParameterValueException',
        /NEWEST/,
      ],
    ];
    const names = ['bad-name', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11'];
    for (const [i, [extra, name, message]] of cases.entries()) {
      const e = await errorOf(() => createPlan(t.client, names[i], extra));
      assert.equal(e.name, name, `case ${i}: ${e.message}`);
      assert.match(e.message, message);
    }
    assert.equal((await t.client.send(new ListRestoreTestingPlansCommand({}))).RestoreTestingPlans!.length, 0);
  });

  it('answers a retried request with the same plan and refuses a second plan of the same name', async () => {
    const first = await t.client.send(new CreateRestoreTestingPlanCommand({ ...planInput('p'), CreatorRequestId: 'req-1' }));
    const again = await t.client.send(new CreateRestoreTestingPlanCommand({ ...planInput('p'), CreatorRequestId: 'req-1' }));
    assert.equal(again.RestoreTestingPlanArn, first.RestoreTestingPlanArn);
    const e = await errorOf(() => t.client.send(new CreateRestoreTestingPlanCommand({ ...planInput('p'), CreatorRequestId: 'req-2' })));
    assert.equal(e.name, 'AlreadyExistsException');
    assert.match(e.message, /Restore testing plan p already exists/);
    assert.equal((e as unknown as { Arn: string }).Arn, first.RestoreTestingPlanArn);
  });

  it('updates the schedule and the selection, keeping what is not given', async () => {
    const start = t.hf.clock.nowMs();
    const created = await createPlan(t.client, 'p');
    await t.advance(60);
    const out = await t.client.send(
      new UpdateRestoreTestingPlanCommand({
        RestoreTestingPlanName: 'p',
        RestoreTestingPlan: {
          ScheduleExpression: 'cron(30 2 ? * MON *)',
          ScheduleExpressionTimezone: 'Europe/Paris',
          RecoveryPointSelection: { Algorithm: 'RANDOM_WITHIN_WINDOW', IncludeVaults: ['*'], ExcludeVaults: ['arn:aws:backup:*:*:backup-vault:scratch-*'], RecoveryPointTypes: ['SNAPSHOT', 'CONTINUOUS'], SelectionWindowDays: 7 },
        },
      }),
    );
    assert.deepEqual(out.CreationTime, new Date(start));
    assert.deepEqual(out.UpdateTime, new Date(start + 60_000));
    assert.equal(out.RestoreTestingPlanArn, created.RestoreTestingPlanArn);
    const plan = await get('p');
    assert.equal(plan.ScheduleExpression, 'cron(30 2 ? * MON *)');
    assert.equal(plan.ScheduleExpressionTimezone, 'Europe/Paris');
    assert.equal(plan.StartWindowHours, 24);
    assert.equal(plan.RecoveryPointSelection!.Algorithm, 'RANDOM_WITHIN_WINDOW');
    assert.deepEqual(plan.RecoveryPointSelection!.ExcludeVaults, ['arn:aws:backup:*:*:backup-vault:scratch-*']);
    assert.deepEqual(plan.LastUpdateTime, new Date(start + 60_000));

    const bad = await errorOf(() =>
      t.client.send(new UpdateRestoreTestingPlanCommand({ RestoreTestingPlanName: 'p', RestoreTestingPlan: { RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW' } } })),
    );
    assert.equal(bad.name, 'MissingParameterValueException');
    const missing = await errorOf(() => t.client.send(new UpdateRestoreTestingPlanCommand({ RestoreTestingPlanName: 'nope', RestoreTestingPlan: { StartWindowHours: 2 } })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('lists plans a page at a time', async () => {
    for (const name of ['a', 'b', 'c']) await createPlan(t.client, name);
    const first = await t.client.send(new ListRestoreTestingPlansCommand({ MaxResults: 2 }));
    assert.deepEqual(first.RestoreTestingPlans!.map((p) => p.RestoreTestingPlanName), ['a', 'b']);
    assert.equal(first.RestoreTestingPlans![0]!.ScheduleExpression, 'cron(0 5 ? * * *)');
    const second = await t.client.send(new ListRestoreTestingPlansCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.RestoreTestingPlans!.map((p) => p.RestoreTestingPlanName), ['c']);
    assert.equal(second.NextToken, undefined);
    const e = await errorOf(() => t.client.send(new ListRestoreTestingPlansCommand({ MaxResults: 1001 })));
    assert.equal(e.name, 'InvalidParameterValueException');
  });

  it('refuses to delete a plan that still has selections, then deletes it and its tags', async () => {
    const { RestoreTestingPlanArn: arn } = await createPlan(t.client, 'p');
    await t.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { team: 'dr' } }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, { team: 'dr' });
    await createSelection(t.client, 'p', 'ebs_sel');
    const refused = await errorOf(() => t.client.send(new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: 'p' })));
    assert.equal(refused.name, 'InvalidRequestException');
    // Terraform retries DeleteRestoreTestingPlan on this text.
    assert.equal(refused.message, 'Related recovery point selections must be deleted prior to restore testing plan deletion');
    await t.client.send(new DeleteRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelectionName: 'ebs_sel' }));
    await t.client.send(new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: 'p' }));
    assert.equal((await errorOf(() => get('p'))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => t.client.send(new ListTagsCommand({ ResourceArn: arn })))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => t.client.send(new DeleteRestoreTestingPlanCommand({ RestoreTestingPlanName: 'p' })))).name, 'ResourceNotFoundException');
  });

  it('takes tags at creation', async () => {
    const { RestoreTestingPlanArn: arn } = await t.client.send(new CreateRestoreTestingPlanCommand({ ...planInput('p'), Tags: { env: 'prod' } }));
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: arn }))).Tags, { env: 'prod' });
    const e = await errorOf(() => t.client.send(new CreateRestoreTestingPlanCommand({ ...planInput('q'), Tags: { 'aws:x': '1' } })));
    assert.equal(e.name, 'InvalidParameterValueException');
  });
});
