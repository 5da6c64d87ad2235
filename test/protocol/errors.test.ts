/**
 * Input checks and error envelopes: everything that is wrong with a request is answered with a
 * JSON error carrying x-amzn-ErrorType and x-amzn-RequestId, never HTML, never a crash, and the
 * server keeps serving afterwards.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CreateBackupVaultCommand,
  DescribeBackupVaultCommand,
  ListBackupVaultsCommand,
  ListLegalHoldsCommand,
} from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { startProtocolServer, type ProtocolServer, type RawReply } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertError(r: RawReply, status: number, name: string, message?: RegExp): void {
  assert.equal(r.status, status, `${name}: ${r.text}`);
  assert.equal(r.headers.get('x-amzn-errortype'), name);
  assert.match(r.headers.get('x-amzn-requestid') ?? '', UUID);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.equal(r.json?.Code, name, r.text);
  assert.equal(typeof r.json.Message, 'string');
  if (message) assert.match(r.json.Message, message);
}

describe('input checks and error envelopes (real services)', () => {
  let t: TestServer;
  const raw = async (method: string, path: string, body?: RequestInit['body']): Promise<RawReply> => {
    const res = await fetch(t.url + path, { method, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  before(async () => {
    t = await startTestServer();
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'keep' }));
  });
  after(async () => t.close());
  // After every bad request the server still answers, and its state is intact.
  afterEach(async () => {
    const health = await raw('GET', '/_holdfast/health');
    assert.equal(health.json.status, 'ok');
    const d = await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'keep' }));
    assert.equal(d.BackupVaultName, 'keep');
  });

  it('carries x-amzn-ErrorType, x-amzn-RequestId and a JSON Message and Code', async () => {
    const r = await raw('GET', '/backup-vaults/missing');
    assertError(r, 400, 'ResourceNotFoundException', /missing/);
    const e = await errorOf(() => t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'missing' })));
    assert.equal(e.name, 'ResourceNotFoundException');
    assert.equal(e.$metadata?.httpStatusCode, 400);
    const ok = await raw('GET', '/backup-vaults/keep');
    assert.match(ok.headers.get('x-amzn-requestid') ?? '', UUID, 'successes carry a request id too');
  });

  it('refuses wrong JSON types with InvalidParameterValueException', async () => {
    assertError(await raw('PUT', '/backup-vaults/v2', '{"BackupVaultTags":"x"}'), 400, 'InvalidParameterValueException', /BackupVaultTags.*map/);
    assertError(await raw('PUT', '/backup-vaults/v2', '{"CreatorRequestId":5}'), 400, 'InvalidParameterValueException', /CreatorRequestId.*string/);
    assertError(await raw('PUT', '/backup-vaults/v2', '{"BackupVaultTags":{"k":1}}'), 400, 'InvalidParameterValueException', /BackupVaultTags\.k/);
    assertError(await raw('PUT', '/backup-vaults/v2', '{"BackupVaultTags":[]}'), 400, 'InvalidParameterValueException', /got array/);
  });

  it('refuses enum values the SDK does not know, from the SDK and in the query string', async () => {
    const e = await errorOf(() => t.client.send(new ListBackupVaultsCommand({ ByVaultType: 'NOPE' as never })));
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.match(e.message, /NOPE.*vaultType.*BACKUP_VAULT/);
    assertError(await raw('GET', '/backup-vaults?vaultType=backup_vault'), 400, 'InvalidParameterValueException', /must be one of/);
    assertError(await raw('GET', '/backup-vaults?shared=maybe'), 400, 'InvalidParameterValueException', /shared.*true or false/);
  });

  it('refuses out-of-range and non-integer numbers', async () => {
    for (const n of [0, 1001, -1]) {
      const e = await errorOf(() => t.client.send(new ListBackupVaultsCommand({ MaxResults: n })));
      assert.equal(e.name, 'InvalidParameterValueException', String(n));
      assert.match(e.message, /MaxResults must be an integer between 1 and 1000/);
    }
    for (const q of ['abc', '1.5', '1e3', '99999999999999999999', '']) {
      assertError(await raw('GET', `/backup-vaults?maxResults=${q}`), 400, 'InvalidParameterValueException', /maxResults/);
    }
  });

  it('answers malformed JSON and non-object bodies with a 400 JSON error', async () => {
    for (const body of ['{"a":', 'not json', '[]', '"text"', 'null']) {
      assertError(await raw('PUT', '/backup-vaults/v2', body), 400, 'SerializationException', /JSON/);
    }
  });

  it('refuses a body over 10 MiB, declared or chunked', async () => {
    const big = ' '.repeat(10 * 1024 * 1024 + 1);
    assertError(await raw('PUT', '/backup-vaults/v2', big), 400, 'RequestEntityTooLargeException', /10485760-byte limit/);
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${t.url}/backup-vaults/v3`, { method: 'PUT' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 11; i++) req.write(Buffer.alloc(1024 * 1024, 32));
      req.end();
    });
    assert.equal(chunked.status, 400);
    assert.equal(JSON.parse(chunked.body).Code, 'RequestEntityTooLargeException');
    assertError(await raw('GET', '/backup-vaults/v2'), 400, 'ResourceNotFoundException');
  });

  it('answers broken percent-encoding in the path or the query with a 400 JSON error', async () => {
    assertError(await raw('GET', '/backup-vaults/%E0%A4%A'), 400, 'InvalidParameterValueException', /percent-encoding/);
    assertError(await raw('GET', '/backup-vaults/%ZZ'), 400, 'InvalidParameterValueException', /percent-encoding/);
    assertError(await raw('GET', '/backup-vaults?nextToken=%'), 400, 'InvalidParameterValueException', /percent-encoding/);
  });

  it('answers an unknown path or method with a JSON 404, never HTML', async () => {
    assertError(await raw('GET', '/nope'), 404, 'UnknownOperationException', /No operation matches GET \/nope/);
    assertError(await raw('GET', '/'), 404, 'UnknownOperationException');
    assertError(await raw('PATCH', '/backup-vaults/keep'), 404, 'UnknownOperationException', /Method PATCH is not allowed/);
    assertError(await raw('POST', '/backup-vaults'), 404, 'UnknownOperationException');
    const admin = await raw('GET', '/_holdfast/nope');
    assert.equal(admin.status, 404);
    assert.match(admin.json.error, /No Holdfast admin route/);
  });

  it('answers what node cannot parse as HTTP with a JSON 400', async () => {
    const port = Number(new URL(t.url).port);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('BREW /coffee HTCPCP/1.0\r\n\r\n'));
      let data = '';
      socket.on('data', (c: Buffer) => (data += c.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.match(reply, /x-amzn-ErrorType: SerializationException/);
    assert.match(reply, /\{"Message":"The request could not be parsed as HTTP/);
  });
});

describe('operations without a handler, and handler failures', () => {
  let s: ProtocolServer;
  before(
    async () =>
      (s = await startProtocolServer({
        ListBackupVaults: async () => {
          throw new Error('disk on fire');
        },
      })),
  );
  after(async () => s.close());

  it('answers 501 NotImplementedException naming the operation, through the SDK', async () => {
    const e = await errorOf(() => s.client.send(new ListLegalHoldsCommand({})));
    assert.equal(e.name, 'NotImplementedException');
    assert.equal(e.$metadata?.httpStatusCode, 501);
    assert.equal(e.message, 'Holdfast does not implement the ListLegalHolds operation yet.');
    assertError(await s.raw('GET', '/legal-holds/'), 501, 'NotImplementedException', /ListLegalHolds/);
  });

  it('answers an unexpected handler failure with a JSON 500 ServiceUnavailableException and keeps serving', async () => {
    const original = console.error;
    console.error = () => undefined;
    try {
      assertError(await s.raw('GET', '/backup-vaults'), 500, 'ServiceUnavailableException', /disk on fire/);
    } finally {
      console.error = original;
    }
    const health = await s.raw('GET', '/_holdfast/health');
    assert.equal(health.status, 200);
  });
});
