/**
 * Report uploads after commit (services/audit/report-delivery.ts, docs/audit.md): a report job
 * stays RUNNING while its S3 endpoint does not answer, completes once it does, and fails after
 * the retries naming the cause. The peer is s3rver, started by the test on a port chosen first,
 * so that the endpoint can be down and then come up.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateReportPlanCommand, DescribeReportJobCommand, StartReportJobCommand } from '@aws-sdk/client-backup';
import S3rver from 's3rver';
import { freePort } from '../helpers/child.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('report uploads to an S3 endpoint that is down', () => {
  let t: TestServer;
  let port: number;
  let endpoint: string;
  let s3Dir: string;
  before(async () => {
    port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    s3Dir = mkdtempSync(join(tmpdir(), 'holdfast-s3rver-'));
    t = await startTestServer({ s3: { endpoint, ...CREDENTIALS } });
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'Daily',
        ReportDeliveryChannel: { S3BucketName: 'reports', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
  });
  after(async () => {
    await t.close();
    rmSync(s3Dir, { recursive: true, force: true });
  });

  const describeJob = async (ReportJobId: string) => (await t.client.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;

  it('keeps the job RUNNING until the endpoint answers, then completes it with its keys, uploaded once', async () => {
    const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Daily' }));
    await t.advance(120); // queued a minute, ran a minute: the first attempt finds nobody
    let job = await describeJob(ReportJobId!);
    assert.equal(job.Status, 'RUNNING');
    assert.equal(job.ReportDestination, undefined);
    await t.advance(60); // the second attempt, a minute later: still nobody
    assert.equal((await describeJob(ReportJobId!)).Status, 'RUNNING');

    const s3rver = new S3rver({ port, address: '127.0.0.1', silent: true, directory: s3Dir });
    await s3rver.run();
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    const written: string[] = [];
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
      s3rver.on('event', (e) => written.push(...e.Records.filter((r) => r.eventName.startsWith('ObjectCreated')).map((r) => r.s3.object.key)));
      await t.advance(119);
      assert.equal((await describeJob(ReportJobId!)).Status, 'RUNNING', 'the third attempt is two minutes after the second');
      await t.advance(1);
      job = await describeJob(ReportJobId!);
      assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
      const keys = job.ReportDestination!.S3Keys!;
      assert.equal(keys.length, 2);
      assert.deepEqual([...written].sort(), [...keys].sort(), 'each report object written once');
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'reports' }));
      assert.deepEqual(listed.Contents?.map((o) => o.Key).sort(), [...keys].sort());
      await t.advance(3600);
      assert.deepEqual([...written].sort(), [...keys].sort(), 'nothing is uploaded again');
    } finally {
      s3.destroy();
      await s3rver.close();
    }
  });

  it('fails the job after four attempts, naming the cause', async () => {
    const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Daily' }));
    await t.advance(120 + 60 + 120 + 239); // attempts at +0, +1, +3 minutes; the fourth is due at +7
    assert.equal((await describeJob(ReportJobId!)).Status, 'RUNNING');
    await t.advance(1);
    const job = await describeJob(ReportJobId!);
    assert.equal(job.Status, 'FAILED');
    assert.equal(
      job.StatusMessage,
      `The report could not be delivered after 4 attempts. The last one failed: Holdfast could not reach the S3 endpoint ${endpoint} (ECONNREFUSED), so the report could not be delivered.`,
    );
    assert.equal(job.ReportDestination, undefined);
    assert.equal(job.CompletionTime!.getTime(), t.hf.clock.nowMs());
  });
});

describe('report uploads to an S3 endpoint that accepts and never answers', () => {
  let t: TestServer;
  let silent: Server;
  const sockets = new Set<Socket>();
  let accepted = 0;
  let endpoint: string;
  before(async () => {
    silent = createServer((socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // A short bound (the option's default is a minute): each attempt's requests end in real time.
    t = await startTestServer({ s3: { endpoint, ...CREDENTIALS, requestTimeoutMs: 300 } });
    await t.client.send(
      new CreateReportPlanCommand({ ReportPlanName: 'Silent', ReportDeliveryChannel: { S3BucketName: 'reports' }, ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' } }),
    );
  });
  after(async () => {
    await t?.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  // Without the bound, the first attempt would wait forever: the test's own timeout says so.
  it('ends each attempt at the request timeout and fails the job after its retries, naming the cause', { timeout: 60_000 }, async () => {
    const { ReportJobId } = await t.client.send(new StartReportJobCommand({ ReportPlanName: 'Silent' }));
    await t.advance(120);
    const describeJob = async () => (await t.client.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;
    assert.equal((await describeJob()).Status, 'RUNNING', 'the first attempt timed out; a retry is due');
    assert.ok(accepted >= 1, 'the endpoint was reached');
    await t.advance(60 + 120 + 240);
    const job = await describeJob();
    assert.equal(job.Status, 'FAILED');
    assert.equal(
      job.StatusMessage,
      `The report could not be delivered after 4 attempts. The last one failed: The S3 endpoint ${endpoint} did not answer within 0.3 s, so the report could not be delivered.`,
    );
    assert.equal(job.CompletionTime!.getTime(), t.hf.clock.nowMs());
  });
});
