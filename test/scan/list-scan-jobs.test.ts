import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetPITRMalwareScanResultsCommand,
  ListScanJobsCommand,
  ListScanJobSummariesCommand,
  type BackupClient,
  type ListScanJobsCommandInput,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { BUCKET, INSTANCE, point, ROLE, scan, SCOPE, vault, VOLUME } from './fixtures.js';

const OTHER = '222222222222';

/** Every job ListScanJobs answers, page by page. */
async function allJobs(client: BackupClient, input: ListScanJobsCommandInput = {}, pageSize = 2): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListScanJobsCommand({ ...input, MaxResults: pageSize, NextToken: token }));
    assert.ok(page.ScanJobs!.length <= pageSize);
    ids.push(...page.ScanJobs!.map((j) => j.ScanJobId!));
    token = page.NextToken;
  } while (token);
  return ids;
}

describe('listing scan jobs', () => {
  const t = suiteServer({ vaults: ['v1', 'v2'] });
  const { at } = t;

  it('filters by every member, in creation order, paging by keyset', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: INSTANCE, scanResult: 'THREATS_FOUND' }, { arn: BUCKET, scanOutcome: 'FAILED' }] });
    const vol = await point(t, VOLUME); // t=60
    const ami = await point(t, INSTANCE); // t=120
    const s3 = await point(t, BUCKET); // t=180
    const volInV2 = await point(t, VOLUME, { BackupVaultName: 'v2' }); // t=240
    const a = await scan(t.client, vol); // ends at 240 + 360
    const b = await scan(t.client, ami);
    await t.advance(1000); // t=1240
    const c = await scan(t.client, s3); // ends at 1600
    const d = await scan(t.client, volInV2, { BackupVaultName: 'v2' });
    await t.advance(360);
    const e = await scan(t.client, vol); // still CREATED

    assert.deepEqual(await allJobs(t.client), [a, b, c, d, e]);
    assert.deepEqual(await allJobs(t.client, { ByState: 'COMPLETED' }), [a, b, d]);
    assert.deepEqual(await allJobs(t.client, { ByState: 'FAILED' }), [c]);
    assert.deepEqual(await allJobs(t.client, { ByState: 'CREATED' }), [e]);
    assert.deepEqual(await allJobs(t.client, { ByBackupVaultName: 'v2' }), [d]);
    assert.deepEqual(await allJobs(t.client, { ByRecoveryPointArn: vol }), [a, e]);
    assert.deepEqual(await allJobs(t.client, { ByResourceArn: VOLUME }), [a, d, e]);
    assert.deepEqual(await allJobs(t.client, { ByResourceType: 'EC2' }), [b]);
    assert.deepEqual(await allJobs(t.client, { ByResourceType: 'S3' }), [c]);
    assert.deepEqual(await allJobs(t.client, { ByMalwareScanner: 'GUARDDUTY' }), [a, b, c, d, e]);
    assert.deepEqual(await allJobs(t.client, { ByScanResultStatus: 'THREATS_FOUND' }), [b]);
    assert.deepEqual(await allJobs(t.client, { ByScanResultStatus: 'NO_THREATS_FOUND' }), [a, d]);
    assert.deepEqual(await allJobs(t.client, { ByScanResultStatus: 'UNKNOWN' }), [c]);
    assert.deepEqual(await allJobs(t.client, { ByCompleteBefore: at(1000) }), [a, b]);
    assert.deepEqual(await allJobs(t.client, { ByCompleteAfter: at(1000) }), [c, d]);
    assert.deepEqual(await allJobs(t.client, { ByResourceArn: VOLUME, ByState: 'COMPLETED', ByCompleteAfter: at(1000) }), [d]);
    assert.deepEqual(await allJobs(t.client, {}, 1000), [a, b, c, d, e]);
  });

  it('scopes jobs by account, with * for every account of the Region', async () => {
    const other = t.clientFor(OTHER);
    await vault(other);
    const mine = await scan(t.client, await point(t, VOLUME));
    const theirs = await scan(other, await point(t, `arn:aws:ec2:us-east-1:${OTHER}:volume/vol-0aaaaaaaaaaaaaaaa`, { IamRoleArn: `arn:aws:iam::${OTHER}:role/r` }, other), {
      IamRoleArn: `arn:aws:iam::${OTHER}:role/r`,
    });
    assert.deepEqual(await allJobs(t.client), [mine]);
    assert.deepEqual(await allJobs(other), [theirs]);
    assert.deepEqual(await allJobs(t.client, { ByAccountId: '*' }), [mine, theirs]);
    assert.deepEqual(await allJobs(t.client, { ByAccountId: OTHER }), [theirs]);
    assert.deepEqual(await allJobs(t.clientFor(ACCOUNT, 'eu-west-1')), []);
  });

  it('refuses bad filters, sizes and tokens', async () => {
    await scan(t.client, await point(t, VOLUME));
    await scan(t.client, await point(t, VOLUME));
    const bad: [ListScanJobsCommandInput, RegExp][] = [
      [{ MaxResults: 0 }, /MaxResults must be an integer between 1 and 1000/],
      [{ MaxResults: 1001 }, /MaxResults/],
      [{ ByAccountId: '12' }, /for ByAccountId: must match the pattern \^\[0-9\]\{12\}\$, or be \*/],
      [{ ByBackupVaultName: 'x' }, /for ByBackupVaultName: must match/],
      [{ ByState: 'DONE' as never }, /DONE/],
      [{ ByResourceType: 'RDS' as never }, /RDS/],
      [{ NextToken: 'forged.token' }, /NextToken is not valid/],
    ];
    for (const [input, message] of bad) {
      const e = await errorOf(() => t.client.send(new ListScanJobsCommand(input)));
      assert.equal(e.name, 'InvalidParameterValueException', JSON.stringify(input));
      assert.match(e.message, message);
    }
    const first = await t.client.send(new ListScanJobsCommand({ MaxResults: 1 }));
    assert.ok(first.NextToken);
    const replayed = await errorOf(() => t.client.send(new ListScanJobsCommand({ MaxResults: 1, ByState: 'CREATED', NextToken: first.NextToken })));
    assert.equal(replayed.name, 'InvalidParameterValueException');
  });

  it('summarizes scan jobs by state, type, scanner and result', async () => {
    await t.admin('PUT', '/resources', { resources: [{ arn: INSTANCE, scanResult: 'THREATS_FOUND' }] });
    await scan(t.client, await point(t, VOLUME));
    await scan(t.client, await point(t, VOLUME));
    await scan(t.client, await point(t, INSTANCE));
    await t.advance(600);
    await scan(t.client, await point(t, INSTANCE)); // still CREATED
    const all = await t.client.send(new ListScanJobSummariesCommand({}));
    assert.equal(all.AggregationPeriod, 'ONE_DAY');
    const rows = all.ScanJobSummaries!.map((s) => [s.State, s.ResourceType, s.ScanResultStatus, s.Count, s.MalwareScanner, s.AccountId, s.Region]);
    assert.deepEqual(rows, [
      ['COMPLETED', 'EBS', 'NO_THREATS_FOUND', 2, 'GUARDDUTY', ACCOUNT, 'us-east-1'],
      ['COMPLETED', 'EC2', 'THREATS_FOUND', 1, 'GUARDDUTY', ACCOUNT, 'us-east-1'],
      ['CREATED', 'EC2', undefined, 1, 'GUARDDUTY', ACCOUNT, 'us-east-1'],
    ]);
    assert.deepEqual(all.ScanJobSummaries![0]!.StartTime, new Date(Math.floor(t.base / 86_400_000) * 86_400_000));
    const threats = await t.client.send(new ListScanJobSummariesCommand({ ScanResultStatus: 'THREATS_FOUND' }));
    assert.deepEqual(threats.ScanJobSummaries!.map((s) => s.Count), [1]);
    const total = await t.client.send(new ListScanJobSummariesCommand({ State: 'AGGREGATE_ALL', ResourceType: 'AGGREGATE_ALL', AggregationPeriod: 'SEVEN_DAYS' }));
    assert.deepEqual(total.ScanJobSummaries!.map((s) => [s.State, s.ResourceType, s.ScanResultStatus, s.Count]), [
      ['AGGREGATE_ALL', 'AGGREGATE_ALL', undefined, 1],
      ['AGGREGATE_ALL', 'AGGREGATE_ALL', 'NO_THREATS_FOUND', 2],
      ['AGGREGATE_ALL', 'AGGREGATE_ALL', 'THREATS_FOUND', 1],
    ]);
    const paged = await t.client.send(new ListScanJobSummariesCommand({ MaxResults: 2 }));
    assert.equal(paged.ScanJobSummaries!.length, 2);
    const rest = await t.client.send(new ListScanJobSummariesCommand({ MaxResults: 2, NextToken: paged.NextToken }));
    assert.equal(rest.ScanJobSummaries!.length, 1);
    assert.equal(rest.NextToken, undefined);
    assert.equal((await errorOf(() => t.client.send(new ListScanJobSummariesCommand({ MaxResults: 501 })))).name, 'InvalidParameterValueException');
    assert.equal((await errorOf(() => t.client.send(new ListScanJobSummariesCommand({ AccountId: 'me' })))).name, 'InvalidParameterValueException');
    // Fourteen days later the jobs have left the window.
    await t.advance(15 * 86_400);
    assert.deepEqual((await t.client.send(new ListScanJobSummariesCommand({}))).ScanJobSummaries, []);
  });

  it('answers point-in-time scan results of continuous backups', async () => {
    // Continuous backups come from backup plans; made here through the jobs domain directly.
    const job = await t.hf.services.exports.jobs.backupJobs.start(SCOPE, t.hf.clock.nowMs(), { BackupVaultName: 'v1', ResourceArn: BUCKET, IamRoleArn: ROLE }, { continuous: true });
    await t.advance(60);
    const rp = job.recoveryPointArn;
    const pitr = (when: Date) =>
      t.client.send(new GetPITRMalwareScanResultsCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp, ScanEndTime: when, MalwareScanner: 'GUARDDUTY' }));
    assert.deepEqual((await pitr(at(30))).ScanResult, { ScanResultStatus: 'UNKNOWN' });

    await t.advance(3600); // t=3660
    const future = await errorOf(() => scan(t.client, rp, { ContinuousScanEndTime: at(4000) }));
    assert.equal(future.name, 'InvalidParameterValueException');
    assert.match(future.message, /in the future/);
    const incremental = await errorOf(() => scan(t.client, rp, { ScanMode: 'INCREMENTAL_SCAN', ScanBaseRecoveryPointArn: rp }));
    assert.equal(incremental.name, 'InvalidParameterValueException');
    const id = await scan(t.client, rp, { ContinuousScanEndTime: at(1800) });
    await t.advance(360);
    const d = await t.client.send(new ListScanJobsCommand({ ByRecoveryPointArn: rp }));
    assert.deepEqual(d.ScanJobs![0]!.ContinuousScanStartTime, at(0));
    assert.deepEqual(d.ScanJobs![0]!.ContinuousScanEndTime, at(1800));
    assert.equal(d.ScanJobs![0]!.ScanJobId, id);

    const covered = await pitr(at(900));
    assert.deepEqual(covered.ScanEndTime, at(900));
    assert.deepEqual(covered.ScanResult, { ScanResultStatus: 'NO_THREATS_FOUND' });
    assert.deepEqual(covered.LastScanJobTime, at(3660 + 360));
    assert.equal(covered.ScanMode, 'FULL_SCAN');
    assert.equal(covered.ScanId, d.ScanJobs![0]!.ScanId);
    const later = await pitr(at(2400));
    assert.deepEqual(later.ScanResult, { ScanResultStatus: 'UNKNOWN' });
    assert.equal(later.ScanId, undefined);

    const snapshot = await point(t, VOLUME);
    const notContinuous = await errorOf(() =>
      t.client.send(new GetPITRMalwareScanResultsCommand({ BackupVaultName: 'v1', RecoveryPointArn: snapshot, ScanEndTime: at(0), MalwareScanner: 'GUARDDUTY' })),
    );
    assert.equal(notContinuous.name, 'InvalidParameterValueException');
    assert.match(notContinuous.message, /not a continuous/);
    assert.equal((await errorOf(() => pitr(at(999_999)))).name, 'InvalidParameterValueException');
    const wrongVault = await errorOf(() =>
      t.client.send(new GetPITRMalwareScanResultsCommand({ BackupVaultName: 'v2', RecoveryPointArn: rp, ScanEndTime: at(0), MalwareScanner: 'GUARDDUTY' })),
    );
    assert.equal(wrongVault.name, 'ResourceNotFoundException');
  });
});
