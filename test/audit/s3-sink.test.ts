/**
 * Reports into a real S3-compatible server: s3rver (an independent S3 implementation from npm),
 * started by the test on a free port, read back through its own @aws-sdk/client-s3 client.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateBackupVaultCommand, CreateReportPlanCommand } from '@aws-sdk/client-backup';
import S3rver from 's3rver';
import { writeReport } from '../../src/services/audit/report-writer.js';
import { S3Sink } from '../../src/services/audit/s3-sink.js';
import type { ReportRow } from '../../src/services/audit/job-source.js';
import { ACCOUNT, startTestServer, type TestServer } from '../helpers/server.js';
import { completedBackup } from '../helpers/backups.js';
import { VOLUME } from '../jobs/fixtures.js';
import { freePort } from '../helpers/child.js';
import { csvObjects, runReportJob } from './harness.js';

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('audit reports into a real S3 server (s3rver)', () => {
  let s3rver: S3rver;
  let s3Dir: string;
  let endpoint: string;
  let s3: S3Client;
  let t: TestServer;
  before(async () => {
    s3Dir = mkdtempSync(join(tmpdir(), 'holdfast-s3rver-'));
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir });
    const { port } = await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    t = await startTestServer({ s3: { endpoint, ...CREDENTIALS } });
  });
  after(async () => {
    await t.close();
    s3.destroy();
    await s3rver.close();
    rmSync(s3Dir, { recursive: true, force: true });
  });

  const text = async (bucket: string, key: string) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

  it('writes every format of a report to S3 under the documented keys, and nothing else', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'audit-reports' }));
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const { BackupJobId } = await completedBackup(t, { ResourceArn: VOLUME });
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'ToS3',
        ReportDeliveryChannel: { S3BucketName: 'audit-reports', S3KeyPrefix: 'org/', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
    const job = await runReportJob(t, t.client, 'ToS3');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    const keys = job.ReportDestination!.S3Keys!;
    assert.equal(keys.length, 2);
    assert.match(keys[0]!, new RegExp(`^org/Backup/us-east-1/2026/01/01/ToS3_${job.ReportJobId}\\.csv$`));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'audit-reports' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key).sort(), [...keys].sort());
    const [row] = csvObjects(await text('audit-reports', keys[0]!));
    assert.equal(row!.backupJobId, BackupJobId);
    assert.equal(row!.accountId, ACCOUNT);
    const json = JSON.parse(await text('audit-reports', keys[1]!));
    assert.equal(json.reportItems[0].backupJobId, BackupJobId);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: 'audit-reports', Key: keys[0]! }))).ContentType, 'text/csv');
    // The admin API manages the S3 server's buckets.
    assert.equal((await t.admin('PUT', '/buckets/made-by-admin')).status, 200);
    const buckets = (await t.admin('GET', '/buckets')).json;
    assert.equal(buckets.root, endpoint);
    assert.ok(buckets.buckets.includes('made-by-admin') && buckets.buckets.includes('audit-reports'));
  });

  it('serves the S3 server\'s reports through GET /_holdfast/buckets/{bucket}[/{key}] (a proxy)', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'proxied' }));
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'Proxied',
        ReportDeliveryChannel: { S3BucketName: 'proxied', S3KeyPrefix: 'ci', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
    const job = await runReportJob(t, t.client, 'Proxied');
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    const keys = [...job.ReportDestination!.S3Keys!].sort();
    assert.deepEqual((await t.admin('GET', '/buckets/proxied?prefix=ci/Backup/')).json, { bucket: 'proxied', prefix: 'ci/Backup/', keys });
    assert.deepEqual((await t.admin('GET', '/buckets/proxied?prefix=elsewhere/')).json.keys, []);
    for (const key of keys) {
      const res = await fetch(`${t.url}/_holdfast/buckets/proxied/${encodeURIComponent(key)}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), key.endsWith('.csv') ? 'text/csv' : 'application/json');
      assert.equal(await res.text(), await text('proxied', key));
    }
    assert.deepEqual(await t.admin('GET', '/buckets/proxied/ci/missing.csv'), { status: 404, json: { error: "Bucket proxied has no object 'ci/missing.csv'." } });
    assert.deepEqual(await t.admin('GET', '/buckets/not-on-s3'), { status: 404, json: { error: 'Bucket not-on-s3 does not exist.' } });
    assert.deepEqual(await t.admin('GET', '/buckets/not-on-s3/a.csv'), { status: 404, json: { error: 'Bucket not-on-s3 does not exist.' } });
  });

  it('fails a job whose bucket does not exist on the S3 server, saying where to create it', async () => {
    await t.client.send(
      new CreateReportPlanCommand({ ReportPlanName: 'NoBucket', ReportDeliveryChannel: { S3BucketName: 'missing-bucket' }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' } }),
    );
    const job = await runReportJob(t, t.client, 'NoBucket');
    assert.equal(job.Status, 'FAILED');
    assert.equal(job.StatusMessage, `The S3 bucket 'missing-bucket' does not exist, so the report could not be delivered. Create it on the S3 endpoint ${endpoint} (for example: aws s3 mb s3://missing-bucket --endpoint-url ${endpoint}) and run the report again.`);
    assert.equal(job.ReportDestination, undefined);
  });

  it('streams a large report as a multipart upload, whole or not at all', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'big-reports' }));
    const sink = new S3Sink({ endpoint, ...CREDENTIALS });
    const total = 150_000;
    async function* rows(): AsyncIterable<ReportRow> {
      for (let i = 0; i < total; i++) yield { backupJobId: `job-${i}`, jobStatus: 'COMPLETED', resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${String(i).padStart(17, '0')}` };
    }
    const columns = ['backupJobId', 'jobStatus', 'resourceArn'];
    assert.equal(await writeReport(sink, 'big-reports', [{ format: 'CSV', key: 'big.csv' }], columns, rows()), total);
    const body = await text('big-reports', 'big.csv');
    assert.ok(body.length > 9 * 1024 * 1024, `only ${body.length} bytes: not a multipart upload`);
    const lines = body.trimEnd().split('\n');
    assert.equal(lines.length, total + 1);
    assert.equal(lines[total], `job-${total - 1},COMPLETED,arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${String(total - 1).padStart(17, '0')}`);
    // A report that fails half-way leaves no object behind.
    async function* broken(): AsyncIterable<ReportRow> {
      yield* rows();
      throw new Error('source failed');
    }
    await assert.rejects(writeReport(sink, 'big-reports', [{ format: 'CSV', key: 'broken.csv' }], columns, broken()), /source failed/);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'big-reports' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), ['big.csv']);
    sink.close();
  });
});

describe('an S3 endpoint nobody answers', () => {
  let t: TestServer;
  let endpoint: string;
  before(async () => {
    endpoint = `http://127.0.0.1:${await freePort()}`;
    t = await startTestServer({ s3: { endpoint, ...CREDENTIALS } });
  });
  after(() => t.close());

  it('answers the bucket routes with 502 and the reason', async () => {
    for (const path of ['/buckets/reports', '/buckets/reports/a.csv']) {
      const res = await t.admin('GET', path);
      assert.equal(res.status, 502, path);
      assert.equal(res.json.error, `Holdfast could not reach the S3 endpoint ${endpoint} (ECONNREFUSED), so the report could not be read.`);
    }
    const list = await t.admin('GET', '/buckets');
    assert.equal(list.status, 502);
    assert.equal(list.json.error, `Holdfast could not reach the S3 endpoint ${endpoint} (ECONNREFUSED), so its buckets could not be listed.`);
  });
});
