/**
 * Compliance report plans as AWS validates them: FrameworkArns is optional (a plan without it
 * covers every framework of its accounts and Regions), and frameworks cannot be combined with
 * Accounts, OrganizationUnits or Regions (the Terraform provider's issue 32235).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFrameworkCommand,
  CreateReportPlanCommand,
  DescribeReportPlanCommand,
  UpdateReportPlanCommand,
  type BackupClient,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { A, B, csvObjects, MGMT, orgReportSuite, runReportJob } from './harness.js';

const CHANNEL = { S3BucketName: 'reports' };

describe('compliance report plans without FrameworkArns', () => {
  const { t, read } = orgReportSuite();
  const framework = async (c: BackupClient, name: string) =>
    (await c.send(new CreateFrameworkCommand({ FrameworkName: name, FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }] }))).FrameworkArn!;
  const frameworksOf = (rows: Record<string, string>[]) => rows.map((r) => `${r.accountId}/${r.region}/${r.frameworkName}`).sort();

  it('accepts both compliance templates with no FrameworkArns and echoes the setting as sent, with no Formats', async () => {
    for (const template of ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT']) {
      const name = template.split('_')[0]!;
      await t.client.send(new CreateReportPlanCommand({ ReportPlanName: name, ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: template } }));
      const p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: name }))).ReportPlan!;
      assert.deepEqual(p.ReportSetting, { ReportTemplate: template, NumberOfFrameworks: 0 });
      // Formats was not sent: none is echoed (the reports are CSV, AWS's default).
      assert.deepEqual(p.ReportDeliveryChannel, { S3BucketName: 'reports' });
    }
  });

  it("reports on every framework of the plan's own account and Region, in CSV by default", async () => {
    await framework(t.client, 'First');
    await framework(t.client, 'Second');
    await framework(t.clientFor(ACCOUNT, 'us-west-2'), 'Elsewhere');
    await framework(t.clientFor(A), 'OtherAccount');
    await t.advance(60);
    await t.client.send(new CreateReportPlanCommand({ ReportPlanName: 'Mine', ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT' } }));
    const job = await runReportJob(t, t.client, 'Mine');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    assert.match(job.ReportDestination!.S3Keys![0]!, /\.csv$/);
    assert.deepEqual(frameworksOf(csvObjects(await read(job))), [`${ACCOUNT}/us-east-1/First`, `${ACCOUNT}/us-east-1/Second`]);
  });

  it('covers the frameworks of other accounts and Regions for the management account; frameworks cannot be named with them', async () => {
    const mgmt = t.clientFor(MGMT);
    const fw = await framework(mgmt, 'Own');
    await framework(t.clientFor(A), 'InA');
    await framework(t.clientFor(B, 'us-west-2'), 'InB');
    await framework(t.clientFor('222222222222'), 'Outsider');
    await t.advance(60);
    await mgmt.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'Org',
        ReportDeliveryChannel: CHANNEL,
        ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', Accounts: [A], OrganizationUnits: ['ou-ab12-cd34ef56'], Regions: ['*'] },
      }),
    );
    const job = await runReportJob(t, mgmt, 'Org');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    assert.deepEqual(frameworksOf(csvObjects(await read(job))), [`${A}/us-east-1/InA`, `${B}/us-west-2/InB`]);

    // AWS: "When you are creating a multi-account report, you cannot specify a framework."
    for (const extra of [{ Accounts: [A] }, { OrganizationUnits: ['ou-ab12-cd34ef56'] }, { Regions: ['us-west-2'] }]) {
      const e = await errorOf(() =>
        mgmt.send(
          new CreateReportPlanCommand({ ReportPlanName: 'Mixed', ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw], ...extra } }),
        ),
      );
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.equal(e.message, 'Invalid parameter: For multi-account, multi-Region reports, use Accounts, OrganizationUnits and Regions');
    }
    // A member account cannot name other accounts, whatever the template.
    const member = await errorOf(() =>
      t.clientFor(A).send(new CreateReportPlanCommand({ ReportPlanName: 'Peek', ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', Accounts: [B] } })),
    );
    assert.equal(member.name, 'InvalidParameterValueException');
    assert.match(member.message, /management account/);
  });

  it('updates a plan from named frameworks to accounts and Regions', async () => {
    const mgmt = t.clientFor(MGMT);
    const fw = await framework(mgmt, 'Own');
    await t.advance(60);
    await mgmt.send(new CreateReportPlanCommand({ ReportPlanName: 'P', ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw] } }));
    await t.advance(60);
    await mgmt.send(
      new UpdateReportPlanCommand({ ReportPlanName: 'P', ReportDeliveryChannel: CHANNEL, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', Accounts: ['ROOT'], Regions: ['*'] } }),
    );
    const p = (await mgmt.send(new DescribeReportPlanCommand({ ReportPlanName: 'P' }))).ReportPlan!;
    assert.deepEqual(p.ReportSetting, { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', NumberOfFrameworks: 0, Accounts: ['ROOT'], Regions: ['*'] });
  });
});
