import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupVaultCommand,
  ExportBackupPlanTemplateCommand,
  GetBackupPlanFromJSONCommand,
  GetBackupPlanFromTemplateCommand,
  ListBackupPlanTemplatesCommand,
  type BackupPlanInput,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';

describe('backup plan templates and JSON documents', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => {
    await t.admin('POST', '/reset');
  });

  it('lists the templates AWS offers, in pages', async () => {
    const all = await t.client.send(new ListBackupPlanTemplatesCommand({}));
    assert.deepEqual(all.BackupPlanTemplatesList!.map((x) => x.BackupPlanTemplateName), [
      'Daily-35day-Retention',
      'Daily-Monthly-1yr-Retention',
      'Daily-Weekly-Monthly-5yr-Retention',
      'Daily-Weekly-Monthly-7yr-Retention',
    ]);
    assert.equal(all.BackupPlanTemplatesList![0]!.BackupPlanTemplateId, '87c0c1ef-254d-4180-8fef-2e76a2c38aaa');
    const first = await t.client.send(new ListBackupPlanTemplatesCommand({ MaxResults: 3 }));
    assert.equal(first.BackupPlanTemplatesList!.length, 3);
    const rest = await t.client.send(new ListBackupPlanTemplatesCommand({ MaxResults: 3, NextToken: first.NextToken }));
    assert.deepEqual(rest.BackupPlanTemplatesList!.map((x) => x.BackupPlanTemplateName), ['Daily-Weekly-Monthly-7yr-Retention']);
    assert.equal(rest.NextToken, undefined);
  });

  it('turns a template into a plan document', async () => {
    const daily = await t.client.send(new GetBackupPlanFromTemplateCommand({ BackupPlanTemplateId: '87c0c1ef-254d-4180-8fef-2e76a2c38aaa' }));
    assert.deepEqual(daily.BackupPlanDocument, {
      BackupPlanName: 'Daily-35day-Retention',
      Rules: [
        { RuleName: 'DailyBackups', ScheduleExpression: 'cron(0 5 ? * * *)', StartWindowMinutes: 480, CompletionWindowMinutes: 10080, Lifecycle: { DeleteAfterDays: 35 } },
      ],
    });
    const list = await t.client.send(new ListBackupPlanTemplatesCommand({}));
    const yearly = list.BackupPlanTemplatesList!.find((x) => x.BackupPlanTemplateName === 'Daily-Monthly-1yr-Retention')!;
    const doc = (await t.client.send(new GetBackupPlanFromTemplateCommand({ BackupPlanTemplateId: yearly.BackupPlanTemplateId }))).BackupPlanDocument!;
    assert.deepEqual(doc.Rules!.map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle]), [
      ['DailyBackups', 'cron(0 5 ? * * *)', { DeleteAfterDays: 35 }],
      ['MonthlyBackups', 'cron(0 5 1 * ? *)', { MoveToColdStorageAfterDays: 30, DeleteAfterDays: 365 }],
    ]);
    const seven = list.BackupPlanTemplatesList!.find((x) => x.BackupPlanTemplateName === 'Daily-Weekly-Monthly-7yr-Retention')!;
    const doc7 = (await t.client.send(new GetBackupPlanFromTemplateCommand({ BackupPlanTemplateId: seven.BackupPlanTemplateId }))).BackupPlanDocument!;
    assert.deepEqual(doc7.Rules!.map((r) => r.RuleName), ['DailyBackups', 'WeeklyBackups', 'MonthlyBackups']);
    assert.equal(doc7.Rules![2]!.Lifecycle!.DeleteAfterDays, 2555);
    const missing = await errorOf(() => t.client.send(new GetBackupPlanFromTemplateCommand({ BackupPlanTemplateId: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('parses and checks a JSON plan document, bare or wrapped in BackupPlan', async () => {
    const body: BackupPlanInput = {
      BackupPlanName: 'from-json',
      Rules: [{ RuleName: 'r', TargetBackupVaultName: 'anyvault', ScheduleExpression: 'cron(0 3 ? * * *)', Lifecycle: { DeleteAfterDays: 7 } }],
    };
    for (const json of [JSON.stringify(body), JSON.stringify({ BackupPlan: body })]) {
      const out = await t.client.send(new GetBackupPlanFromJSONCommand({ BackupPlanTemplateJson: json }));
      assert.equal(out.BackupPlan!.BackupPlanName, 'from-json');
      const r = out.BackupPlan!.Rules![0]!;
      assert.equal(r.ScheduleExpression, 'cron(0 3 ? * * *)');
      assert.equal(r.StartWindowMinutes, 480);
      assert.deepEqual(r.Lifecycle, { DeleteAfterDays: 7 });
    }
    const cases: [string, string, RegExp][] = [
      ['{not json', 'InvalidParameterValueException', /not valid JSON/],
      ['[1,2]', 'InvalidParameterValueException', /must be a JSON object/],
      [JSON.stringify({ BackupPlanName: 'x' }), 'MissingParameterValueException', /Rules/],
      [JSON.stringify({ BackupPlanName: 'x', Rules: 'daily' }), 'InvalidParameterValueException', /expected a list/],
      [JSON.stringify({ ...body, Rules: [{ ...body.Rules![0], StartWindowMinutes: 5 }] }), 'InvalidParameterValueException', /Error in rule r : StartWindowMinutes must be at least 60/],
    ];
    for (const [json, name, message] of cases) {
      const e = await errorOf(() => t.client.send(new GetBackupPlanFromJSONCommand({ BackupPlanTemplateJson: json })));
      assert.equal(e.name, name, json);
      assert.match(e.message, message);
    }
  });

  it('exports a plan as a JSON document that GetBackupPlanFromJSON and CreateBackupPlan take back', async () => {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault1' }));
    const created = await t.client.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'exported',
          Rules: [{ RuleName: 'r', TargetBackupVaultName: 'vault1', ScheduleExpressionTimezone: 'Europe/Paris', RecoveryPointTags: { a: 'b' } }],
          AdvancedBackupSettings: [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }],
        },
      }),
    );
    const exported = await t.client.send(new ExportBackupPlanTemplateCommand({ BackupPlanId: created.BackupPlanId }));
    const parsed = JSON.parse(exported.BackupPlanTemplateJson!);
    assert.equal(parsed.BackupPlanName, 'exported');
    assert.equal(parsed.Rules[0].RuleId, undefined);
    assert.equal(parsed.Rules[0].ScheduleExpressionTimezone, 'Europe/Paris');
    const back = await t.client.send(new GetBackupPlanFromJSONCommand({ BackupPlanTemplateJson: exported.BackupPlanTemplateJson }));
    assert.deepEqual(back.BackupPlan!.AdvancedBackupSettings, [{ ResourceType: 'EC2', BackupOptions: { WindowsVSS: 'enabled' } }]);
    const again = await errorOf(() => t.client.send(new CreateBackupPlanCommand({ BackupPlan: back.BackupPlan })));
    assert.equal(again.name, 'AlreadyExistsException', 'the exported document is the same plan document');
    const missing = await errorOf(() => t.client.send(new ExportBackupPlanTemplateCommand({ BackupPlanId: 'nope' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });
});
