/**
 * Reading reports over HTTP, without the server's folder: GET /_holdfast/buckets/{bucket} lists
 * the keys (optionally under a prefix), GET /_holdfast/buckets/{bucket}/{key} streams the bytes.
 * Reports come from real report jobs into the local folder stand-in.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CreateReportPlanCommand, type ReportJob } from '@aws-sdk/client-backup';
import type { LocalFolderSink } from '../../src/services/audit/sink.js';
import { completedBackup } from '../helpers/backups.js';
import { startTestServer } from '../helpers/server.js';
import { suiteServer } from '../helpers/suite.js';
import { VOLUME } from '../jobs/fixtures.js';
import { csvObjects, runReportJob } from './harness.js';

/** GET of a raw path (a URL, as fetch takes, would lose its '..' segments before it is sent). */
function rawGet(url: string, path: string): Promise<{ status: number; json: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ status: res.statusCode!, json: JSON.parse(body) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('reading reports through /_holdfast/buckets', () => {
  const t = suiteServer({ dataDir: true, vaults: ['v1'] });
  const fileOf = (bucket: string, key: string): string => join(t.dataDir, 's3', bucket, ...key.split('/'));

  /** A BACKUP_JOB_REPORT in CSV and JSON under `team/`, delivered into `bucket`. */
  async function deliveredReport(bucket: string, plan: string): Promise<{ job: ReportJob; backupJobId: string }> {
    assert.equal((await t.admin('PUT', `/buckets/${bucket}`)).status, 200);
    const { BackupJobId } = await completedBackup(t, { ResourceArn: VOLUME });
    await t.client.send(
      new CreateReportPlanCommand({
        ReportPlanName: plan,
        ReportDeliveryChannel: { S3BucketName: bucket, S3KeyPrefix: 'team', Formats: ['CSV', 'JSON'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT' },
      }),
    );
    const job = await runReportJob(t, t.client, plan);
    assert.equal(job.Status, 'COMPLETED', job.StatusMessage);
    return { job, backupJobId: BackupJobId };
  }

  it("lists a bucket's keys, under a prefix too, and streams each report's bytes", async () => {
    const { job, backupJobId } = await deliveredReport('listed', 'Listed');
    const keys = [...job.ReportDestination!.S3Keys!].sort();
    assert.equal(keys.length, 2);
    assert.deepEqual((await t.admin('GET', '/buckets/listed')).json, { bucket: 'listed', prefix: '', keys });
    assert.deepEqual((await t.admin('GET', '/buckets/listed/')).json.keys, keys);
    assert.deepEqual((await t.admin('GET', '/buckets/listed?prefix=team/Backup/us-east-1/')).json.keys, keys);
    assert.deepEqual((await t.admin('GET', `/buckets/listed?prefix=${encodeURIComponent(keys[0]!.slice(0, -2))}`)).json.keys, [keys[0]]);
    assert.deepEqual((await t.admin('GET', '/buckets/listed?prefix=team/Backup/eu-west-1/')).json.keys, []);
    assert.deepEqual((await t.admin('GET', '/buckets/listed?prefix=other')).json.keys, []);

    for (const key of keys) {
      const onDisk = readFileSync(fileOf('listed', key));
      // The key as a path, and the key URL-encoded whole ('/' as %2F): the same object.
      for (const path of [key, encodeURIComponent(key)]) {
        const res = await fetch(`${t.url}/_holdfast/buckets/listed/${path}`);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), key.endsWith('.csv') ? 'text/csv' : 'application/json');
        assert.equal(Number(res.headers.get('content-length')), statSync(fileOf('listed', key)).size);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), onDisk);
      }
    }
    const csv = await (await fetch(`${t.url}/_holdfast/buckets/listed/${keys.find((k) => k.endsWith('.csv'))}`)).text();
    assert.equal(csvObjects(csv)[0]!.backupJobId, backupJobId);
  });

  it('lists no report that is still being written', async () => {
    assert.equal((await t.admin('PUT', '/buckets/partial')).status, 200);
    const sink = t.hf.services.exports.audit.sink as LocalFolderSink;
    const object = await sink.create('partial', 'a/report.csv');
    await object.write('x'.repeat(300 * 1024)); // past the flush size: the temporary file has bytes
    assert.deepEqual((await t.admin('GET', '/buckets/partial')).json.keys, []);
    await object.commit();
    assert.deepEqual((await t.admin('GET', '/buckets/partial')).json.keys, ['a/report.csv']);
  });

  it("refuses '..' with 400 and answers a missing bucket or key with a JSON 404", async () => {
    await deliveredReport('guarded', 'Guarded');
    for (const path of ['/buckets/guarded/../../holdfast.sqlite', '/buckets/guarded/%2E%2E/%2E%2E/holdfast.sqlite', '/buckets/guarded/team/..%2F..%2F..%2Fholdfast.sqlite']) {
      const res = await rawGet(t.url, `/_holdfast${path}`);
      assert.equal(res.status, 400, path);
      assert.match(res.json.error, /has a '\.\.' segment/);
    }
    assert.equal((await rawGet(t.url, '/_holdfast/buckets/guarded?prefix=../')).status, 400);
    const cases: [string, number, string][] = [
      ['/buckets/no-such-bucket', 404, 'Bucket no-such-bucket does not exist.'],
      ['/buckets/no-such-bucket/a.csv', 404, 'Bucket no-such-bucket does not exist.'],
      ['/buckets/guarded/team/missing.csv', 404, "Bucket guarded has no object 'team/missing.csv'."],
      ['/buckets/guarded/team', 404, "Bucket guarded has no object 'team'."],
      ['/buckets/Not_A_Bucket', 400, "'Not_A_Bucket' is not a valid S3 bucket name (3-63 lowercase letters, numbers, dots and hyphens)."],
      ['/buckets/guarded/%E0%A4%A', 400, "The key '%E0%A4%A' is not valid URL encoding."],
    ];
    for (const [path, status, error] of cases) {
      const res = await t.admin('GET', path);
      assert.deepEqual(res, { status, json: { error } }, path);
    }
    assert.equal((await t.admin('PUT', '/buckets/guarded/some/key')).status, 400);
  });
});

describe('bucket locations', () => {
  it('are absolute paths even when the data folder is given relative', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-relative-'));
    const t = await startTestServer({ inMemory: false, dataDir: relative(process.cwd(), dir) });
    try {
      assert.ok(!isAbsolute(relative(process.cwd(), dir)));
      const root = resolve(dir, 's3');
      assert.deepEqual((await t.admin('GET', '/buckets')).json, { root, buckets: [] });
      assert.deepEqual((await t.admin('PUT', '/buckets/made')).json, { bucket: 'made', path: join(root, 'made') });
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
