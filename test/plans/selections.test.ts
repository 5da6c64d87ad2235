import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  GetBackupSelectionCommand,
  ListBackupSelectionsCommand,
  type BackupSelection,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`;
const selection = (extra: Partial<BackupSelection> = {}): BackupSelection => ({ SelectionName: 'sel', IamRoleArn: ROLE, Resources: ['*'], ...extra });

describe('backup selections', () => {
  let t: TestServer;
  let planId: string;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault1' }));
    const p = await t.client.send(
      new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'p', Rules: [{ RuleName: 'r', TargetBackupVaultName: 'vault1' }] } }),
    );
    planId = p.BackupPlanId!;
  });

  const create = (s: BackupSelection, creatorRequestId?: string) =>
    t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: planId, BackupSelection: s, CreatorRequestId: creatorRequestId }));

  it('creates, reads back in AWS form, lists and deletes a selection', async () => {
    const now = t.hf.clock.now();
    const created = await create(
      selection({
        Resources: ['arn:aws:ec2:*:*:volume/*'],
        Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }] },
      }),
      'sel-req',
    );
    assert.match(created.SelectionId!, /^[0-9a-f-]{36}$/);
    assert.equal(created.BackupPlanId, planId);
    assert.deepEqual(created.CreationDate, now);
    const got = await t.client.send(new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId }));
    assert.equal(got.SelectionId, created.SelectionId);
    assert.equal(got.CreatorRequestId, 'sel-req');
    assert.deepEqual(got.BackupSelection, {
      SelectionName: 'sel',
      IamRoleArn: ROLE,
      Resources: ['arn:aws:ec2:*:*:volume/*'],
      ListOfTags: [],
      NotResources: [],
      Conditions: {
        StringEquals: [{ ConditionKey: 'aws:ResourceTag/backup', ConditionValue: 'yes' }],
        StringNotEquals: [],
        StringLike: [],
        StringNotLike: [],
      },
    });
    const listed = await t.client.send(new ListBackupSelectionsCommand({ BackupPlanId: planId }));
    assert.deepEqual(listed.BackupSelectionsList, [
      { SelectionId: created.SelectionId, SelectionName: 'sel', BackupPlanId: planId, CreationDate: now, CreatorRequestId: 'sel-req', IamRoleArn: ROLE },
    ]);
    await t.client.send(new DeleteBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId }));
    const gone = await errorOf(() => t.client.send(new GetBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    const again = await errorOf(() => t.client.send(new DeleteBackupSelectionCommand({ BackupPlanId: planId, SelectionId: created.SelectionId })));
    assert.equal(again.name, 'ResourceNotFoundException');
    await t.client.send(new DeleteBackupPlanCommand({ BackupPlanId: planId }));
  });

  it('needs Resources or ListOfTags, as AWS does', async () => {
    for (const s of [
      selection({ Resources: [] }),
      selection({ Resources: undefined, Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/a', ConditionValue: 'b' }] } }),
      selection({ Resources: undefined, NotResources: ['arn:aws:ec2:*:*:volume/*'] }),
    ]) {
      const e = await errorOf(() => create(s));
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.equal(e.message, "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty.");
    }
    await create(selection({ Resources: undefined, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'daily' }] }));
  });

  it('checks names, roles, ARNs, condition keys and the ListOfTags operator', async () => {
    const cases: [BackupSelection, RegExp][] = [
      [selection({ SelectionName: 'no spaces' }), /Invalid selection name/],
      [selection({ IamRoleArn: 'BackupRole' }), /Invalid IamRoleArn 'BackupRole': expected an IAM role ARN such as/],
      [selection({ Resources: ['vol-123'] }), /Invalid ARN 'vol-123' in Resources/],
      [selection({ NotResources: ['nope'] }), /Invalid ARN 'nope' in NotResources/],
      [selection({ Resources: Array.from({ length: 31 }, (_, i) => `arn:aws:s3:::b${i}-*`) }), /at most 30 ARNs with wildcards/],
      [selection({ Resources: Array.from({ length: 501 }, (_, i) => `arn:aws:s3:::b${i}`) }), /at most 500 ARNs/],
      [selection({ Conditions: { StringLike: [{ ConditionKey: 'backup', ConditionValue: 'x*' }] } }), /Conditions name tags as aws:ResourceTag\/KEY/],
      [selection({ Conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/x' }] } }), /needs a ConditionKey and a ConditionValue/],
    ];
    for (const [s, message] of cases) {
      const e = await errorOf(() => create(s));
      assert.equal(e.name, 'InvalidParameterValueException', String(message));
      assert.match(e.message, message);
    }
    const op = await errorOf(() =>
      create(selection({ ListOfTags: [{ ConditionType: 'STRINGLIKE' as 'STRINGEQUALS', ConditionKey: 'a', ConditionValue: 'b' }] })),
    );
    assert.equal(op.name, 'InvalidParameterValueException');
  });

  it('is idempotent on CreatorRequestId, refuses a duplicate name, and needs a live plan', async () => {
    const a = await create(selection(), 'tok');
    const b = await create(selection({ SelectionName: 'whatever' }), 'tok');
    assert.equal(b.SelectionId, a.SelectionId);
    const dup = await errorOf(() => create(selection(), 'tok2'));
    assert.equal(dup.name, 'AlreadyExistsException');
    const noPlan = await errorOf(() =>
      t.client.send(new CreateBackupSelectionCommand({ BackupPlanId: 'no-such-plan', BackupSelection: selection() })),
    );
    assert.equal(noPlan.name, 'InvalidParameterValueException');
    // Terraform treats an InvalidParameterValueException containing "Cannot find Backup plan" as not-found.
    assert.equal(noPlan.message, 'Cannot find Backup plan with ID no-such-plan');
    const list = await errorOf(() => t.client.send(new ListBackupSelectionsCommand({ BackupPlanId: 'no-such-plan' })));
    assert.equal(list.name, 'ResourceNotFoundException');
  });

  it('allows 50 selections per plan and pages through them', async () => {
    for (let i = 0; i < 50; i++) await create(selection({ SelectionName: `s${i}` }));
    const over = await errorOf(() => create(selection({ SelectionName: 's50' })));
    assert.equal(over.name, 'LimitExceededException');
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListBackupSelectionsCommand({ BackupPlanId: planId, MaxResults: 20, NextToken: token }));
      names.push(...page.BackupSelectionsList!.map((s) => s.SelectionName!));
      token = page.NextToken;
    } while (token);
    assert.equal(names.length, 50);
    assert.equal(new Set(names).size, 50);
  });
});
