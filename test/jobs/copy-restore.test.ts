import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeBackupVaultCommand,
  DescribeCopyJobCommand,
  DescribeProtectedResourceCommand,
  DescribeRecoveryPointCommand,
  DescribeRestoreJobCommand,
  GetRestoreJobMetadataCommand,
  ListBackupJobSummariesCommand,
  ListCopyJobsCommand,
  ListCopyJobSummariesCommand,
  ListProtectedResourcesByBackupVaultCommand,
  ListProtectedResourcesCommand,
  ListRecoveryPointsByBackupVaultCommand,
  ListRestoreJobsByProtectedResourceCommand,
  ListRestoreJobsCommand,
  ListRestoreJobSummariesCommand,
  StartBackupJobCommand,
  StartCopyJobCommand,
  StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT, errorOf } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { suiteServer } from '../helpers/suite.js';
import { backup, DB, ROLE, roleFor, TABLE, vault, VOLUME } from './fixtures.js';

const OTHER = '222222222222';
const vaultArn = (name: string, region = 'us-east-1', account = ACCOUNT): string => `arn:aws:backup:${region}:${account}:backup-vault:${name}`;

describe('copy jobs, restore jobs, summaries and protected resources', () => {
  const t = suiteServer({ vaults: ['v1'] });
  const { at } = t;

  /** A completed backup's recovery point; `at` then counts from its completion. */
  async function completedPoint(resource = VOLUME): Promise<string> {
    const { RecoveryPointArn } = await completedBackup(t, { ResourceArn: resource, RecoveryPointTags: { team: 'a' } });
    t.rebase();
    return RecoveryPointArn;
  }
  const copy = (rp: string, dest: string, extra: Record<string, unknown> = {}) =>
    t.client.send(new StartCopyJobCommand({ RecoveryPointArn: rp, SourceBackupVaultName: 'v1', DestinationBackupVaultArn: dest, IamRoleArn: ROLE, ...extra }));
  const describeCopy = async (id: string) => (await t.client.send(new DescribeCopyJobCommand({ CopyJobId: id }))).CopyJob!;

  it('copies to another region with its own lifecycle', async () => {
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await vault(west, 'dr');
    const rp = await completedPoint();
    const started = await copy(rp, vaultArn('dr', 'us-west-2'), { Lifecycle: { DeleteAfterDays: 30 } });
    assert.equal(started.IsParent, false);
    assert.equal((await describeCopy(started.CopyJobId!)).State, 'CREATED');
    await t.advance(3600);
    const job = await describeCopy(started.CopyJobId!);
    assert.equal(job.State, 'COMPLETED');
    assert.deepEqual(job.CompletionDate, at(5));
    assert.equal(job.SourceBackupVaultArn, vaultArn('v1'));
    assert.equal(job.SourceRecoveryPointArn, rp);
    assert.equal(job.ResourceType, 'EBS');
    assert.match(job.DestinationRecoveryPointArn!, /^arn:aws:ec2:us-west-2::snapshot\/snap-[0-9a-f]{17}$/);
    const copied = await west.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'dr', RecoveryPointArn: job.DestinationRecoveryPointArn! }));
    assert.equal(copied.SourceBackupVaultArn, vaultArn('v1'));
    assert.equal(copied.ResourceArn, VOLUME);
    assert.deepEqual(copied.CalculatedLifecycle, { DeleteAt: at(30 * 86400) });
    assert.deepEqual(await t.hf.store.tags.get(job.DestinationRecoveryPointArn!), { team: 'a' });
    assert.equal((await west.send(new DescribeBackupVaultCommand({ BackupVaultName: 'dr' }))).NumberOfRecoveryPoints, 1);
    // Its own lifecycle: the copy goes after 30 days, the source stays.
    await t.advance(30 * 86400);
    assert.equal((await west.send(new DescribeBackupVaultCommand({ BackupVaultName: 'dr' }))).NumberOfRecoveryPoints, 0);
    assert.equal((await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints, 1);
  });

  it('copies to another account only when its vault policy allows it', async () => {
    const other = t.clientFor(OTHER);
    await vault(other, 'shared');
    await vault(other, 'closed');
    const docs = t.hf.store.docs<any>('vault');
    const scope = { accountId: OTHER, region: 'us-east-1' };
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }],
    };
    await docs.put(scope, 'shared', { ...(await docs.get(scope, 'shared')), accessPolicy: JSON.stringify(policy) });
    const rp = await completedPoint(DB);
    const ok = await copy(rp, vaultArn('shared', 'us-east-1', OTHER));
    const denied = await copy(rp, vaultArn('closed', 'us-east-1', OTHER));
    const missing = await copy(rp, vaultArn('nope', 'us-east-1', OTHER));
    await t.advance(60);
    const okJob = await describeCopy(ok.CopyJobId!);
    assert.equal(okJob.State, 'COMPLETED');
    assert.match(okJob.DestinationRecoveryPointArn!, new RegExp(`^arn:aws:rds:us-east-1:${OTHER}:snapshot:awsbackup:job-`));
    const d = await describeCopy(denied.CopyJobId!);
    assert.equal(d.State, 'FAILED');
    assert.equal(d.MessageCategory, 'AccessDenied');
    assert.match(d.StatusMessage!, /does not allow account 111111111111 to perform backup:CopyIntoBackupVault/);
    const m = await describeCopy(missing.CopyJobId!);
    assert.equal(m.State, 'FAILED');
    assert.match(m.StatusMessage!, /Destination backup vault .* does not exist/);
    const points = await other.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'shared' }));
    assert.equal(points.RecoveryPoints!.length, 1);
  });

  it('checks copy requests and lists copy jobs with every filter', async () => {
    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await vault(west, 'dr');
    await vault(t.client, 'v2');
    const rp = await completedPoint();
    const rp2 = await completedPoint(TABLE);
    const badArn = await errorOf(() => copy(rp, 'arn:aws:backup:us-west-2:111:vault:dr'));
    assert.equal(badArn.name, 'InvalidParameterValueException');
    const noPoint = await errorOf(() => copy(`${rp}0`, vaultArn('dr', 'us-west-2')));
    assert.equal(noPoint.name, 'ResourceNotFoundException');
    const a = await copy(rp, vaultArn('dr', 'us-west-2'), { IdempotencyToken: 'same' });
    const again = await copy(rp, vaultArn('dr', 'us-west-2'), { IdempotencyToken: 'same' });
    assert.equal(a.CopyJobId, again.CopyJobId);
    await t.advance(60);
    const b = await copy(rp2, vaultArn('v2'));
    const list = async (input: Record<string, unknown>): Promise<string[]> =>
      ((await t.client.send(new ListCopyJobsCommand(input))).CopyJobs ?? []).map((j) => j.CopyJobId!);
    assert.deepEqual(await list({}), [a.CopyJobId, b.CopyJobId]);
    assert.deepEqual(await list({ ByState: 'COMPLETED' }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByResourceArn: TABLE }), [b.CopyJobId]);
    assert.deepEqual(await list({ ByResourceType: 'EBS' }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByDestinationVaultArn: vaultArn('v2') }), [b.CopyJobId]);
    assert.deepEqual(await list({ BySourceRecoveryPointArn: rp }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByCreatedAfter: at(1) }), [b.CopyJobId]);
    assert.deepEqual(await list({ ByCreatedBefore: at(1) }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByCompleteBefore: at(100), ByCompleteAfter: at(0) }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByMessageCategory: 'SUCCESS' }), [a.CopyJobId]);
    assert.deepEqual(await list({ ByParentJobId: a.CopyJobId }), []);
    assert.deepEqual(await list({ ByAccountId: OTHER }), []);
    // The model documents `*` for ListBackupJobs only: ListCopyJobs' ByAccountId takes account IDs.
    assert.equal((await errorOf(() => list({ ByAccountId: '*' }))).name, 'InvalidParameterValueException');
  });

  it('restores on the clock with a created resource of the right type and round-trips metadata', async () => {
    const rp = await completedPoint(TABLE);
    const e = await errorOf(() => t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: {}, ResourceType: 'EBS' })));
    assert.equal(e.name, 'InvalidParameterValueException');
    const missing = await errorOf(() => t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: `${rp}x`, Metadata: {} })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const metadata = { targetTableName: 'orders-restored', encryptionType: 'Default' };
    const { RestoreJobId } = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: metadata, IamRoleArn: ROLE, IdempotencyToken: 'r1' }));
    const again = await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: metadata, IamRoleArn: ROLE, IdempotencyToken: 'r1' }));
    assert.equal(again.RestoreJobId, RestoreJobId);
    let d = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    assert.equal(d.Status, 'PENDING');
    assert.equal(d.RecoveryPointArn, rp);
    assert.equal(d.SourceResourceArn, TABLE);
    assert.equal(d.BackupVaultArn, vaultArn('v1'));
    assert.equal(d.ResourceType, 'DynamoDB');
    await t.advance(0);
    assert.equal((await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }))).Status, 'RUNNING');
    await t.advance(60);
    d = await t.client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    assert.equal(d.Status, 'COMPLETED');
    assert.deepEqual(d.CompletionDate, at(5));
    assert.equal(d.CreatedResourceArn, `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-restored`);
    assert.equal(d.PercentDone, '100.0');
    const meta = await t.client.send(new GetRestoreJobMetadataCommand({ RestoreJobId }));
    assert.deepEqual(meta.Metadata, metadata);
    const p = await t.client.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: rp }));
    assert.deepEqual(p.LastRestoreTime, at(5));

    const list = await t.client.send(new ListRestoreJobsCommand({ ByStatus: 'COMPLETED', ByResourceType: 'DynamoDB', ByCreatedAfter: at(0) }));
    assert.deepEqual(list.RestoreJobs!.map((j) => j.RestoreJobId), [RestoreJobId]);
    assert.deepEqual((await t.client.send(new ListRestoreJobsCommand({ ByStatus: 'FAILED' }))).RestoreJobs, []);
    assert.deepEqual((await t.client.send(new ListRestoreJobsCommand({ ByCompleteAfter: at(6) }))).RestoreJobs, []);
    const byResource = await t.client.send(new ListRestoreJobsByProtectedResourceCommand({ ResourceArn: TABLE, ByRecoveryPointCreationDateBefore: at(0) }));
    assert.deepEqual(byResource.RestoreJobs!.map((j) => j.RestoreJobId), [RestoreJobId]);
    const none = await t.client.send(new ListRestoreJobsByProtectedResourceCommand({ ResourceArn: TABLE, ByRecoveryPointCreationDateAfter: at(1) }));
    assert.deepEqual(none.RestoreJobs, []);

    const pr = await t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: TABLE }));
    assert.equal(pr.ResourceType, 'DynamoDB');
    assert.equal(pr.ResourceName, 'orders');
    assert.equal(pr.LastRecoveryPointArn, rp);
    assert.equal(pr.LastBackupVaultArn, vaultArn('v1'));
    assert.deepEqual(pr.LatestRestoreJobCreationDate, at(0));
    assert.equal(pr.LatestRestoreExecutionTimeMinutes, 1);
  });

  it('lists protected resources, overall and by vault', async () => {
    await vault(t.client, 'v2');
    await completedPoint(VOLUME);
    const latest = await completedPoint(VOLUME);
    await backup(t.client, TABLE, { BackupVaultName: 'v2' });
    await t.advance(60);
    const all = await t.client.send(new ListProtectedResourcesCommand({}));
    assert.deepEqual(all.Results!.map((r) => r.ResourceArn).sort(), [TABLE, VOLUME].sort());
    const vol = all.Results!.find((r) => r.ResourceArn === VOLUME)!;
    assert.equal(vol.LastRecoveryPointArn, latest);
    assert.equal(vol.ResourceType, 'EBS');
    const page = await t.client.send(new ListProtectedResourcesCommand({ MaxResults: 1 }));
    assert.equal(page.Results!.length, 1);
    const rest = await t.client.send(new ListProtectedResourcesCommand({ MaxResults: 1, NextToken: page.NextToken }));
    assert.equal(rest.Results!.length, 1);
    assert.equal(rest.NextToken, undefined);
    assert.notEqual(rest.Results![0]!.ResourceArn, page.Results![0]!.ResourceArn);
    const v2 = await t.client.send(new ListProtectedResourcesByBackupVaultCommand({ BackupVaultName: 'v2' }));
    assert.deepEqual(v2.Results!.map((r) => r.ResourceArn), [TABLE]);
    const none = await errorOf(() => t.client.send(new DescribeProtectedResourceCommand({ ResourceArn: DB })));
    assert.equal(none.name, 'ResourceNotFoundException');
  });

  it('summarizes jobs by state, resource type, account and period', async () => {
    // Start an hour into a UTC day so that every job of this test falls on the same day.
    await t.advance((86400000 - (t.hf.clock.nowMs() % 86400000)) / 1000 + 3600);
    await t.admin('PUT', '/resources', { resources: [{ arn: TABLE, backupOutcome: 'FAILED', messageCategory: 'AccessDenied' }] });
    const rp = await completedPoint(VOLUME);
    await backup(t.client, VOLUME);
    await backup(t.client, TABLE);
    await t.advance(60);
    const other = t.clientFor(OTHER);
    await vault(other);
    await other.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: 'arn:aws:s3:::their-bucket', IamRoleArn: roleFor(OTHER) }));
    const day = new Date(Math.floor(t.hf.clock.nowMs() / 86400000) * 86400000);

    const daily = await t.client.send(new ListBackupJobSummariesCommand({}));
    assert.equal(daily.AggregationPeriod, 'ONE_DAY');
    const rows = daily.BackupJobSummaries!.map((s) => [s.AccountId, s.State, s.ResourceType, s.MessageCategory, s.Count]);
    assert.deepEqual(rows, [
      [ACCOUNT, 'COMPLETED', 'EBS', 'SUCCESS', 2],
      [ACCOUNT, 'FAILED', 'DynamoDB', 'AccessDenied', 1],
    ]);
    assert.deepEqual(daily.BackupJobSummaries![0]!.StartTime, day);
    assert.deepEqual(daily.BackupJobSummaries![0]!.EndTime, new Date(day.getTime() + 86400000));
    assert.equal(daily.BackupJobSummaries![0]!.Region, 'us-east-1');

    const agg = await t.client.send(new ListBackupJobSummariesCommand({ AggregationPeriod: 'SEVEN_DAYS', State: 'AGGREGATE_ALL', ResourceType: 'AGGREGATE_ALL', MessageCategory: 'AGGREGATE_ALL', AccountId: 'ANY' }));
    assert.deepEqual(agg.BackupJobSummaries!.map((s) => [s.AccountId, s.State, s.Count]), [
      [ACCOUNT, 'AGGREGATE_ALL', 3],
      [OTHER, 'AGGREGATE_ALL', 1],
    ]);
    assert.deepEqual(agg.BackupJobSummaries![0]!.StartTime, new Date(day.getTime() - 6 * 86400000));
    const failed = await t.client.send(new ListBackupJobSummariesCommand({ State: 'FAILED', AggregationPeriod: 'FOURTEEN_DAYS' }));
    assert.deepEqual(failed.BackupJobSummaries!.map((s) => s.Count), [1]);

    const west = t.clientFor(ACCOUNT, 'us-west-2');
    await vault(west, 'dr');
    await copy(rp, vaultArn('dr', 'us-west-2'));
    await t.client.send(new StartRestoreJobCommand({ RecoveryPointArn: rp, Metadata: {} }));
    await t.advance(60);
    const copies = await t.client.send(new ListCopyJobSummariesCommand({}));
    assert.deepEqual(copies.CopyJobSummaries!.map((s) => [s.State, s.ResourceType, s.Count]), [['COMPLETED', 'EBS', 1]]);
    const restores = await t.client.send(new ListRestoreJobSummariesCommand({ State: 'ANY' }));
    assert.deepEqual(restores.RestoreJobSummaries!.map((s) => [s.State, s.ResourceType, s.Count]), [['COMPLETED', 'EBS', 1]]);
    // Jobs older than the window drop out.
    await t.advance(15 * 86400);
    assert.deepEqual((await t.client.send(new ListBackupJobSummariesCommand({}))).BackupJobSummaries, []);
  });
});
