import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  DeleteBackupPlanCommand,
  DeleteBackupSelectionCommand,
  GetBackupPlanCommand,
  ListBackupPlansCommand,
  ListBackupPlanVersionsCommand,
  UpdateBackupPlanCommand,
  type BackupPlanInput,
  type BackupRuleInput,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 86_400_000;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/BackupRole`;
const rule = (extra: Partial<BackupRuleInput> = {}): BackupRuleInput => ({ RuleName: 'daily', TargetBackupVaultName: 'vault1', ...extra });
const plan = (extra: Partial<BackupPlanInput> = {}): BackupPlanInput => ({ BackupPlanName: 'plan1', Rules: [rule()], ...extra });

describe('backup plans', () => {
  let t: TestServer;
  /** Each test starts at a UTC midnight (the clock never goes back, so it moves to the next one). */
  let start: Date;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    const now = t.hf.clock.nowMs();
    const midnight = Math.ceil((now + 1) / DAY) * DAY;
    await t.advance((midnight - now) / 1000);
    start = t.hf.clock.now();
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault1' }));
  });

  const create = (p: BackupPlanInput, extra: { CreatorRequestId?: string; BackupPlanTags?: Record<string, string> } = {}) =>
    t.client.send(new CreateBackupPlanCommand({ BackupPlan: p, ...extra }));

  it('creates a plan and answers it with AWS defaults filled in', async () => {
    const created = await create(plan(), { CreatorRequestId: 'req-1', BackupPlanTags: { team: 'ops' } });
    assert.match(created.BackupPlanId!, /^[0-9a-f-]{36}$/);
    assert.equal(created.BackupPlanArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-plan:${created.BackupPlanId}`);
    assert.deepEqual(created.CreationDate, start);
    assert.ok(created.VersionId && created.VersionId.length > 10);
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.equal(got.VersionId, created.VersionId);
    assert.equal(got.CreatorRequestId, 'req-1');
    assert.deepEqual(got.CreationDate, start);
    assert.equal(got.DeletionDate, undefined);
    assert.equal(got.LastExecutionDate, undefined);
    const r = got.BackupPlan!.Rules![0]!;
    assert.equal(got.BackupPlan!.BackupPlanName, 'plan1');
    assert.match(r.RuleId!, /^[0-9a-f-]{36}$/);
    assert.equal(r.ScheduleExpression, 'cron(0 5 ? * * *)');
    assert.equal(r.ScheduleExpressionTimezone, 'Etc/UTC');
    assert.equal(r.StartWindowMinutes, 480);
    assert.equal(r.CompletionWindowMinutes, 10080);
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: created.BackupPlanArn }))).Tags, { team: 'ops' });
  });

  it('is idempotent on CreatorRequestId and refuses the same plan document twice', async () => {
    const a = await create(plan(), { CreatorRequestId: 'same' });
    const b = await create(plan({ BackupPlanName: 'other-name' }), { CreatorRequestId: 'same' });
    assert.equal(b.BackupPlanId, a.BackupPlanId);
    assert.equal(b.VersionId, a.VersionId);
    const dup = await errorOf(() => create(plan(), { CreatorRequestId: 'different' }));
    assert.equal(dup.name, 'AlreadyExistsException');
    assert.equal(dup.message, 'Backup plan with the same plan document already exists');
    assert.equal((dup as unknown as { Arn?: string }).Arn, a.BackupPlanArn);
    // The same name with another document is a second plan, as in AWS.
    const c = await create(plan({ Rules: [rule({ ScheduleExpression: 'cron(0 6 ? * * *)' })] }));
    assert.notEqual(c.BackupPlanId, a.BackupPlanId);
    const bad = await errorOf(() => create(plan({ BackupPlanName: 'x2' }), { CreatorRequestId: 'has space' }));
    assert.equal(bad.name, 'InvalidParameterValueException');
  });

  it('keeps every version: updates are new versions, old ones stay readable', async () => {
    const created = await create(plan());
    const v1 = created.VersionId!;
    const ruleId = (await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }))).BackupPlan!.Rules![0]!.RuleId;
    await t.advance(3600);
    const updated = await t.client.send(
      new UpdateBackupPlanCommand({
        BackupPlanId: created.BackupPlanId,
        BackupPlan: plan({ Rules: [rule({ ScheduleExpression: 'cron(0 7 ? * * *)' }), rule({ RuleName: 'weekly', ScheduleExpression: 'cron(0 3 ? * SUN *)' })] }),
      }),
    );
    assert.notEqual(updated.VersionId, v1);
    assert.deepEqual(updated.CreationDate, new Date(start.getTime() + 3600_000));
    const current = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.equal(current.VersionId, updated.VersionId);
    assert.equal(current.BackupPlan!.Rules!.length, 2);
    assert.equal(current.BackupPlan!.Rules![0]!.RuleId, ruleId, 'a rule keeps its id across versions');
    const old = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, VersionId: v1 }));
    assert.equal(old.VersionId, v1);
    assert.equal(old.BackupPlan!.Rules!.length, 1);
    assert.equal(old.BackupPlan!.Rules![0]!.ScheduleExpression, 'cron(0 5 ? * * *)');
    const missing = await errorOf(() => t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, VersionId: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    // AWS's text (docs/error-messages.md).
    assert.equal(missing.message, 'Failed reading Backup plan with provided version');
    const versions = await t.client.send(new ListBackupPlanVersionsCommand({ BackupPlanId: created.BackupPlanId }));
    assert.deepEqual(versions.BackupPlanVersionsList!.map((v) => v.VersionId), [v1, updated.VersionId]);
    const page = await t.client.send(new ListBackupPlanVersionsCommand({ BackupPlanId: created.BackupPlanId, MaxResults: 1 }));
    assert.equal(page.BackupPlanVersionsList!.length, 1);
    assert.ok(page.NextToken);
  });

  it('deletes with a DeletionDate, refuses while selections exist, and lists deleted plans on request', async () => {
    const a = await create(plan());
    const b = await create(plan({ BackupPlanName: 'plan2' }));
    const sel = await t.client.send(
      new CreateBackupSelectionCommand({ BackupPlanId: a.BackupPlanId, BackupSelection: { SelectionName: 's', IamRoleArn: ROLE, Resources: ['*'] } }),
    );
    const refused = await errorOf(() => t.client.send(new DeleteBackupPlanCommand({ BackupPlanId: a.BackupPlanId })));
    assert.equal(refused.name, 'InvalidRequestException');
    assert.equal(refused.message, 'Related backup plan selections must be deleted prior to backup plan deletion');
    await t.client.send(new DeleteBackupSelectionCommand({ BackupPlanId: a.BackupPlanId, SelectionId: sel.SelectionId }));
    await t.advance(60);
    const deleted = await t.client.send(new DeleteBackupPlanCommand({ BackupPlanId: a.BackupPlanId }));
    assert.equal(deleted.BackupPlanId, a.BackupPlanId);
    assert.equal(deleted.BackupPlanArn, a.BackupPlanArn);
    assert.equal(deleted.VersionId, a.VersionId);
    assert.deepEqual(deleted.DeletionDate, new Date(start.getTime() + 60_000));
    // Deleted: not found by its id alone; its VersionId still answers it, with the DeletionDate.
    const gone = await errorOf(() => t.client.send(new GetBackupPlanCommand({ BackupPlanId: a.BackupPlanId })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, 'Failed reading Backup plan with provided version');
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: a.BackupPlanId, VersionId: a.VersionId }));
    assert.deepEqual(got.DeletionDate, deleted.DeletionDate);
    assert.equal(got.BackupPlan?.BackupPlanName, 'plan1');
    const active = await t.client.send(new ListBackupPlansCommand({}));
    assert.deepEqual(active.BackupPlansList!.map((p) => p.BackupPlanId), [b.BackupPlanId]);
    const all = await t.client.send(new ListBackupPlansCommand({ IncludeDeleted: true }));
    assert.deepEqual(all.BackupPlansList!.map((p) => p.BackupPlanId), [a.BackupPlanId, b.BackupPlanId]);
    assert.deepEqual(all.BackupPlansList![0]!.DeletionDate, deleted.DeletionDate);
    assert.equal(all.BackupPlansList![1]!.BackupPlanName, 'plan2');
    for (const fn of [
      () => t.client.send(new DeleteBackupPlanCommand({ BackupPlanId: a.BackupPlanId })),
      () => t.client.send(new UpdateBackupPlanCommand({ BackupPlanId: a.BackupPlanId, BackupPlan: plan() })),
      () => t.client.send(new GetBackupPlanCommand({ BackupPlanId: 'no-such-plan' })),
    ]) {
      assert.equal((await errorOf(fn)).name, 'ResourceNotFoundException');
    }
    const unknown = await errorOf(() => t.client.send(new GetBackupPlanCommand({ BackupPlanId: 'no-such-plan' })));
    assert.equal(unknown.message, 'Failed reading Backup plan with provided version');
    // Its document no longer counts as a duplicate.
    await create(plan());
  });

  it('lists plans in pages and scopes them by account and region', async () => {
    for (let i = 0; i < 5; i++) await create(plan({ BackupPlanName: `p${i}` }));
    const first = await t.client.send(new ListBackupPlansCommand({ MaxResults: 2 }));
    assert.equal(first.BackupPlansList!.length, 2);
    const rest = await t.client.send(new ListBackupPlansCommand({ MaxResults: 10, NextToken: first.NextToken }));
    assert.deepEqual([...first.BackupPlansList!, ...rest.BackupPlansList!].map((p) => p.BackupPlanName), ['p0', 'p1', 'p2', 'p3', 'p4']);
    assert.equal(rest.NextToken, undefined);
    const other = t.clientFor('222222222222');
    assert.equal((await other.send(new ListBackupPlansCommand({}))).BackupPlansList!.length, 0);
    const id = first.BackupPlansList![0]!.BackupPlanId;
    assert.equal((await errorOf(() => other.send(new GetBackupPlanCommand({ BackupPlanId: id })))).name, 'ResourceNotFoundException');
  });

  it('keeps AdvancedBackupSettings (WindowsVSS for EC2) and checks them', async () => {
    const settings = [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }];
    const created = await create(plan({ AdvancedBackupSettings: settings }));
    assert.deepEqual(created.AdvancedBackupSettings, settings);
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.deepEqual(got.AdvancedBackupSettings, settings);
    assert.deepEqual(got.BackupPlan!.AdvancedBackupSettings, settings);
    const listed = await t.client.send(new ListBackupPlansCommand({}));
    assert.deepEqual(listed.BackupPlansList![0]!.AdvancedBackupSettings, settings);
    for (const bad of [
      [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'maybe' } }],
      [{ ResourceType: 'EC2', BackupOptions: { Other: 'enabled' } }],
      [{ ResourceType: 'RDS', BackupOptions: { WindowsVSS: 'enabled' } }],
    ]) {
      const e = await errorOf(() => create(plan({ BackupPlanName: 'vss', AdvancedBackupSettings: bad })));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(bad));
    }
  });

  it('previews the next scheduled runs', async () => {
    const created = await create(
      plan({
        Rules: [
          rule({ ScheduleExpression: 'cron(0 5 ? * * *)' }),
          rule({ RuleName: 'pitr', ScheduleExpression: 'cron(0 2 ? * * *)', EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } }),
        ],
      }),
    );
    const at = (hours: number): string => new Date(start.getTime() + hours * 3600_000).toISOString();
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, MaxScheduledRunsPreview: 3 }));
    const [daily, pitr] = got.BackupPlan!.Rules!;
    assert.deepEqual(
      got.ScheduledRunsPreview!.map((r) => [r.ExecutionTime!.toISOString(), r.RuleId, r.RuleExecutionType]),
      [
        [at(2), pitr!.RuleId, 'CONTINUOUS_AND_SNAPSHOTS'],
        [at(5), daily!.RuleId, 'SNAPSHOTS'],
        [at(24 + 2), pitr!.RuleId, 'CONTINUOUS_AND_SNAPSHOTS'],
      ],
    );
    const none = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId }));
    assert.equal(none.ScheduledRunsPreview, undefined);
    const e = await errorOf(() => t.client.send(new GetBackupPlanCommand({ BackupPlanId: created.BackupPlanId, MaxScheduledRunsPreview: 11 })));
    assert.equal(e.name, 'InvalidParameterValueException');
  });
});
