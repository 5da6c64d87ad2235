/**
 * A seeded fuzz of the front door (strict mode, an admin token): random and mutated requests to
 * every AWS Backup route and every admin route. Refused requests (unsigned, forged, signed then
 * changed, admin calls without the token) must answer 4xx and change nothing (the database and
 * the report buckets are compared); requests signed by a listed key with random inputs must never
 * answer 5xx. No request may hang, and the server must serve afterwards. Bounded in count and time;
 * HOLDFAST_FUZZ_SEED replays a run.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { BackupClient, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { loadOperations } from '../../src/protocol/model.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { tablesDigest } from '../helpers/table-rows.js';
import { ADMIN, CREDENTIALS, sign, type RawRequest } from './signing.js';

const SEED = Number(process.env.HOLDFAST_FUZZ_SEED ?? 1205);
const REFUSED_COUNT = 1000;
const SIGNED_COUNT = 600;
const BUDGET_MS = 90_000;
const TOKEN = 'fuzz-admin-token-0123456789';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADMIN_ROUTES: [string, string][] = [
  ['POST', '/_holdfast/reset'],
  ['POST', '/moto-api/reset'],
  ['GET', '/_holdfast/clock'],
  ['POST', '/_holdfast/clock'],
  ['PUT', '/_holdfast/resources'],
  ['GET', '/_holdfast/resources'],
  ['DELETE', '/_holdfast/resources/arn%3Aaws%3Aec2%3Aus-east-1%3A111111111111%3Avolume%2Fvol-1'],
  ['PUT', '/_holdfast/organization'],
  ['DELETE', '/_holdfast/organization'],
  ['PUT', '/_holdfast/buckets/fuzz-bucket'],
  ['DELETE', '/_holdfast/buckets/fuzz-bucket'],
  ['GET', '/_holdfast/buckets/fuzz-bucket/a/../../etc'],
];

interface Sent {
  status: number;
  body: string;
}

describe('fuzz: random and mutated requests against every route (strict mode)', () => {
  let t: TestServer;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const rand = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const ops = loadOperations();

  const LABELS = ['vault-1', 'a', '', 'x'.repeat(300), '..', '%2e%2e', '%zz', '%', '%2F', 'caf%C3%A9', '%00', 'arn%3Aaws%3Abackup%3Aus-east-1%3A111111111111%3Arecovery-point%3Ax', '%3Cscript%3E', '12345678-1234-1234-1234-123456789012'];
  const QUERY_VALUES = ['', '-1', '0', '1000000', 'junk', 'x'.repeat(2000), '2026-01-01T00:00:00Z', 'null', '%zz', '[]'];
  const BODIES = [undefined, '', '{}', '[]', 'null', '{"a":', '{"BackupVaultName":1}', '{"Policy":"{}"}', JSON.stringify({ BackupPlan: { Rules: [{}] } }), '\u00ff\u00fe', '['.repeat(2000), `{"x":"${'y'.repeat(50_000)}"}`, '"str"', '{"__proto__":{"polluted":1}}'];
  const AUTHS = ['Bearer x', 'AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 Credential=', 'AWS4-HMAC-SHA256 Credential=AKIAADMIN0000000001/20260101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64), 'AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f, SignedHeaders=, Signature=zz', `Bearer ${TOKEN}x`];

  function path(): { method: string; path: string } {
    if (chance(0.15)) {
      const [method, p] = pick(ADMIN_ROUTES);
      return { method: chance(0.8) ? method : pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH']), path: p };
    }
    const op = pick(ops);
    const segments = op.segments.map((s) => (s.startsWith('{') ? pick(LABELS) : s));
    const method = chance(0.85) ? op.method : pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
    return { method, path: `/${segments.join('/')}${chance(0.2) ? '/' : ''}` };
  }

  function randomRequest(encodedOnly: boolean): RawRequest {
    const { method, path: p } = path();
    const query: Record<string, string> = {};
    for (let i = 0; i < Math.floor(rand() * 4); i++) query[pick(['maxResults', 'nextToken', 'backupVaultAccountId', 'resourceArn', 'X-Amz-Date', 'state', 'createdBefore', 'x'])] = pick(QUERY_VALUES);
    const headers: Record<string, string> = {};
    if (chance(0.5)) headers['content-type'] = pick(['application/json', 'text/plain', 'application/x-amz-json-1.1', '']);
    if (chance(0.3)) headers['x-junk'] = 'v'.repeat(Math.floor(rand() * 4000));
    const body = pick(BODIES);
    return { method: method === 'HEAD' && body !== undefined ? 'GET' : method, path: encodedOnly ? p.replace(/%(?![0-9A-Fa-f]{2})/g, '%25') : p, query, headers, body };
  }

  /** Sends a request over node:http; raw header pairs allow duplicates. Answers its status and body, or fails after 15 s. */
  function sendRaw(req: RawRequest, extra: [string, string][] = []): Promise<Sent> {
    const { hostname, port } = new URL(t.url);
    const qs = Object.entries(req.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    // A body is framed by its Content-Length (node's client would send a GET's body unframed).
    const length: [string, string][] = req.body === undefined ? [] : [['content-length', String(Buffer.byteLength(req.body))]];
    // With raw header pairs node's client adds no Host: the request's own, else the server's address.
    const host: [string, string][] = [['host', req.headers?.host ?? `${hostname}:${port}`]];
    const pairs = [...host, ...Object.entries(req.headers ?? {}).filter(([k]) => k !== 'host' && k !== 'content-length'), ...length, ...extra].flat();
    return new Promise((resolve, reject) => {
      const r = request({ host: hostname, port, method: req.method, path: `${req.path}${qs ? `?${qs}` : ''}`, headers: pairs, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
      r.setTimeout(15_000, () => r.destroy(new Error(`no answer within 15 s: ${req.method} ${req.path}`)));
      r.on('error', (e) => reject(new Error(`${req.method} ${req.path} ${JSON.stringify(extra)} ${JSON.stringify(req.headers).slice(0, 200)} body ${String(req.body).slice(0, 60)}: ${e.message}`)));
      r.end(req.body);
    });
  }

  /** Everything the server keeps: every table's rows, and the report buckets. */
  async function state(): Promise<string> {
    const buckets = await sendRaw({ method: 'GET', path: '/_holdfast/buckets' }, [['authorization', `Bearer ${TOKEN}`]]);
    return `${await tablesDigest(t.hf.store)} ${buckets.body} ${t.hf.clock.now().toISOString()}`;
  }

  before(async () => {
    t = await startTestServer({ credentials: CREDENTIALS, strict: true, adminToken: TOKEN, bodyLimit: 64 * 1024 });
  });
  after(async () => {
    agent.destroy();
    await t.close();
  });

  it(`refuses unsigned, forged, altered and tokenless requests with a 4xx and changes nothing (seed ${SEED})`, async () => {
    const started = Date.now();
    const before = await state();
    for (let i = 0; i < REFUSED_COUNT && Date.now() - started < BUDGET_MS; i++) {
      const req = randomRequest(false);
      const kind = pick(['unsigned', 'junk-auth', 'wrong-secret', 'altered', 'duplicated', 'admin-token'] as const);
      let extra: [string, string][] = [];
      let sent = req;
      if (kind === 'junk-auth') extra = [['authorization', pick(AUTHS)], ['x-amz-date', pick(['20260101T000000Z', 'yesterday', ''])]];
      if (kind === 'wrong-secret' || kind === 'altered' || kind === 'duplicated') {
        const encoded = randomRequest(true);
        const signed = await sign(t.url, kind === 'wrong-secret' ? { ...ADMIN, secretAccessKey: 'not-it' } : ADMIN, encoded);
        sent = { ...encoded, headers: signed.headers };
        if (kind === 'altered') {
          const change = pick(['path', 'query', 'body', 'date', 'method', 'header'] as const);
          if (change === 'path') sent = { ...sent, path: `${sent.path}x` };
          if (change === 'query') sent = { ...sent, query: { ...sent.query, extra: '1' } };
          if (change === 'body') sent = { ...sent, body: `${sent.body ?? ''} ` };
          if (change === 'date') sent = { ...sent, headers: { ...sent.headers, 'x-amz-date': '20200101T000000Z' } };
          if (change === 'method') sent = { ...sent, method: sent.method === 'POST' ? 'PUT' : 'POST' };
          if (change === 'header') sent = { ...sent, headers: { ...sent.headers, 'x-amz-content-sha256': '0'.repeat(64) } };
        }
        if (kind === 'duplicated') extra = [[pick(['authorization', 'x-amz-date', 'host']), pick(['AWS4-HMAC-SHA256 Credential=x', '20260101T000000Z', 'evil.example'])]];
      }
      if (kind === 'admin-token') {
        const [method, p] = pick(ADMIN_ROUTES);
        sent = { method, path: p, body: pick(['{"advanceSeconds":86400}', '{"resources":[]}', '{}', undefined]), headers: { 'content-type': 'application/json' } };
        extra = chance(0.5) ? [['authorization', pick(AUTHS)]] : [];
      }
      const r = await sendRaw(sent, extra);
      assert.ok(r.status >= 400 && r.status < 500, `#${i} ${kind} ${sent.method} ${sent.path} answered ${r.status}: ${r.body.slice(0, 300)}`);
    }
    assert.equal(await state(), before, 'a refused request changed the server');
  });

  it(`answers requests signed by a listed key with random inputs without a 5xx (seed ${SEED})`, async () => {
    const started = Date.now();
    for (let i = 0; i < SIGNED_COUNT && Date.now() - started < BUDGET_MS; i++) {
      const req = randomRequest(true);
      const admin = req.path.startsWith('/_holdfast/') || req.path.startsWith('/moto-api/');
      const headers = admin ? { ...req.headers, authorization: `Bearer ${TOKEN}` } : (await sign(t.url, ADMIN, req)).headers;
      const r = await sendRaw({ ...req, headers });
      assert.ok(r.status < 500, `#${i} ${req.method} ${req.path} ${JSON.stringify(req.query)} body ${String(req.body).slice(0, 80)} answered ${r.status}: ${r.body.slice(0, 300)}`);
    }
    // Still serving, through the SDK.
    const client = new BackupClient({ endpoint: t.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
    assert.ok(Array.isArray((await client.send(new ListBackupVaultsCommand({}))).BackupVaultList));
    client.destroy();
  });
});
