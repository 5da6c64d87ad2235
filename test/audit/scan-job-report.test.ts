/**
 * SCAN_JOB_REPORT over the scan_jobs table: scan jobs made through the SDK (StartScanJob and a
 * plan rule's ScanActions), reported on the clock in CSV and JSON, for one or many accounts and
 * Regions, with the period rule of the other job reports.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateBackupPlanCommand,
  CreateBackupSelectionCommand,
  CreateBackupVaultCommand,
  CreateReportPlanCommand,
  DescribeReportJobCommand,
  DescribeScanJobCommand,
  StartReportJobCommand,
  StartScanJobCommand,
  type BackupClient,
} from '@aws-sdk/client-backup';
import { ACCOUNT, T0 } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { A, B, csvObjects, MGMT, orgReportSuite, parseCsv, runReportJob } from './harness.js';

const HEADER = [
  'reportTimePeriodStart', 'reportTimePeriodEnd', 'accountId', 'region', 'scanJobId', 'scanId', 'malwareScanner', 'jobStatus', 'scanResultStatus',
  'statusMessage', 'resourceType', 'resourceArn', 'backupPlanArn', 'creationDate', 'recoveryPointArn', 'backupVaultName', 'backupVaultArn',
  'iamRoleArn', 'scannerRoleArn',
];
const role = (account: string) => `arn:aws:iam::${account}:role/AWSBackupDefaultServiceRole`;
const scannerRole = (account: string) => `arn:aws:iam::${account}:role/GuardDutyScanner`;
const volume = (account: string, region: string, id: string) => `arn:aws:ec2:${region}:${account}:volume/vol-${id.padStart(17, '0')}`;
/** ISO-8601 as reports write it: without milliseconds when they are zero. */
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('SCAN_JOB_REPORT', () => {
  const { t, read } = orgReportSuite();
  const reportPlan = (c: BackupClient, name: string, extra: Record<string, unknown> = {}, formats = ['CSV']) =>
    c.send(
      new CreateReportPlanCommand({ ReportPlanName: name, ReportDeliveryChannel: { S3BucketName: 'reports', Formats: formats }, ReportSetting: { ReportTemplate: 'SCAN_JOB_REPORT', ...extra } }),
    );
  /** Backs up a resource into vault v1 and lets the backup finish (60 s of clock); answers the recovery point. */
  const backup = async (c: BackupClient, account: string, arn: string) =>
    (await completedBackup(t, { BackupVaultName: 'v1', ResourceArn: arn, IamRoleArn: role(account) }, { client: c, stepSeconds: 60 })).RecoveryPointArn;
  const scan = async (c: BackupClient, account: string, point: string) =>
    (
      await c.send(
        new StartScanJobCommand({ BackupVaultName: 'v1', RecoveryPointArn: point, IamRoleArn: role(account), ScannerRoleArn: scannerRole(account), MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' }),
      )
    ).ScanJobId!;
  /** The row a report writes for a scan job, from DescribeScanJob (JSON: null where a value is missing). */
  const rowFromDescribe = async (c: BackupClient, region: string, id: string, period: [number, number]) => {
    const d = await c.send(new DescribeScanJobCommand({ ScanJobId: id }));
    return {
      reportTimePeriodStart: iso(period[0]),
      reportTimePeriodEnd: iso(period[1]),
      accountId: d.AccountId,
      region,
      scanJobId: d.ScanJobId,
      scanId: d.ScanId ?? null,
      malwareScanner: d.MalwareScanner,
      jobStatus: d.State,
      scanResultStatus: d.ScanResult?.ScanResultStatus ?? null,
      statusMessage: d.StatusMessage ?? null,
      resourceType: d.ResourceType,
      resourceArn: d.ResourceArn,
      backupPlanArn: d.CreatedBy?.BackupPlanArn ?? null,
      creationDate: iso(d.CreationDate!.getTime()),
      recoveryPointArn: d.RecoveryPointArn,
      backupVaultName: d.BackupVaultName,
      backupVaultArn: d.BackupVaultArn,
      iamRoleArn: d.IamRoleArn,
      scannerRoleArn: d.ScannerRoleArn,
    };
  };
  const asCsv = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]));

  it('reports the scan jobs that ended in the period or after it and those still open at its end, in CSV and JSON, as DescribeScanJob shows them', async () => {
    const c = t.clientFor(ACCOUNT, 'us-east-1');
    const vol = (n: string) => volume(ACCOUNT, 'us-east-1', n);
    const [done, failing, issues, slow, quick] = [vol('1'), vol('2'), vol('3'), vol('4'), vol('5')];
    await t.admin('PUT', '/resources', {
      resources: [
        { arn: done },
        { arn: failing, scanOutcome: 'FAILED' },
        { arn: issues, scanOutcome: 'COMPLETED_WITH_ISSUES', scanResult: 'THREATS_FOUND' },
        { arn: slow, scanDurationSeconds: 3 * 86_400 },
        { arn: quick, scanDurationSeconds: 30 },
      ],
    });
    await c.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    // A scan that ended more than a day before the report: outside its period.
    const old = await scan(c, ACCOUNT, await backup(c, ACCOUNT, done));
    await t.advance(25 * 3600);
    const points = [];
    for (const arn of [done, failing, issues, slow, quick]) points.push(await backup(c, ACCOUNT, arn));
    assert.equal(t.hf.clock.nowMs(), T0.getTime() + 25 * 3600_000 + 6 * 60_000);
    const ids = [];
    for (const p of points.slice(0, 4)) ids.push(await scan(c, ACCOUNT, p));
    await t.advance(600); // the first three scans end at +6 min; the slow one runs for three days
    // Created a second before the period's end; it ends (30 s of scanning) after it, before the report is written.
    const quickId = await scan(c, ACCOUNT, points[4]!);
    await t.advance(1);
    await reportPlan(c, 'Scans', {}, ['CSV', 'JSON']);
    const periodEnd = t.hf.clock.nowMs();
    const { ReportJobId } = await c.send(new StartReportJobCommand({ ReportPlanName: 'Scans' }));
    await t.advance(30);
    // Created after the period's end: not in the report, though the report is written later.
    const late = await scan(c, ACCOUNT, points[0]!);
    await t.advance(90);
    const job = (await c.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    assert.equal(job.ReportDestination?.S3Keys?.length, 2);

    const period: [number, number] = [periodEnd - 86_400_000, periodEnd];
    // Ended first, by completion date (the three that ended together in the order they were made), then the open ones.
    const order = [ids[0]!, ids[1]!, ids[2]!, quickId, ids[3]!];
    const expected = [];
    for (const id of order) expected.push(await rowFromDescribe(c, 'us-east-1', id, period));

    const json = JSON.parse(await read(job, 1)) as { reportItems: Record<string, unknown>[] };
    assert.deepEqual(json.reportItems, expected);
    for (const item of json.reportItems) assert.deepEqual(Object.keys(item), HEADER);
    const text = await read(job, 0);
    assert.deepEqual(parseCsv(text)[0], HEADER);
    assert.deepEqual(csvObjects(text), expected.map(asCsv));

    // The values themselves, not only their agreement with DescribeScanJob.
    const rows = json.reportItems;
    assert.ok(!rows.some((r) => r.scanJobId === old || r.scanJobId === late));
    assert.deepEqual(rows.map((r) => [r.jobStatus, r.scanResultStatus]), [
      ['COMPLETED', 'NO_THREATS_FOUND'],
      ['FAILED', 'UNKNOWN'],
      ['COMPLETED_WITH_ISSUES', 'THREATS_FOUND'],
      ['COMPLETED', 'NO_THREATS_FOUND'],
      ['RUNNING', null],
    ]);
    assert.deepEqual(rows.map((r) => r.resourceArn), [done, failing, issues, quick, slow]);
    assert.equal(rows[0]!.creationDate, '2026-01-02T01:06:00Z');
    assert.equal(rows[3]!.creationDate, '2026-01-02T01:16:00Z');
    assert.equal(rows[0]!.reportTimePeriodEnd, '2026-01-02T01:16:01Z');
    assert.equal(rows[0]!.reportTimePeriodStart, '2026-01-01T01:16:01Z');
    assert.match(rows[1]!.statusMessage as string, /^The malware scan of arn:aws:ec2:us-east-1::snapshot\/snap-\w+ failed/);
    assert.equal(rows[2]!.statusMessage, 'The scan completed, but some files or objects could not be scanned.');
    assert.equal(rows[0]!.statusMessage, null);
    assert.match(rows[4]!.scanId as string, /^[0-9a-f]{32}$/);
    assert.equal(rows[0]!.backupPlanArn, null);
    assert.equal(rows[0]!.recoveryPointArn, points[0]);
    assert.equal(rows[0]!.backupVaultArn, `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:v1`);
    assert.equal(rows[0]!.iamRoleArn, role(ACCOUNT));
    assert.equal(rows[0]!.scannerRoleArn, scannerRole(ACCOUNT));
    assert.equal(rows[0]!.malwareScanner, 'GUARDDUTY');
    assert.equal(rows[0]!.resourceType, 'EBS');
  });

  it("names the backup plan of a scan that a plan rule's ScanActions started", async () => {
    const c = t.clientFor(ACCOUNT, 'us-east-1');
    const vol = volume(ACCOUNT, 'us-east-1', '7');
    await t.admin('PUT', '/resources', { resources: [{ arn: vol }] });
    await c.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const plan = await c.send(
      new CreateBackupPlanCommand({
        BackupPlan: {
          BackupPlanName: 'scanned',
          Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'v1', ScheduleExpression: 'cron(0 5 ? * * *)', ScanActions: [{ MalwareScanner: 'GUARDDUTY', ScanMode: 'FULL_SCAN' }] }],
          ScanSettings: [{ MalwareScanner: 'GUARDDUTY', ResourceTypes: ['EBS'], ScannerRoleArn: scannerRole(ACCOUNT) }],
        },
      }),
    );
    await c.send(new CreateBackupSelectionCommand({ BackupPlanId: plan.BackupPlanId, BackupSelection: { SelectionName: 'sel', IamRoleArn: role(ACCOUNT), Resources: [vol] } }));
    await t.advance(6 * 3600); // 05:00 the rule fires; the backup completes, then its scan
    await reportPlan(c, 'Planned', {}, ['JSON']);
    const periodEnd = t.hf.clock.nowMs();
    const job = await runReportJob(t, c, 'Planned');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    const { reportItems } = JSON.parse(await read(job)) as { reportItems: Record<string, unknown>[] };
    assert.equal(reportItems.length, 1);
    const item = reportItems[0]!;
    assert.equal(item.backupPlanArn, plan.BackupPlanArn);
    assert.equal(item.resourceArn, vol);
    assert.equal(item.jobStatus, 'COMPLETED');
    assert.deepEqual(item, await rowFromDescribe(c, 'us-east-1', item.scanJobId as string, [periodEnd - 86_400_000, periodEnd]));
  });

  it('covers the accounts and Regions of a cross-account, cross-Region report plan', async () => {
    const places: [string, string][] = [
      [MGMT, 'us-east-1'],
      [A, 'us-west-2'],
      [B, 'us-east-1'],
      [A, 'eu-west-1'],
      [B, 'eu-central-1'],
    ];
    await t.admin('PUT', '/resources', { resources: places.map(([account, region], i) => ({ arn: volume(account, region, String(i + 1)) })) });
    const ids = new Map<string, string>();
    for (const [i, [account, region]] of places.entries()) {
      const c = t.clientFor(account, region);
      await c.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
      ids.set(`${account}/${region}`, await scan(c, account, await backup(c, account, volume(account, region, String(i + 1)))));
    }
    await t.advance(600);
    const mgmt = t.clientFor(MGMT, 'us-east-1');
    await reportPlan(mgmt, 'Org', { Accounts: ['ROOT'], Regions: ['us-east-1', 'us-west-2'] });
    await reportPlan(mgmt, 'Everywhere', { OrganizationUnits: ['ou-ab12-cd34ef56'], Accounts: [A], Regions: ['*'] });
    await reportPlan(mgmt, 'Own', {});
    const rowsOf = async (name: string) => {
      const job = await runReportJob(t, mgmt, name);
      assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
      const text = await read(job);
      assert.deepEqual(parseCsv(text)[0], HEADER);
      return csvObjects(text);
    };
    const placesOf = (rows: Record<string, string>[]) => rows.map((r) => `${r.accountId}/${r.region}`).sort();

    const org = await rowsOf('Org');
    assert.deepEqual(placesOf(org), [`${A}/us-west-2`, `${MGMT}/us-east-1`, `${B}/us-east-1`].sort());
    for (const r of org) {
      assert.equal(r.scanJobId, ids.get(`${r.accountId}/${r.region}`));
      assert.equal(r.jobStatus, 'COMPLETED');
      assert.equal(r.backupVaultArn, `arn:aws:backup:${r.region}:${r.accountId}:backup-vault:v1`);
      assert.equal(r.iamRoleArn, role(r.accountId!));
      assert.match(r.recoveryPointArn!, new RegExp(`^arn:aws:ec2:${r.region}::snapshot/snap-`));
    }
    // Each row as the job's own account and Region describe it.
    const [sample] = org.filter((r) => r.accountId === A);
    const samplePeriod: [number, number] = [Date.parse(sample!.reportTimePeriodStart!), Date.parse(sample!.reportTimePeriodEnd!)];
    assert.deepEqual(sample, asCsv(await rowFromDescribe(t.clientFor(A, 'us-west-2'), 'us-west-2', sample!.scanJobId!, samplePeriod)));

    // Regions "*": every Region the accounts have scan jobs in; the OU resolves to its accounts.
    assert.deepEqual(placesOf(await rowsOf('Everywhere')), [`${A}/eu-west-1`, `${A}/us-west-2`, `${B}/eu-central-1`, `${B}/us-east-1`].sort());
    // No Accounts or Regions: the plan's own account and Region only.
    assert.deepEqual(placesOf(await rowsOf('Own')), [`${MGMT}/us-east-1`]);
  });

  it('streams many scan jobs in keyset batches: every job of the period once, ties on completion time included', async () => {
    const store = t.hf.store.scanJobs;
    const now = t.hf.clock.nowMs();
    const ended = 1234;
    const open = 567;
    const base = { accountId: A, region: 'eu-west-1', vaultName: 'v1', resourceType: 'EBS', malwareScanner: 'GUARDDUTY', iamRoleArn: role(A), scannerRoleArn: scannerRole(A) };
    await t.hf.store.atomically(async () => {
      for (let i = 0; i < ended + open; i++) {
        const isOpen = i >= ended;
        await store.insert({
          ...base,
          id: `SCAN-${i}`,
          state: isOpen ? 'RUNNING' : 'COMPLETED',
          recoveryPointArn: `arn:aws:ec2:eu-west-1::snapshot/snap-${i}`,
          resourceArn: volume(A, 'eu-west-1', String(i)),
          creationDate: now - 7_200_000,
          // 300 jobs share each completion instant, so batches (500 jobs) end inside runs of ties.
          completionDate: isOpen ? undefined : now - 3_600_000 + Math.floor(i / 300) * 1000,
          scanResult: isOpen ? undefined : 'NO_THREATS_FOUND',
          dueAt: isOpen ? now + 86_400_000 : undefined,
        });
      }
      // Left out: ended before the period, and created after its end.
      await store.insert({ ...base, id: 'SCAN-OLD', state: 'COMPLETED', recoveryPointArn: 'x', resourceArn: 'y', creationDate: now - 100_000_000, completionDate: now - 90_000_000 });
      await store.insert({ ...base, id: 'SCAN-NEW', state: 'COMPLETED', recoveryPointArn: 'x', resourceArn: 'y', creationDate: now + 5000, completionDate: now + 6000 });
    });
    const c = t.clientFor(A, 'eu-west-1');
    await reportPlan(c, 'Many');
    await t.advance(1);
    const rows = csvObjects(await read(await runReportJob(t, c, 'Many')));
    assert.equal(rows.length, ended + open);
    assert.equal(new Set(rows.map((r) => r.scanJobId)).size, ended + open);
    assert.deepEqual(rows.slice(0, 3).map((r) => r.scanJobId), ['SCAN-0', 'SCAN-1', 'SCAN-2']);
    assert.deepEqual(rows.slice(ended - 1, ended + 1).map((r) => [r.scanJobId, r.jobStatus]), [[`SCAN-${ended - 1}`, 'COMPLETED'], [`SCAN-${ended}`, 'RUNNING']]);
    assert.ok(!rows.some((r) => r.scanJobId === 'SCAN-OLD' || r.scanJobId === 'SCAN-NEW'));
  });
});
