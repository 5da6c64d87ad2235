import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupVaultCommand,
  GetBackupPlanCommand,
  UpdateBackupPlanCommand,
  type BackupPlanInput,
  type BackupRuleInput,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const rule = (extra: Partial<BackupRuleInput> = {}): BackupRuleInput => ({ RuleName: 'r1', TargetBackupVaultName: 'vault1', ...extra });
const plan = (rules: BackupRuleInput[], name = 'p'): BackupPlanInput => ({ BackupPlanName: name, Rules: rules });
const DEST = 'arn:aws:backup:eu-west-1:222222222222:backup-vault:dr-vault';

describe('backup rule validation', () => {
  let t: TestServer;
  let n = 0;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault1' }));
  });

  /** Creates a plan from the rules (with a fresh name so documents never collide). */
  const create = (rules: BackupRuleInput[]) => t.client.send(new CreateBackupPlanCommand({ BackupPlan: plan(rules, `p${n++}`) }));
  const refusal = async (rules: BackupRuleInput[]) => errorOf(() => create(rules));
  const expectRefused = async (rules: BackupRuleInput[], message: string | RegExp) => {
    const e = await refusal(rules);
    assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(rules));
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
  };

  it('needs unique rule names and at least one rule', async () => {
    await expectRefused([rule(), rule({ ScheduleExpression: 'cron(0 6 ? * * *)' })], /Rule names must be unique within a backup plan; 'r1'/);
    await expectRefused([], /at least one rule/);
    await expectRefused([rule({ RuleName: 'bad name' })], /Invalid rule name 'bad name'/);
    await expectRefused([rule({ RuleName: 'x'.repeat(51) })], /Invalid rule name/);
    const e = await errorOf(() => t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'has space', Rules: [rule()] } })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /Invalid backup plan name/);
  });

  it('needs an existing target vault with a valid name', async () => {
    await expectRefused([rule({ TargetBackupVaultName: 'missing' })], 'Error in rule r1 : Backup vault missing does not exist.');
    await expectRefused([rule({ TargetBackupVaultName: 'a' })], /Error in rule r1 : Invalid backup vault name 'a'/);
  });

  it('parses the schedule as AWS cron and refuses rate() and sub-hourly schedules', async () => {
    for (const good of ['cron(0 5 ? * * *)', 'cron(15 * ? * * *)', 'cron(0 5 L * ? *)', 'cron(0 5 15W * ? *)', 'cron(0 5 ? * MON#1 *)', 'cron(0 5 ? * 2L 2027)']) {
      await create([rule({ ScheduleExpression: good })]);
    }
    await expectRefused([rule({ ScheduleExpression: 'rate(1 day)' })], "Error in rule r1 : Invalid ScheduleExpression 'rate(1 day)': AWS Backup takes cron(...) expressions only, not rate(...).");
    await expectRefused([rule({ ScheduleExpression: 'cron(0 5 * * *)' })], /Error in rule r1 : Invalid ScheduleExpression 'cron\(0 5 \* \* \*\)': a cron expression has 6 fields/);
    await expectRefused([rule({ ScheduleExpression: 'cron(0 5 * * * *)' })], /exactly one of day-of-month and day-of-week must be \?/);
    await expectRefused([rule({ ScheduleExpression: 'cron(0/30 * ? * * *)' })], /at most once an hour/);
    await expectRefused([rule({ ScheduleExpression: 'cron(0 0 30 2 ? *)' })], /never matches any date/);
    const e = await refusal([rule({ ScheduleExpression: 'cron(99 5 ? * * *)' })]);
    assert.equal((e as unknown as { Context?: string }).Context, JSON.stringify(['r1', "Invalid ScheduleExpression 'cron(99 5 ? * * *)': minutes value 99 is outside 0-59."]));
  });

  it('needs a real IANA time zone', async () => {
    const ok = await create([rule({ ScheduleExpressionTimezone: 'America/New_York' })]);
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: ok.BackupPlanId }));
    assert.equal(got.BackupPlan!.Rules![0]!.ScheduleExpressionTimezone, 'America/New_York');
    for (const bad of ['Mars/Base', 'EST+5', '+02:00', 'Europe/Pariss']) {
      await expectRefused([rule({ ScheduleExpressionTimezone: bad })], new RegExp(`Error in rule r1 : Invalid ScheduleExpressionTimezone '${bad.replace(/[+]/g, '\\+')}'`));
    }
  });

  it('needs a start window of at least 60 minutes and a larger completion window', async () => {
    await create([rule({ StartWindowMinutes: 60, CompletionWindowMinutes: 61 })]);
    await expectRefused([rule({ StartWindowMinutes: 59 })], 'Error in rule r1 : StartWindowMinutes must be at least 60 minutes; got 59.');
    await expectRefused([rule({ StartWindowMinutes: 120, CompletionWindowMinutes: 120 })], 'Error in rule r1 : CompletionWindowMinutes (120) must be greater than StartWindowMinutes (120).');
    await expectRefused([rule({ StartWindowMinutes: 20000 })], /CompletionWindowMinutes \(10080\) must be greater than StartWindowMinutes \(20000\)/);
    await expectRefused([rule({ CompletionWindowMinutes: 52_560_001 })], /cannot be more than 52560000 minutes/);
  });

  it('checks lifecycles as AWS does', async () => {
    await create([rule({ Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 120 } })]);
    await create([rule({ Lifecycle: { DeleteAfterDays: 1 } })]);
    await expectRefused(
      [rule({ Lifecycle: { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 119 } })],
      'Error in rule r1 : Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays',
    );
    await expectRefused([rule({ Lifecycle: { DeleteAfterDays: 0 } })], 'Error in rule r1 : Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than 36500 days');
    await expectRefused([rule({ Lifecycle: { DeleteAfterDays: 36501 } })], /DeleteAfterDays cannot be less than 1 or more than 36500 days/);
    await expectRefused([rule({ Lifecycle: { DeleteAfterEvent: 'DELETE_AFTER_COPY' } })], /not valid as an input/);
  });

  it('allows continuous backup only with a retention of at most 35 days and no cold storage', async () => {
    await create([rule({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 35 } })]);
    await expectRefused(
      [rule({ EnableContinuousBackup: true, Lifecycle: { DeleteAfterDays: 36 } })],
      'Error in rule r1 : Invalid lifecycle. DeleteAfterDays cannot be less than 1 or more than 35 days for a rule with EnableContinuousBackup',
    );
    await expectRefused(
      [rule({ EnableContinuousBackup: true, Lifecycle: { MoveToColdStorageAfterDays: 1, DeleteAfterDays: 35 } })],
      'Error in rule r1 : Invalid lifecycle. MoveToColdStorageAfterDays is unavailable',
    );
    await expectRefused([rule({ EnableContinuousBackup: true })], 'Error in rule r1 : Lifecycle must be specified for backup rule enabled continuous backup');
  });

  it('needs copy destinations to be backup vault ARNs, with valid lifecycles', async () => {
    const ok = await create([rule({ CopyActions: [{ DestinationBackupVaultArn: DEST, Lifecycle: { DeleteAfterDays: 365 } }] })]);
    const got = await t.client.send(new GetBackupPlanCommand({ BackupPlanId: ok.BackupPlanId }));
    assert.deepEqual(got.BackupPlan!.Rules![0]!.CopyActions, [{ DestinationBackupVaultArn: DEST, Lifecycle: { DeleteAfterDays: 365 } }]);
    for (const bad of ['dr-vault', 'arn:aws:s3:::bucket', 'arn:aws:backup:eu-west-1:222222222222:backup-plan:abc', 'arn:aws:backup:eu-west-1:2222:backup-vault:v', 'arn:aws:backup:moon:222222222222:backup-vault:dr-vault']) {
      await expectRefused([rule({ CopyActions: [{ DestinationBackupVaultArn: bad }] })], new RegExp(`Error in rule r1 : Invalid DestinationBackupVaultArn`));
    }
    await expectRefused(
      [rule({ CopyActions: [{ DestinationBackupVaultArn: DEST, Lifecycle: { MoveToColdStorageAfterDays: 10, DeleteAfterDays: 20 } }] })],
      `Error in rule r1 : Invalid lifecycle in the copy action to ${DEST}. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays`,
    );
  });

  it('checks recovery point tags, index actions and required members', async () => {
    await expectRefused([rule({ RecoveryPointTags: { 'aws:reserved': 'x' } })], /reserved/);
    await expectRefused([rule({ IndexActions: [{ ResourceTypes: ['RDS'] }] })], /exactly one resource type: EBS or S3/);
    const missing = await errorOf(() => t.client.send(new CreateBackupPlanCommand({ BackupPlan: { BackupPlanName: 'p', Rules: [{ RuleName: 'r' }] } as BackupPlanInput })));
    assert.equal(missing.name, 'MissingParameterValueException');
  });

  it('validates updates the same way', async () => {
    const created = await create([rule()]);
    const e = await errorOf(() =>
      t.client.send(new UpdateBackupPlanCommand({ BackupPlanId: created.BackupPlanId, BackupPlan: plan([rule({ StartWindowMinutes: 10 })]) })),
    );
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.equal(e.message, 'Error in rule r1 : StartWindowMinutes must be at least 60 minutes; got 10.');
  });
});
