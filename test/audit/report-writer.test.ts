import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReportRow } from '../../src/services/audit/job-source.js';
import { reportKey, writeReport } from '../../src/services/audit/report-writer.js';
import { LocalFolderSink, S3Root } from '../../src/services/audit/sink.js';
import { TEMPLATE_COLUMNS } from '../../src/services/audit/templates.js';

async function* fakeRows(n: number, failAt?: number): AsyncIterable<ReportRow> {
  for (let i = 0; i < n; i++) {
    if (i === failAt) throw new Error('source broke');
    yield { accountId: '111111111111', region: 'us-east-1', restoreJobId: `r${i}`, jobStatus: 'COMPLETED', percentDone: '100.00%' };
  }
}

describe('audit report writer', () => {
  let dir: string;
  let sink: LocalFolderSink;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'holdfast-writer-'));
    sink = new LocalFolderSink(new S3Root(dir));
    await sink.createBucket('b');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds keys with and without a prefix', () => {
    const at = Date.UTC(2026, 2, 5, 23, 59);
    assert.equal(reportKey(undefined, 'eu-west-1', at, 'P_1', 'CSV'), 'Backup/eu-west-1/2026/03/05/P_1.csv');
    assert.equal(reportKey('a/b/', 'eu-west-1', at, 'P_1', 'JSON'), 'a/b/Backup/eu-west-1/2026/03/05/P_1.json');
  });

  it('streams many rows into CSV and JSON at once, filling fixed columns', async () => {
    const columns = TEMPLATE_COLUMNS.RESTORE_JOB_REPORT;
    const n = await writeReport(sink, 'b', [{ format: 'CSV', key: 'x/r.csv' }, { format: 'JSON', key: 'x/r.json' }], columns, fakeRows(50_000), { reportTimePeriod: 'P' });
    assert.equal(n, 50_000);
    const csv = readFileSync(join(dir, 's3', 'b', 'x', 'r.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(csv.length, 50_001);
    assert.equal(csv[0], columns.join(','));
    assert.ok(csv[1]!.startsWith('P,111111111111,us-east-1,r0,COMPLETED,'));
    const json = JSON.parse(readFileSync(join(dir, 's3', 'b', 'x', 'r.json'), 'utf8'));
    assert.equal(json.reportItems.length, 50_000);
    assert.equal(json.reportItems[49_999].restoreJobId, 'r49999');
    assert.equal(json.reportItems[0].reportTimePeriod, 'P');
  });

  it('leaves nothing behind when the source fails midway', async () => {
    await assert.rejects(writeReport(sink, 'b', [{ format: 'CSV', key: 'y/r.csv' }], ['restoreJobId'], fakeRows(10, 5)), /source broke/);
    assert.equal(existsSync(join(dir, 's3', 'b', 'y', 'r.csv')), false);
    assert.deepEqual(readdirSync(join(dir, 's3', 'b', 'y')), []);
    assert.equal(await sink.bucketExists('b'), true);
    assert.equal(await sink.bucketExists('nope'), false);
  });
});
