import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CreateFrameworkCommand,
  CreateReportPlanCommand,
  DeleteFrameworkCommand,
  DeleteReportPlanCommand,
  DescribeReportPlanCommand,
  ListReportPlansCommand,
  UpdateReportPlanCommand,
  type CreateReportPlanCommandInput,
  ListTagsCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf, startTestServer, type TestServer } from '../helpers/server.js';

const MGMT = '100000000001';
const DELEGATED = '100000000002';
const MEMBER = '100000000003';
const OTHER = '999999999999';
const OU = 'ou-ab12-cd34ef56';

export const ORG = {
  managementAccountId: MGMT,
  delegatedAdministrators: [DELEGATED],
  organizationalUnits: [{ id: OU, name: 'Prod', accounts: [MEMBER] }],
  accounts: [DELEGATED],
};

const jobPlan = (name: string, setting: Partial<CreateReportPlanCommandInput['ReportSetting']> = {}, formats?: string[]): CreateReportPlanCommandInput => ({
  ReportPlanName: name,
  ReportDeliveryChannel: { S3BucketName: 'reports', Formats: formats },
  ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', ...setting },
});

describe('audit report plans', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t.close());
  beforeEach(async () => void (await t.admin('POST', '/reset')));

  it('creates a report plan with every field and describes it', async () => {
    const created = t.hf.clock.now();
    const c = await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'Daily_Jobs',
        ReportPlanDescription: 'jobs of the day',
        ReportDeliveryChannel: { S3BucketName: 'my-reports', S3KeyPrefix: 'audit', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: [ACCOUNT], Regions: ['us-east-1'] },
        ReportPlanTags: { team: 'ops' },
        IdempotencyToken: 'tok',
      }),
    );
    assert.match(c.ReportPlanArn!, new RegExp(`^arn:aws:backup:us-east-1:${ACCOUNT}:report-plan:Daily_Jobs-[0-9a-f-]{36}$`));
    assert.deepEqual(c.CreationTime, created);
    let p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'Daily_Jobs' }))).ReportPlan!;
    assert.equal(p.DeploymentStatus, 'CREATE_IN_PROGRESS');
    assert.equal(p.ReportPlanArn, c.ReportPlanArn);
    assert.equal(p.ReportPlanDescription, 'jobs of the day');
    assert.deepEqual(p.ReportDeliveryChannel, { S3BucketName: 'my-reports', S3KeyPrefix: 'audit', Formats: ['CSV', 'JSON'] });
    assert.deepEqual(p.ReportSetting, { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: [ACCOUNT], Regions: ['us-east-1'] });
    assert.equal(p.LastAttemptedExecutionTime, undefined);
    assert.deepEqual((await t.client.send(new ListTagsCommand({ ResourceArn: c.ReportPlanArn }))).Tags, { team: 'ops' });
    await t.advance(60);
    p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'Daily_Jobs' }))).ReportPlan!;
    assert.equal(p.DeploymentStatus, 'COMPLETED');
    // Same token: success, no action. Other token: AlreadyExistsException.
    const again = await t.client.send(new CreateReportPlanCommand({ ...jobPlan('Daily_Jobs'), IdempotencyToken: 'tok' }));
    assert.equal(again.ReportPlanArn, c.ReportPlanArn);
    const dup = await errorOf(() => t.client.send(new CreateReportPlanCommand(jobPlan('Daily_Jobs'))));
    assert.equal(dup.name, 'AlreadyExistsException');
  });

  it('echoes no Formats when none were sent and checks names, buckets, formats and templates', async () => {
    await t.client.send(new CreateReportPlanCommand(jobPlan('Plain')));
    const p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'Plain' }))).ReportPlan!;
    assert.deepEqual(p.ReportDeliveryChannel, { S3BucketName: 'reports' });
    const cases: [CreateReportPlanCommandInput, RegExp][] = [
      [jobPlan('bad-name'), /Invalid report plan name/],
      [jobPlan('_x'), /starting with a letter/],
      [{ ...jobPlan('P'), ReportDeliveryChannel: { S3BucketName: 'Bad_Bucket' } }, /Invalid S3BucketName/],
      [jobPlan('P', {}, ['XML']), /Invalid report format 'XML'/],
      [jobPlan('P', {}, ['CSV', 'CSV']), /same format twice/],
      [jobPlan('P', { ReportTemplate: 'EVERYTHING_REPORT' }), /Invalid ReportTemplate/],
      [jobPlan('P', { ReportTemplate: 'RESOURCE_COMPLIANCE_REPORT', FrameworkArns: [`arn:aws:backup:us-east-1:${ACCOUNT}:framework:Nope-00000000-0000-0000-0000-000000000000`] }), /does not exist/],
      [jobPlan('P', { FrameworkArns: ['arn:aws:backup:us-east-1:111111111111:framework:F-x'] }), /takes no FrameworkArns/],
      [jobPlan('P', { Regions: ['moon-1'] }), /Invalid Region 'moon-1'/],
      [jobPlan('P', { Accounts: ['12'] }), /Invalid account '12'/],
      [{ ...jobPlan('P'), ReportPlanDescription: 'x'.repeat(1025) }, /1,024/],
    ];
    for (const [input, message] of cases) {
      const e = await errorOf(() => t.client.send(new CreateReportPlanCommand(input)));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(input));
      assert.match(e.message, message);
    }
  });

  it('compliance templates take existing frameworks, and those frameworks cannot be deleted while used', async () => {
    const fw = await t.client.send(new CreateFrameworkCommand({ FrameworkName: 'F', FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_ENCRYPTED' }] }));
    await t.advance(60);
    await t.client.send(new CreateReportPlanCommand(jobPlan('C', { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw.FrameworkArn!] })));
    const p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'C' }))).ReportPlan!;
    assert.equal(p.ReportSetting?.NumberOfFrameworks, 1);
    assert.deepEqual(p.ReportSetting?.FrameworkArns, [fw.FrameworkArn]);
    const mismatch = await errorOf(() =>
      t.client.send(new CreateReportPlanCommand(jobPlan('D', { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw.FrameworkArn!], NumberOfFrameworks: 2 }))),
    );
    assert.match(mismatch.message, /NumberOfFrameworks is 2/);
    const regions = await errorOf(() =>
      t.client.send(new CreateReportPlanCommand(jobPlan('D', { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw.FrameworkArn!], Regions: ['us-west-2'] }))),
    );
    assert.equal(regions.message, 'Invalid parameter: For multi-account, multi-Region reports, use Accounts, OrganizationUnits and Regions');
    const used = await errorOf(() => t.client.send(new DeleteFrameworkCommand({ FrameworkName: 'F' })));
    assert.equal(used.name, 'ConflictException');
    assert.match(used.message, /used by report plan C/);
  });

  it('allows 20 report plans per account and Region', async () => {
    for (let i = 0; i < 20; i++) await t.client.send(new CreateReportPlanCommand(jobPlan(`P${i}`)));
    const e = await errorOf(() => t.client.send(new CreateReportPlanCommand(jobPlan('P20'))));
    assert.equal(e.name, 'LimitExceededException');
    assert.match(e.message, /at most 20 report plans/);
    await t.clientFor(ACCOUNT, 'us-west-2').send(new CreateReportPlanCommand(jobPlan('P20')));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListReportPlansCommand({ MaxResults: 6, NextToken: token }));
      names.push(...(page.ReportPlans ?? []).map((p) => p.ReportPlanName!));
      token = page.NextToken;
    } while (token);
    assert.equal(names.length, 20);
    assert.equal(names[0], 'P0');
  });

  it('names other accounts and OUs only from the management account or a delegated administrator', async () => {
    const other = jobPlan('X', { Accounts: [MEMBER] });
    const noOrg = await errorOf(() => t.clientFor(MGMT).send(new CreateReportPlanCommand(other)));
    assert.equal(noOrg.name, 'InvalidParameterValueException');
    assert.match(noOrg.message, /no organization is declared/);
    assert.equal((await t.admin('PUT', '/organization', ORG)).status, 200);
    assert.deepEqual((await t.admin('GET', '/organization')).json.organization.managementAccountId, MGMT);
    const member = await errorOf(() => t.clientFor(MEMBER).send(new CreateReportPlanCommand(jobPlan('X', { Accounts: [MGMT] }))));
    assert.match(member.message, /Only the organization's management account \(100000000001\) or a delegated administrator/);
    const memberOu = await errorOf(() => t.clientFor(MEMBER).send(new CreateReportPlanCommand(jobPlan('X', { OrganizationUnits: [OU] }))));
    assert.equal(memberOu.name, 'InvalidParameterValueException');
    // Naming only yourself, or other Regions, is open to every account.
    await t.clientFor(MEMBER).send(new CreateReportPlanCommand(jobPlan('Mine', { Accounts: [MEMBER], Regions: ['us-east-1', 'eu-west-1'] })));
    await t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('Org', { Accounts: ['ROOT'], OrganizationUnits: [OU], Regions: ['*'] })));
    await t.clientFor(DELEGATED).send(new CreateReportPlanCommand(jobPlan('Deleg', { Accounts: [MGMT, MEMBER] })));
    const stranger = await errorOf(() => t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('S', { Accounts: [OTHER] }))));
    assert.match(stranger.message, /999999999999 in Accounts is not a member of the organization/);
    const badOu = await errorOf(() => t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('S', { OrganizationUnits: ['ou-zz99-zzzzzzzz'] }))));
    assert.match(badOu.message, /ou-zz99-zzzzzzzz does not exist/);
    const d = (await t.clientFor(MGMT).send(new DescribeReportPlanCommand({ ReportPlanName: 'Org' }))).ReportPlan!;
    assert.deepEqual(d.ReportSetting, { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: ['ROOT'], OrganizationUnits: [OU], Regions: ['*'] });
  });

  it('offers JSON only for single-account, single-Region reports', async () => {
    await t.admin('PUT', '/organization', ORG);
    await t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('J1', {}, ['JSON'])));
    await t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('J2', { Accounts: [MGMT], Regions: ['us-east-1'] }, ['CSV', 'JSON'])));
    for (const setting of [{ Accounts: [MGMT, MEMBER] }, { OrganizationUnits: [OU] }, { Regions: ['us-east-1', 'us-west-2'] }, { Regions: ['*'] }, { Regions: ['eu-west-1'] }]) {
      const e = await errorOf(() => t.clientFor(MGMT).send(new CreateReportPlanCommand(jobPlan('J3', setting, ['JSON']))));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(setting));
      assert.match(e.message, /JSON reports are offered only for a single account and a single Region/);
    }
  });

  it('updates and deletes through deployment states', async () => {
    await t.client.send(new CreateReportPlanCommand(jobPlan('U')));
    assert.equal((await errorOf(() => t.client.send(new UpdateReportPlanCommand({ ReportPlanName: 'U', ReportPlanDescription: 'd' })))).name, 'ConflictException');
    await t.advance(60);
    await t.client.send(
      new UpdateReportPlanCommand({
        ReportPlanName: 'U',
        ReportPlanDescription: 'copy jobs now',
        ReportDeliveryChannel: { S3BucketName: 'other-bucket', Formats: ['JSON'] },
        ReportSetting: { ReportTemplate: 'COPY_JOB_REPORT' },
      }),
    );
    let p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'U' }))).ReportPlan!;
    assert.equal(p.DeploymentStatus, 'UPDATE_IN_PROGRESS');
    assert.equal(p.ReportSetting?.ReportTemplate, 'COPY_JOB_REPORT');
    assert.deepEqual(p.ReportDeliveryChannel, { S3BucketName: 'other-bucket', Formats: ['JSON'] });
    await t.advance(60);
    // An update that only changes the delivery keeps the setting, and is checked against it.
    const bad = await errorOf(() => t.client.send(new UpdateReportPlanCommand({ ReportPlanName: 'U', ReportSetting: { ReportTemplate: 'COPY_JOB_REPORT', Regions: ['us-west-2'] } })));
    assert.match(bad.message, /JSON reports are offered only/);
    await t.client.send(new DeleteReportPlanCommand({ ReportPlanName: 'U' }));
    p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'U' }))).ReportPlan!;
    assert.equal(p.DeploymentStatus, 'DELETE_IN_PROGRESS');
    await t.advance(60);
    assert.equal((await errorOf(() => t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'U' })))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => t.client.send(new DeleteReportPlanCommand({ ReportPlanName: 'U' })))).name, 'ResourceNotFoundException');
  });

  it('validates the declared organization', async () => {
    const bad = [
      [{}, /managementAccountId/],
      [{ managementAccountId: MGMT, organizationalUnits: [{ id: 'prod', accounts: [] }] }, /OU ID/],
      [{ managementAccountId: MGMT, accounts: [MEMBER], organizationalUnits: [{ id: OU, accounts: [MEMBER] }] }, /appears twice/],
      [{ managementAccountId: MGMT, delegatedAdministrators: [OTHER] }, /not a member account/],
    ] as const;
    for (const [body, message] of bad) {
      const r = await t.admin('PUT', '/organization', body);
      assert.equal(r.status, 400);
      assert.match(r.json.error, message);
    }
    assert.equal((await t.admin('GET', '/organization')).status, 404);
  });
});
