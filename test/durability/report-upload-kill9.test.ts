/**
 * A report upload survives kill -9 between commit and upload: a child server whose S3 endpoint
 * accepts connections and never answers is SIGKILLed while the upload of a report job it has
 * committed hangs; restarted on the same state (the data folder, or the PostgreSQL database
 * under HOLDFAST_TEST_BACKEND=postgres) with a real S3 peer (s3rver), it uploads the report at
 * the attempt's retry time, once, and completes the job with its keys.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BackupClient, CreateReportPlanCommand, DescribeReportJobCommand, StartReportJobCommand } from '@aws-sdk/client-backup';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { startChild, type ChildServer } from '../helpers/child.js';
import { freshDatabase } from '../helpers/postgres.js';
import { TEST_BACKEND } from '../helpers/server.js';

const S3_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const s3Args = (endpoint: string): string[] => ['--s3-endpoint', endpoint, '--s3-access-key-id', S3_KEYS.accessKeyId, '--s3-secret-access-key', S3_KEYS.secretAccessKey];

/** A TCP server that accepts every connection and never answers; `reached` resolves on the first. */
async function blackHole(): Promise<{ endpoint: string; reached: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    reach();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reached,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('report uploads across kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-report-kill9-'));
  const servers: ChildServer[] = [];
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads on restart, once, what was committed but not uploaded when the server died', async () => {
    const storage = TEST_BACKEND === 'postgres' ? ['--database', await freshDatabase()] : ['--data-dir', join(dir, 'data')];
    const hole = await blackHole();
    const s3Dir = join(dir, 's3rver');
    const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir });
    const endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;
    const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_KEYS });
    const written: string[] = [];
    s3rver.on('event', (e) => written.push(...e.Records.filter((r) => r.eventName.startsWith('ObjectCreated')).map((r) => r.s3.object.key)));
    const clientOf = (url: string) => new BackupClient({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
      const first = await startChild(['--port', '0', ...storage, '--frozen-clock', ...s3Args(hole.endpoint)]);
      servers.push(first);
      const client = clientOf(first.url);
      await client.send(
        new CreateReportPlanCommand({
          ReportPlanName: 'Daily',
          ReportDeliveryChannel: { S3BucketName: 'reports', Formats: ['CSV', 'JSON'] },
          ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
        }),
      );
      const { ReportJobId } = await client.send(new StartReportJobCommand({ ReportPlanName: 'Daily' }));
      // The job runs and commits its upload; the upload then hangs on the endpoint (so does the advance).
      const advancing = fetch(`${first.url}/_holdfast/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 120 }) }).catch(() => undefined);
      await hole.reached;
      assert.equal((await client.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!.Status, 'RUNNING');
      client.destroy();
      await first.kill('SIGKILL');
      await advancing;

      const second = await startChild(['--port', '0', ...storage, '--frozen-clock', ...s3Args(endpoint)]);
      servers.push(second);
      const again = clientOf(second.url);
      assert.equal((await again.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!.Status, 'RUNNING');
      assert.deepEqual(written, []);
      // The attempt the first server started is tried again at its retry time, a minute later.
      const res = await fetch(`${second.url}/_holdfast/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 60 }) });
      assert.equal(res.status, 200);
      const job = (await again.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;
      again.destroy();
      assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
      assert.equal(job.ReportDestination!.S3Keys!.length, 2);
      assert.deepEqual([...written].sort(), [...job.ReportDestination!.S3Keys!].sort(), 'each report object uploaded once');
    } finally {
      s3.destroy();
      await s3rver.close();
      await hole.close();
    }
  });
});
