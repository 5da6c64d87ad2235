import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  CreateFrameworkCommand,
  CreateReportPlanCommand,
  DescribeReportJobCommand,
  DescribeReportPlanCommand,
  ListReportJobsCommand,
  PutBackupVaultAccessPolicyCommand,
  StartReportJobCommand,
  type CreateReportPlanCommandInput,
} from '@aws-sdk/client-backup';
import type { JobReportQuery, JobSource, ReportRow } from '../../src/services/audit/job-source.js';
import { TEMPLATE_COLUMNS } from '../../src/services/audit/templates.js';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { parseCsv } from './harness.js';

const MGMT = '100000000001';
const MEMBER_A = '100000000002';
const MEMBER_B = '100000000003';

/** A fake jobs domain: two jobs per account and Region asked for, one of them failed. */
class FakeJobs implements JobSource {
  queries: JobReportQuery[] = [];
  async *rows(q: JobReportQuery): AsyncIterable<ReportRow> {
    this.queries.push(q);
    const regions = q.regions === 'ALL' ? ['us-east-1', 'eu-west-1'] : q.regions;
    for (const accountId of q.accounts) {
      for (const region of regions) {
        for (const state of ['COMPLETED', 'FAILED']) {
          yield { accountId, region, backupJobId: `${accountId}-${region}-${state}`, jobStatus: state, resourceType: 'EBS', backupOptions: { a: 'b' }, resourceName: 'disk, "main"' };
        }
      }
    }
  }
}

const plan = (name: string, extra: Partial<CreateReportPlanCommandInput> = {}): CreateReportPlanCommandInput => ({
  ReportPlanName: name,
  ReportDeliveryChannel: { S3BucketName: 'reports', S3KeyPrefix: 'team/', Formats: ['CSV', 'JSON'] },
  ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
  ...extra,
});

describe('audit report jobs', () => {
  let jobs: FakeJobs;
  // The server's job report source: each test's fresh FakeJobs.
  const source: JobSource = { rows: (q) => jobs.rows(q) };
  const t = suiteServer({
    dataDir: true,
    server: { jobReportSource: source },
    each: async (t) => {
      jobs = new FakeJobs();
      await t.admin('DELETE', '/buckets/reports');
    },
  });

  const describeJob = async (id: string, client = t.client) => (await client.send(new DescribeReportJobCommand({ ReportJobId: id }))).ReportJob!;
  const object = (key: string) => readFileSync(join(t.dataDir, 's3', 'reports', ...key.split('/')), 'utf8');

  it('runs a report job on the clock and writes CSV and JSON with the template columns', async () => {
    assert.equal((await t.admin('PUT', '/buckets/reports')).status, 200);
    assert.deepEqual((await t.admin('GET', '/buckets')).json, { root: join(t.dataDir, 's3'), buckets: ['reports'] });
    await t.client.send(new CreateReportPlanCommand(plan('Jobs')));
    const started = t.hf.clock.nowMs();
    const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Jobs' }));
    let job = await describeJob(ReportJobId!);
    assert.equal(job.Status, 'CREATED');
    assert.equal(job.ReportTemplate, 'BACKUP_JOB_REPORT');
    assert.match(job.ReportPlanArn!, /:report-plan:Jobs-/);
    await t.advance(60);
    assert.equal((await describeJob(ReportJobId!)).Status, 'RUNNING');
    const p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'Jobs' }))).ReportPlan!;
    assert.deepEqual(p.LastAttemptedExecutionTime, new Date(started + 60_000));
    assert.equal(p.LastSuccessfulExecutionTime, undefined);
    await t.advance(60);
    job = await describeJob(ReportJobId!);
    assert.equal(job.Status, 'COMPLETED');
    assert.deepEqual(job.CompletionTime, new Date(started + 120_000));
    const day = new Date(started).toISOString().slice(0, 10).replace(/-/g, '/');
    const base = `team/Backup/us-east-1/${day}/Jobs_${ReportJobId}`;
    assert.deepEqual(job.ReportDestination, { S3BucketName: 'reports', S3Keys: [`${base}.csv`, `${base}.json`] });
    assert.deepEqual((await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'Jobs' }))).ReportPlan!.LastSuccessfulExecutionTime, new Date(started + 120_000));

    const csv = parseCsv(object(`${base}.csv`));
    assert.deepEqual(csv[0], [...TEMPLATE_COLUMNS.BACKUP_JOB_REPORT]);
    assert.equal(csv[0].slice(0, 6).join(','), 'reportTimePeriodStart,reportTimePeriodEnd,accountId,region,backupJobId,jobStatus');
    assert.equal(csv.length, 3);
    const col = (name: string) => csv[0]!.indexOf(name);
    assert.equal(csv[1]![col('accountId')], ACCOUNT);
    assert.equal(csv[1]![col('region')], 'us-east-1');
    assert.equal(csv[2]![col('jobStatus')], 'FAILED');
    assert.equal(csv[1]![col('resourceName')], 'disk, "main"');
    assert.equal(csv[1]![col('backupOptions')], '{"a":"b"}');
    assert.equal(csv[1]![col('reportTimePeriodEnd')], new Date(started).toISOString().replace('.000Z', 'Z'));
    assert.equal(csv[1]![col('reportTimePeriodStart')], new Date(started - 86_400_000).toISOString().replace('.000Z', 'Z'));
    const json = JSON.parse(object(`${base}.json`));
    assert.equal(json.reportItems.length, 2);
    assert.deepEqual(Object.keys(json.reportItems[0]), [...TEMPLATE_COLUMNS.BACKUP_JOB_REPORT]);
    assert.equal(json.reportItems[0].parentJobId, null);
    assert.deepEqual(json.reportItems[0].backupOptions, { a: 'b' });
    assert.deepEqual(jobs.queries, [{ template: 'BACKUP_JOB_REPORT', accounts: [ACCOUNT], regions: ['us-east-1'], fromMs: started - 86_400_000, toMs: started }]);
  });

  it('fails a job whose bucket does not exist, with a message that says how to fix it', async () => {
    await t.client.send(new CreateReportPlanCommand(plan('NoBucket')));
    const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'NoBucket' }));
    await t.advance(120);
    const job = await describeJob(ReportJobId!);
    assert.equal(job.Status, 'FAILED');
    assert.match(job.StatusMessage!, /The S3 bucket 'reports' does not exist.*PUT \/_holdfast\/buckets\/reports/);
    assert.equal(job.ReportDestination, undefined);
    const p = (await t.client.send(new DescribeReportPlanCommand({ ReportPlanName: 'NoBucket' }))).ReportPlan!;
    assert.ok(p.LastAttemptedExecutionTime);
    assert.equal(p.LastSuccessfulExecutionTime, undefined);
  });

  it('aggregates the accounts and Regions of a cross-account report, one row per job with its account and Region', async () => {
    await t.admin('PUT', '/organization', { managementAccountId: MGMT, accounts: [MEMBER_A], organizationalUnits: [{ id: 'ou-ab12-cd34ef56', accounts: [MEMBER_B] }] });
    await t.admin('PUT', '/buckets/reports');
    const mgmt = t.clientFor(MGMT);
    await mgmt.send(
      new CreateReportPlanCommand(
        plan('Org', { ReportDeliveryChannel: { S3BucketName: 'reports' }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: ['ROOT'], Regions: ['us-east-1', 'eu-west-1'] } }),
      ),
    );
    const { ReportJobId } = await mgmt.send(new StartReportJobCommand({ ReportPlanName: 'Org' }));
    await t.advance(120);
    const job = await describeJob(ReportJobId!, mgmt);
    assert.equal(job.Status, 'COMPLETED');
    assert.equal(job.ReportDestination?.S3Keys?.length, 1);
    const csv = parseCsv(object(job.ReportDestination.S3Keys[0]!));
    const [header, ...rows] = csv;
    const at = (r: string[], c: string) => r[header!.indexOf(c)];
    assert.equal(rows.length, 3 * 2 * 2);
    assert.deepEqual([...new Set(rows.map((r) => at(r, 'accountId')))].sort(), [MGMT, MEMBER_A, MEMBER_B]);
    assert.deepEqual([...new Set(rows.map((r) => at(r, 'region')))].sort(), ['eu-west-1', 'us-east-1']);
    assert.equal(rows.filter((r) => at(r, 'jobStatus') === 'FAILED').length, 6);
    // Another account cannot see the job.
    assert.equal((await errorOf(() => describeJob(ReportJobId!, t.clientFor(MEMBER_A)))).name, 'ResourceNotFoundException');
  });

  it('reports on its own every 24 hours, and lists jobs by plan, status and creation time', async () => {
    await t.admin('PUT', '/buckets/reports');
    const t0 = t.hf.clock.nowMs();
    await t.client.send(new CreateReportPlanCommand(plan('Daily')));
    await t.client.send(new CreateReportPlanCommand(plan('Other')));
    await t.advance(24 * 3600 - 1);
    assert.equal((await t.client.send(new ListReportJobsCommand({}))).ReportJobs?.length, 0);
    await t.advance(1);
    let list = await t.client.send(new ListReportJobsCommand({ ByReportPlanName: 'Daily' }));
    assert.equal(list.ReportJobs?.length, 1);
    assert.deepEqual(list.ReportJobs?.[0]?.CreationTime, new Date(t0 + 86_400_000));
    assert.equal(list.ReportJobs?.[0]?.Status, 'CREATED');
    await t.advance(24 * 3600);
    list = await t.client.send(new ListReportJobsCommand({ ByReportPlanName: 'Daily' }));
    assert.equal(list.ReportJobs?.length, 2);
    assert.deepEqual(list.ReportJobs?.map((j) => j.Status), ['CREATED', 'COMPLETED']);
    assert.equal((await t.client.send(new ListReportJobsCommand({ ByStatus: 'COMPLETED' }))).ReportJobs?.length, 2);
    const after = await t.client.send(new ListReportJobsCommand({ ByCreationAfter: new Date(t0 + 86_400_000) }));
    assert.equal(after.ReportJobs?.length, 2);
    const before = await t.client.send(new ListReportJobsCommand({ ByCreationBefore: new Date(t0 + 86_400_001) }));
    assert.equal(before.ReportJobs?.length, 2);
    const pages: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListReportJobsCommand({ MaxResults: 3, NextToken: token }));
      pages.push(...(page.ReportJobs ?? []).map((j) => j.ReportJobId!));
      token = page.NextToken;
    } while (token);
    assert.equal(pages.length, 4);
    assert.equal(new Set(pages).size, 4);
    const badStatus = await errorOf(() => t.client.send(new ListReportJobsCommand({ ByStatus: 'DONE' })));
    assert.equal(badStatus.name, 'InvalidParameterValueException');
    const replay = await errorOf(() => t.client.send(new ListReportJobsCommand({ MaxResults: 3, NextToken: pages.length ? (list.NextToken ?? 'x.y') : '' })));
    assert.equal(replay.name, 'InvalidParameterValueException');
  });

  it('is idempotent on StartReportJob IdempotencyToken', async () => {
    await t.client.send(new CreateReportPlanCommand(plan('Idem')));
    const a = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Idem', IdempotencyToken: 'once' }));
    const b = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Idem', IdempotencyToken: 'once' }));
    const c = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Idem', IdempotencyToken: 'twice' }));
    assert.equal(a.ReportJobId, b.ReportJobId);
    assert.notEqual(a.ReportJobId, c.ReportJobId);
    assert.equal((await errorOf(() => t.client.send(new StartReportJobCommand({ ReportPlanName: 'Nope' })))).name, 'ResourceNotFoundException');
    assert.equal((await errorOf(() => describeJob('no-such-job'))).name, 'ResourceNotFoundException');
  });

  it('reports compliance from the current state, flipping when a vault policy is fixed, and marks controls it cannot evaluate', async () => {
    await t.admin('PUT', '/buckets/reports');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'vault1' }));
    const fw = await t.client.send(
      new CreateFrameworkCommand({
        FrameworkName: 'Audit',
        FrameworkControls: [{ ControlName: 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED' }, { ControlName: 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET' }],
      }),
    );
    await t.advance(60);
    const channel = { S3BucketName: 'reports', Formats: ['CSV'] };
    await t.client.send(new CreateReportPlanCommand({ ReportPlanName: 'Ctl', ReportDeliveryChannel: channel, ReportSetting: { ReportTemplate: 'CONTROL_COMPLIANCE_REPORT', FrameworkArns: [fw.FrameworkArn!] } }));
    await t.client.send(new CreateReportPlanCommand({ ReportPlanName: 'Res', ReportDeliveryChannel: channel, ReportSetting: { ReportTemplate: 'RESOURCE_COMPLIANCE_REPORT', FrameworkArns: [fw.FrameworkArn!] } }));
    const run = async (planName: string) => {
      const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: planName }));
      await t.advance(120);
      const job = await describeJob(ReportJobId!);
      assert.equal(job.Status, 'COMPLETED');
      const [header, ...rows] = parseCsv(object(job.ReportDestination!.S3Keys![0]!));
      return { job, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]]))) };
    };
    let ctl = await run('Ctl');
    assert.deepEqual(Object.keys(ctl.rows[0]!), [...TEMPLATE_COLUMNS.CONTROL_COMPLIANCE_REPORT]);
    const manual = () => ctl.rows.find((r) => r.controlName === 'BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED')!;
    assert.equal(manual().controlComplianceStatus, 'NON_COMPLIANT');
    assert.equal(manual().numResourcesNonCompliant, '1');
    const restore = ctl.rows.find((r) => r.controlName === 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET')!;
    assert.equal(restore.controlComplianceStatus, 'INSUFFICIENT_DATA');
    // Without its target (maxRestoreTime) the control cannot be evaluated.
    assert.match(ctl.job.StatusMessage!, /RESTORE_TIME_FOR_RESOURCES_MEET_TARGET has no maxRestoreTime: give the target restore time in minutes/);
    let res = await run('Res');
    assert.deepEqual(
      res.rows.map((r) => [r.controlName, r.resourceId, r.resourceType, r.resourceComplianceStatus]),
      [
        ['BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED', 'vault1', 'AWS::Backup::BackupVault', 'NON_COMPLIANT'],
        ['RESTORE_TIME_FOR_RESOURCES_MEET_TARGET', '', '', 'INSUFFICIENT_DATA'],
      ],
    );
    // Fix the vault: a policy that denies everyone the deletion of recovery points.
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'], Resource: '*' }],
    };
    const putPolicy = () => t.client.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'vault1', Policy: JSON.stringify(policy) }));
    await putPolicy();
    ctl = await run('Ctl');
    assert.equal(manual().controlComplianceStatus, 'COMPLIANT');
    assert.equal(manual().numResourcesCompliant, '1');
    res = await run('Res');
    assert.equal(res.rows[0]!.resourceComplianceStatus, 'COMPLIANT');
    // A Deny that exempts a principal outside principalArnList does not count.
    policy.Statement[0] = { ...policy.Statement[0]!, Condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/Intruder' } } } as never;
    await putPolicy();
    ctl = await run('Ctl');
    assert.equal(manual().controlComplianceStatus, 'NON_COMPLIANT');
    assert.ok(existsSync(join(t.dataDir, 's3', 'reports')));
  });
});
