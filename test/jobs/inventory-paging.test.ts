/**
 * GET /_holdfast/resources in pages (the console's Inventory view): keyset pages that together
 * are the whole inventory once each, the text and injected-only filters, bounded reads, and the
 * unpaged answer unchanged. Runs on both backends (npm run test:postgres).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ACCOUNT = '111111111111';
const volume = (i: number) => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${i.toString(16).padStart(8, '0')}`;
const table = (i: number) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-${i}`;

/** Entry i: every third a DynamoDB table, every seventh injecting something (four kinds in turn). */
function entry(i: number): { arn: string } & Record<string, unknown> {
  const arn = i % 3 === 0 ? table(i) : volume(i);
  if (i % 7 !== 0) return { arn };
  const injections: Record<string, unknown>[] = [
    { backupOutcome: 'FAILED', messageCategory: 'ACCESS_DENIED', failureMessage: 'no access' },
    { startDelaySeconds: 600 },
    { scanResult: 'THREATS_FOUND' },
    { messageCategory: 'PARTIAL' },
  ];
  return { arn, ...injections[(i / 7) % 4] };
}

describe('inventory pages', () => {
  let t: TestServer;
  const N = 1234;
  const all = Array.from({ length: N }, (_, i) => entry(i));
  before(async () => {
    t = await startTestServer();
    assert.equal((await t.admin('PUT', '/resources', { resources: all })).status, 200);
  });
  after(async () => t?.close());

  /** Every page from the first to the last, with the query's other parameters. */
  async function pages(params: Record<string, string>): Promise<{ resources: any[]; nextToken?: string; scanned: number }[]> {
    const out = [];
    let after: string | undefined;
    do {
      const q = new URLSearchParams({ ...params, ...(after ? { after } : {}) });
      const res = await t.admin('GET', `/resources?${q.toString()}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      out.push(res.json);
      after = res.json.nextToken;
      assert.ok(out.length < 100, 'the pages end');
    } while (after);
    return out;
  }

  it('answers the whole inventory once, in the order it was stored, in pages of at most limit', async () => {
    const got = await pages({ limit: '100' });
    assert.equal(got.length, 13);
    assert.ok(got.every((p) => p.resources.length <= 100 && p.scanned <= 101));
    assert.deepEqual(got.flatMap((p) => p.resources.map((r) => r.arn)), all.map((e) => e.arn));
    assert.equal(got.at(-1)!.nextToken, undefined);
    // Each item carries its type and what it injects.
    const first = got[0]!.resources;
    assert.deepEqual(first[0], { arn: table(0), type: 'DynamoDB', injected: [{ kind: 'backup-fails', message: 'backups FAIL (ACCESS_DENIED): no access' }], backupOutcome: 'FAILED', messageCategory: 'ACCESS_DENIED', failureMessage: 'no access' });
    assert.deepEqual(first[1], { arn: volume(1), type: 'EBS', injected: [] });
  });

  it('filters to the entries that inject a failure, a delay or a scan result', async () => {
    const got = await pages({ injected: 'true', limit: '50' });
    const want = all.filter((e) => Object.keys(e).length > 1).map((e) => e.arn);
    assert.deepEqual(got.flatMap((p) => p.resources.map((r) => r.arn)), want);
    const kinds = new Set(got.flatMap((p) => p.resources.flatMap((r) => r.injected.map((f: { kind: string }) => f.kind))));
    assert.deepEqual([...kinds].sort(), ['backup-fails', 'backup-issues', 'scan-threats', 'start-delay']);
    assert.ok(got.every((p) => p.resources.length <= 50));
  });

  it('filters by a case-insensitive substring of the ARN or the resource type, with the injected filter too', async () => {
    const tables = all.filter((_, i) => i % 3 === 0).map((e) => e.arn);
    assert.deepEqual((await pages({ contains: 'dynamodb', limit: '1000' })).flatMap((p) => p.resources.map((r) => r.arn)), tables);
    assert.deepEqual((await pages({ contains: 'ebs' })).flatMap((p) => p.resources.map((r) => r.arn)), all.filter((_, i) => i % 3 !== 0).map((e) => e.arn));
    assert.deepEqual((await pages({ contains: 'ORDERS-12' })).flatMap((p) => p.resources.map((r) => r.arn)), tables.filter((a) => a.includes('orders-12')));
    const both = (await pages({ contains: 'table/', injected: 'true' })).flatMap((p) => p.resources.map((r) => r.arn));
    assert.deepEqual(both, all.filter((e, i) => i % 21 === 0).map((e) => e.arn));
    assert.deepEqual(await pages({ contains: 'nothing-like-it' }), [{ resources: [], scanned: N }]);
  });

  it('answers the whole inventory without a paging parameter, as before', async () => {
    const res = await t.admin('GET', '/resources');
    assert.deepEqual(Object.keys(res.json), ['resources']);
    assert.deepEqual(res.json.resources.slice(0, 2), [all[0], all[1]]);
    assert.equal(res.json.resources.length, N);
  });

  it('refuses a bad limit, token or injected flag with a 400 that says what to send', async () => {
    for (const [q, message] of [
      ['limit=0', /limit must be a whole number from 1 to 1000/],
      ['limit=1001', /limit must be a whole number from 1 to 1000/],
      ['limit=ten', /limit must be a whole number/],
      ['after=bm90LWEtdG9rZW4', /is not a nextToken this route answered/],
      ['injected=yes', /injected must be true or false/],
    ] as const) {
      const res = await t.admin('GET', `/resources?${q}`);
      assert.equal(res.status, 400, q);
      assert.match(res.json.error, message, q);
    }
  });

  it('keeps an updated entry in its place, and goes on past an entry deleted between pages', async () => {
    const one = await t.admin('GET', '/resources?limit=10');
    assert.equal((await t.admin('PUT', '/resources', { resources: [{ arn: volume(5), sizeBytes: 7 }] })).status, 200);
    assert.equal((await t.admin('DELETE', `/resources/${encodeURIComponent(volume(10))}`)).status, 200);
    const two = await t.admin('GET', `/resources?limit=10&after=${one.json.nextToken}`);
    assert.deepEqual(two.json.resources.map((r: { arn: string }) => r.arn), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((i) => entry(i).arn));
    const again = await t.admin('GET', '/resources?limit=10');
    assert.equal(again.json.resources[5].sizeBytes, 7);
  });
});

describe('inventory pages at scale', () => {
  let t: TestServer;
  before(async () => (t = await startTestServer()));
  after(async () => t?.close());

  it('reads at most 5,000 entries for a filtered page, and answers where to go on', async () => {
    const resources = Array.from({ length: 6000 }, (_, i) => ({ arn: volume(i), ...(i >= 5990 ? { startDelaySeconds: 60 } : {}) }));
    assert.equal((await t.admin('PUT', '/resources', { resources })).status, 200);
    const first = await t.admin('GET', '/resources?injected=true&limit=20');
    assert.deepEqual([first.json.resources.length, first.json.scanned, typeof first.json.nextToken], [0, 5000, 'string']);
    const second = await t.admin('GET', `/resources?injected=true&limit=20&after=${first.json.nextToken}`);
    assert.deepEqual(second.json.resources.map((r: { arn: string }) => r.arn), resources.slice(5990).map((r) => r.arn));
    assert.equal(second.json.scanned, 1000);
    assert.equal(second.json.nextToken, undefined);
    // Unfiltered, a page reads one entry more than it answers.
    assert.equal((await t.admin('GET', '/resources?limit=1000&after=' + first.json.nextToken)).json.scanned, 1000);
  });
});
