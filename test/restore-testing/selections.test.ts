import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateRestoreTestingSelectionCommand,
  DeleteRestoreTestingSelectionCommand,
  GetRestoreTestingSelectionCommand,
  ListRestoreTestingSelectionsCommand,
  UpdateRestoreTestingSelectionCommand,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { createPlan, createSelection, ROLE, selectionInput, TABLE, VOLUME, VOLUME2 } from './fixtures.js';

describe('restore testing selections', () => {
  let t: TestServer;
  let planArn: string;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    planArn = (await createPlan(t.client, 'p')).RestoreTestingPlanArn!;
  });
  const get = async (name: string) =>
    (await t.client.send(new GetRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelectionName: name }))).RestoreTestingSelection!;

  it('creates a wildcard selection with conditions and shows it back', async () => {
    const out = await createSelection(t.client, 'p', 'ebs_sel', {
      ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }], StringNotEquals: [{ Key: 'aws:ResourceTag/tier', Value: 'scratch' }] },
      RestoreMetadataOverrides: { availabilityZone: 'us-east-1b' },
      ValidationWindowHours: 4,
    });
    assert.equal(out.RestoreTestingPlanArn, planArn);
    assert.equal(out.RestoreTestingPlanName, 'p');
    assert.equal(out.RestoreTestingSelectionName, 'ebs_sel');
    const s = await get('ebs_sel');
    assert.equal(s.IamRoleArn, ROLE);
    assert.equal(s.ProtectedResourceType, 'EBS');
    assert.deepEqual(s.ProtectedResourceArns, ['*']);
    assert.deepEqual(s.ProtectedResourceConditions, { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }], StringNotEquals: [{ Key: 'aws:ResourceTag/tier', Value: 'scratch' }] });
    assert.deepEqual(s.RestoreMetadataOverrides, { availabilityZone: 'us-east-1b' });
    assert.equal(s.ValidationWindowHours, 4);
  });

  it('refuses bad selections with AWS error names', async () => {
    const cases: [Parameters<typeof selectionInput>[1], string, string, RegExp][] = [
      [{}, 'bad-name', 'InvalidParameterValueException', /RestoreTestingSelectionName 'bad-name'/],
      [{ ProtectedResourceType: 'Redshift' }, 's1', 'InvalidParameterValueException', /Invalid ProtectedResourceType 'Redshift'/],
      [{ IamRoleArn: 'role' }, 's2', 'InvalidParameterValueException', /IamRoleArn/],
      [{ ProtectedResourceArns: ['*', VOLUME] }, 's3', 'InvalidParameterValueException', /either \["\*"\] or specific ARNs/],
      [
        { ProtectedResourceArns: [VOLUME], ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }] } },
        's4',
        'InvalidParameterValueException',
        /Cannot select by both/,
      ],
      [{ ProtectedResourceArns: [TABLE] }, 's5', 'InvalidParameterValueException', /is a DynamoDB resource, but the selection's ProtectedResourceType is EBS/],
      [{ ProtectedResourceArns: [] }, 's6', 'MissingParameterValueException', /ProtectedResourceArns/],
      [{ ValidationWindowHours: 169 }, 's7', 'InvalidParameterValueException', /ValidationWindowHours must be an integer from 0 to 168/],
      [
        { ProtectedResourceArns: Array.from({ length: 31 }, (_, i) => `arn:aws:ec2:us-east-1:111111111111:volume/vol-${String(i).padStart(17, '0')}`) },
        's8',
        'InvalidParameterValueException',
        /at most 30 specific ARNs; got 31/,
      ],
      [{ ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/aws:x', Value: '1' }] } }, 's9', 'InvalidParameterValueException', /tag keys may not begin with 'aws:'/],
      [{ ProtectedResourceConditions: { StringEquals: [{ Key: 'env', Value: '1' }] } }, 's11', 'InvalidParameterValueException', /name the tag as aws:ResourceTag\/<tag key>, for example aws:ResourceTag\/env/],
      [{ ProtectedResourceConditions: { StringNotEquals: [{ Key: 'aws:ResourceTag/', Value: '1' }] } }, 's12', 'InvalidParameterValueException', /the tag key after aws:ResourceTag\/ has 1 to 128/],
      [{ RestoreMetadataOverrides: { kmsKeyId: 'a', KMSKEYID: 'b' } }, 's10', 'InvalidParameterValueException', /not case sensitive/],
    ];
    for (const [i, [extra, name, error, message]] of cases.entries()) {
      const e = await errorOf(() => createSelection(t.client, 'p', name, extra));
      assert.equal(e.name, error, `case ${i}: ${e.message}`);
      assert.match(e.message, message);
    }
    const noPlan = await errorOf(() => createSelection(t.client, 'nope', 'x'));
    assert.equal(noPlan.name, 'ResourceNotFoundException');
    assert.match(noPlan.message, /Restore testing plan nope does not exist/);
  });

  it('takes one selection per resource type and one per name', async () => {
    await t.client.send(new CreateRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelection: selectionInput('ebs_sel'), CreatorRequestId: 'r1' }));
    const retried = await t.client.send(
      new CreateRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelection: selectionInput('ebs_sel'), CreatorRequestId: 'r1' }),
    );
    assert.equal(retried.RestoreTestingSelectionName, 'ebs_sel');
    const dup = await errorOf(() => createSelection(t.client, 'p', 'ebs_sel', { ProtectedResourceType: 'DynamoDB' }));
    assert.equal(dup.name, 'AlreadyExistsException');
    const sameType = await errorOf(() => createSelection(t.client, 'p', 'ebs_two', { ProtectedResourceArns: [VOLUME] }));
    assert.equal(sameType.name, 'InvalidParameterValueException');
    assert.match(sameType.message, /already has a selection for EBS resources \(ebs_sel\)/);
    await createSelection(t.client, 'p', 'ddb_sel', { ProtectedResourceType: 'DynamoDB', ProtectedResourceArns: [TABLE] });
  });

  it('lists selections of one plan a page at a time', async () => {
    await createPlan(t.client, 'other');
    await createSelection(t.client, 'other', 'elsewhere');
    await createSelection(t.client, 'p', 'ebs_sel', { ValidationWindowHours: 2 });
    await createSelection(t.client, 'p', 'ddb_sel', { ProtectedResourceType: 'DynamoDB' });
    const first = await t.client.send(new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: 'p', MaxResults: 1 }));
    assert.deepEqual(first.RestoreTestingSelections!.map((s) => s.RestoreTestingSelectionName), ['ebs_sel']);
    assert.equal(first.RestoreTestingSelections![0]!.ValidationWindowHours, 2);
    assert.equal(first.RestoreTestingSelections![0]!.RestoreTestingPlanName, 'p');
    const second = await t.client.send(new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: 'p', MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual(second.RestoreTestingSelections!.map((s) => s.RestoreTestingSelectionName), ['ddb_sel']);
    assert.equal(second.NextToken, undefined);
    const replay = await errorOf(() => t.client.send(new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: 'other', NextToken: first.NextToken })));
    assert.equal(replay.name, 'InvalidParameterValueException');
    const missing = await errorOf(() => t.client.send(new ListRestoreTestingSelectionsCommand({ RestoreTestingPlanName: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('updates a selection: ARNs or conditions, never both', async () => {
    await createSelection(t.client, 'p', 'ebs_sel', { ProtectedResourceArns: [VOLUME] });
    await t.advance(30);
    const out = await t.client.send(
      new UpdateRestoreTestingSelectionCommand({
        RestoreTestingPlanName: 'p',
        RestoreTestingSelectionName: 'ebs_sel',
        RestoreTestingSelection: { ProtectedResourceArns: [VOLUME, VOLUME2], ValidationWindowHours: 12 },
      }),
    );
    assert.equal(out.RestoreTestingPlanArn, planArn);
    assert.deepEqual(out.UpdateTime, new Date(t.hf.clock.nowMs()));
    let s = await get('ebs_sel');
    assert.deepEqual(s.ProtectedResourceArns, [VOLUME, VOLUME2]);
    assert.equal(s.ValidationWindowHours, 12);
    assert.equal(s.IamRoleArn, ROLE);

    const both = await errorOf(() =>
      t.client.send(
        new UpdateRestoreTestingSelectionCommand({
          RestoreTestingPlanName: 'p',
          RestoreTestingSelectionName: 'ebs_sel',
          RestoreTestingSelection: { ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }] } },
        }),
      ),
    );
    assert.equal(both.name, 'InvalidParameterValueException');
    assert.match(both.message, /Cannot select by both/);

    await t.client.send(
      new UpdateRestoreTestingSelectionCommand({
        RestoreTestingPlanName: 'p',
        RestoreTestingSelectionName: 'ebs_sel',
        RestoreTestingSelection: { ProtectedResourceArns: ['*'], ProtectedResourceConditions: { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }] } },
      }),
    );
    s = await get('ebs_sel');
    assert.deepEqual(s.ProtectedResourceArns, ['*']);
    assert.deepEqual(s.ProtectedResourceConditions, { StringEquals: [{ Key: 'aws:ResourceTag/env', Value: 'prod' }] });

    const missing = await errorOf(() =>
      t.client.send(new UpdateRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelectionName: 'nope', RestoreTestingSelection: {} })),
    );
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('deletes a selection', async () => {
    await createSelection(t.client, 'p', 'ebs_sel');
    await t.client.send(new DeleteRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelectionName: 'ebs_sel' }));
    assert.equal((await errorOf(() => get('ebs_sel'))).name, 'ResourceNotFoundException');
    const again = await errorOf(() => t.client.send(new DeleteRestoreTestingSelectionCommand({ RestoreTestingPlanName: 'p', RestoreTestingSelectionName: 'ebs_sel' })));
    assert.equal(again.name, 'ResourceNotFoundException');
    assert.match(again.message, /Restore testing selection ebs_sel does not exist in restore testing plan p/);
  });
});
