/**
 * The front door as an attacker meets it (strict mode): oversized bodies and headers, too many
 * or duplicated headers, slow clients, too many connections, bytes that are not HTTP. Each gets
 * a clear 4xx (or the connection is closed), nothing is written, and the server keeps serving.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BackupClient, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS, send, sign } from './signing.js';

/** Writes raw bytes on a new connection; answers everything the server sent until it closed (bounded). */
function raw(url: string, chunks: string[], opts: { endAfterWrite?: boolean } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no close within 10 s; got ${JSON.stringify(text.slice(0, 200))}`))), 10_000);
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (opts.endAfterWrite) socket.end();
    });
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => (clearTimeout(timer), resolve(text)));
  });
}

const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

describe('the hardened front door (strict mode)', () => {
  let t: TestServer;
  let client: BackupClient;
  const LIMIT = 4096;
  const serves = async (): Promise<string[]> => ((await client.send(new ListBackupVaultsCommand({}))).BackupVaultList ?? []).map((v) => v.BackupVaultName!);

  before(async () => {
    t = await startTestServer({
      credentials: CREDENTIALS,
      strict: true,
      bodyLimit: LIMIT,
      limits: { maxHeaders: 40, headersTimeoutMs: 300, requestTimeoutMs: 600, maxConnections: 4 },
    });
    client = new BackupClient({ endpoint: t.url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await t.close();
  });

  it('refuses a body over the limit before reading it, signed or not', async () => {
    const body = JSON.stringify({ BackupVaultTags: { a: 'x'.repeat(LIMIT) } });
    const signed = await sign(t.url, ADMIN, { method: 'PUT', path: '/backup-vaults/big', body });
    const r = await send(t.url, { method: 'PUT', path: '/backup-vaults/big', body, headers: signed.headers });
    assert.deepEqual([r.status, r.type], [400, 'RequestEntityTooLargeException']);
    assert.deepEqual(await serves(), []);
  });

  it('refuses too many headers, oversized headers and duplicated single headers', async () => {
    const many = Array.from({ length: 41 }, (_, i) => `x-h${i}: v\r\n`).join('');
    assert.equal(statusOf(await raw(t.url, [`GET /backup-vaults/ HTTP/1.1\r\nHost: h\r\n${many}\r\n`])), 400);
    assert.equal(statusOf(await raw(t.url, [`GET /backup-vaults/ HTTP/1.1\r\nHost: h\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`])), 431);
    const signed = await sign(t.url, ADMIN, { method: 'PUT', path: '/backup-vaults/dup', body: '{}' });
    const headers = Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    for (const extra of ['host: elsewhere\r\n', `authorization: ${signed.headers.authorization}\r\n`, 'x-amz-date: 20200101T000000Z\r\n', 'content-length: 2\r\n']) {
      const response = await raw(t.url, [`PUT /backup-vaults/dup HTTP/1.1\r\n${headers}content-length: 2\r\n${extra}connection: close\r\n\r\n{}`]);
      assert.equal(statusOf(response), 400, extra);
    }
    assert.deepEqual(await serves(), []);
  });

  it('cuts off a client that is slow to send its headers or its body', async () => {
    const slowHeaders = await raw(t.url, ['GET /backup-vaults/ HTTP/1.1\r\nHost: h\r\n']);
    assert.equal(statusOf(slowHeaders), 408);
    const signed = await sign(t.url, ADMIN, { method: 'PUT', path: '/backup-vaults/slow', body: '{"BackupVaultTags":{}}' });
    const headers = Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const slowBody = await raw(t.url, [`PUT /backup-vaults/slow HTTP/1.1\r\n${headers}content-length: 22\r\n\r\n{"Backup`]);
    assert.ok(!/^HTTP\/1\.1 2/.test(slowBody), slowBody);
    assert.deepEqual(await serves(), []);
  });

  it('closes connections over the limit, and serves again once they are gone', async () => {
    const { hostname, port } = new URL(t.url);
    const open: Socket[] = [];
    for (let i = 0; i < 4; i++) {
      const s = connect(Number(port), hostname);
      await new Promise((r) => s.once('connect', r));
      open.push(s);
    }
    const extra = await raw(t.url, ['GET /_holdfast/health HTTP/1.1\r\nHost: h\r\n\r\n']);
    assert.equal(extra, '');
    for (const s of open) s.destroy();
    // The server sees the closes asynchronously: its next request may wait for them.
    for (let i = 0; i < 50; i++) {
      const response = await raw(t.url, ['GET /_holdfast/health HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n']);
      if (statusOf(response) === 200) break;
    }
    assert.deepEqual(await serves(), []);
  });

  it('answers bytes that are not HTTP with a JSON 400', async () => {
    const response = await raw(t.url, ['\x00\x01 not http at all\r\n\r\n']);
    assert.equal(statusOf(response), 400);
    assert.match(response, /"Code":"SerializationException"/);
    assert.deepEqual(await serves(), []);
  });
});
