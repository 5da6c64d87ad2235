/**
 * startHoldfast's options: what they do, and each bad one refused with an error naming it,
 * never a hang or a half-started server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand, DescribeBackupJobCommand, ListBackupVaultsCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { connectHoldfast, HoldfastError, startHoldfast, type StartOptions } from '../../src/index.js';
import { freePort } from '../helpers/child.js';
import { errorOf, T0 } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'holdfast-api-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const VOLUME = 'arn:aws:ec2:us-east-1:111111111111:volume/vol-0123456789abcdef0';

async function refusal(options: unknown): Promise<HoldfastError> {
  const e = await errorOf(() => startHoldfast(options as StartOptions));
  assert.ok(e instanceof HoldfastError, `a HoldfastError, not ${String(e)}`);
  return e;
}

describe('startHoldfast options', () => {
  it('starts in memory on a free port with a running clock by default', async () => {
    const a = await startHoldfast();
    const b = await startHoldfast();
    try {
      assert.notEqual(a.endpoint, b.endpoint);
      assert.equal((await a.clock.state()).frozen, false);
      assert.ok(Math.abs((await a.clock.now()).getTime() - Date.now()) < 60_000);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps state in dataDir across restarts', async () => {
    const dataDir = join(dir, 'data');
    const first = await startHoldfast({ dataDir, frozenClock: true, startTime: T0 });
    const client = new BackupClient({ ...first.clientConfig(), maxAttempts: 1 });
    await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'kept' }));
    await first.close();
    const second = await startHoldfast({ dataDir, port: 0 });
    try {
      const again = new BackupClient({ ...second.clientConfig(), maxAttempts: 1 });
      assert.deepEqual((await again.send(new ListBackupVaultsCommand({}))).BackupVaultList?.map((v) => v.BackupVaultName), ['kept']);
      assert.deepEqual(await second.clock.now(), T0);
      again.destroy();
    } finally {
      client.destroy();
      await second.close();
    }
  });

  it('loads resources, the organization and the job duration given as values or files', async () => {
    const resourcesFile = join(dir, 'resources.json');
    writeFileSync(resourcesFile, JSON.stringify({ resources: [{ arn: VOLUME, backupOutcome: 'FAILED' }] }));
    const orgFile = join(dir, 'org.json');
    writeFileSync(orgFile, JSON.stringify({ managementAccountId: '111111111111' }));
    for (const [resources, organization] of [
      [[{ arn: VOLUME, backupOutcome: 'FAILED' as const }], { managementAccountId: '111111111111' }],
      [resourcesFile, orgFile],
    ] as const) {
      const hf = await startHoldfast({ resources, organization, frozenClock: true, defaultJobSeconds: 600, accountMap: { team: '111111111111' } });
      try {
        assert.deepEqual(await hf.resources.list(), [{ arn: VOLUME, backupOutcome: 'FAILED' }]);
        assert.equal((await hf.organization.get())?.managementAccountId, '111111111111');
        const client = new BackupClient({ endpoint: hf.endpoint, region: hf.region, credentials: { accessKeyId: 'team', secretAccessKey: 'x' }, maxAttempts: 1 });
        await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
        const table = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders';
        const role = 'arn:aws:iam::111111111111:role/AWSBackupDefaultServiceRole';
        const { BackupJobId } = await client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: table, IamRoleArn: role }));
        await hf.clock.advance(599);
        assert.notEqual((await client.send(new DescribeBackupJobCommand({ BackupJobId }))).State, 'COMPLETED');
        await hf.clock.advance(1);
        assert.equal((await client.send(new DescribeBackupJobCommand({ BackupJobId }))).State, 'COMPLETED');
        client.destroy();
      } finally {
        await hf.close();
      }
    }
  });
});

describe('bad startHoldfast options', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an unknown option', { prot: 4598 }, /^startHoldfast: option 'prot' is not an option of startHoldfast \(known: port, host, dataDir/],
    ['options that are not an object', 'fast', /^startHoldfast: option 'options' must be an object, not 'fast'$/],
    ['a port that is not a number', { port: '4598' }, /^startHoldfast: option 'port' must be a whole number from 0 to 65535 \(0 picks a free port\), not '4598'$/],
    ['a port out of range', { port: 70000 }, /option 'port' must be a whole number from 0 to 65535/],
    ['a fractional port', { port: 1.5 }, /option 'port' must be a whole number/],
    ['an empty host', { host: '' }, /^startHoldfast: option 'host' must be a non-empty string, not ''$/],
    ['dataDir with inMemory', { dataDir: 'x', inMemory: true }, /^startHoldfast: option 'inMemory' cannot be true together with dataDir$/],
    ['a frozenClock that is not a boolean', { frozenClock: 'yes' }, /^startHoldfast: option 'frozenClock' must be true or false, not 'yes'$/],
    ['a bad startTime', { startTime: 'soon' }, /^startHoldfast: option 'startTime' must be a valid Date or an ISO-8601 instant such as 2026-01-01T00:00:00Z, not 'soon'$/],
    ['an invalid Date', { startTime: new Date('x') }, /option 'startTime' must be a valid Date/],
    ['a negative defaultJobSeconds', { defaultJobSeconds: -1 }, /^startHoldfast: option 'defaultJobSeconds' must be a number of seconds of at least 0, not -1$/],
    ['an eventLogMaxEntries of 0', { eventLogMaxEntries: 0 }, /^startHoldfast: option 'eventLogMaxEntries' must be a whole number of entries of at least 1, not 0$/],
    ['an accountMap to a bad account', { accountMap: { team: '42' } }, /^startHoldfast: option 'accountMap' maps 'team' to '42', which is not a 12-digit account id$/],
    ['resources that are not a list', { resources: { arn: VOLUME } }, /^startHoldfast: option 'resources' must be a list of inventory entries or a file path, not an object$/],
    ['an unreadable resources file', { resources: '/nonexistent/resources.json' }, /^startHoldfast: option 'resources' names a file that cannot be read: ENOENT: no such file or directory, open '\/nonexistent\/resources\.json'$/],
    ['a resource the server refuses', { resources: [{ arn: VOLUME, sizeBytes: -1 }] }, /^startHoldfast: option 'resources' was refused: resources\[0\]\.sizeBytes must be a number of at least 0\.$/],
    ['an organization the server refuses', { organization: { managementAccountId: 'boss' } }, /^startHoldfast: option 'organization' was refused: "managementAccountId" is required/],
    ['an organization that is not an object', { organization: 7 }, /^startHoldfast: option 'organization' must be an organization document or a file path, not 7$/],
    ['s3 without credentials', { s3: { endpoint: 'http://127.0.0.1:9000' } }, /^startHoldfast: option 's3' needs endpoint, accessKeyId and secretAccessKey$/],
    ['an s3 endpoint that is not a URL', { s3: { endpoint: 'minio', accessKeyId: 'a', secretAccessKey: 'b' } }, /^startHoldfast: option 's3\.endpoint' must be an http:\/\/ or https:\/\/ URL such as http:\/\/127\.0\.0\.1:9000, not 'minio'$/],
    ['an unknown s3 field', { s3: { endpoint: 'http://x', accessKeyId: 'a', secretAccessKey: 'b', bucket: 'c' } }, /^startHoldfast: option 's3' has an unknown field 'bucket'/],
  ];
  for (const [what, options, message] of cases) {
    it(`refuses ${what}`, async () => {
      const e = await refusal(options);
      assert.match(e.message, message);
      assert.equal(e.option, /option '([^']+)'/.exec(e.message)![1]);
    });
  }

  it('refuses a dataDir another server holds, naming it', async () => {
    const dataDir = join(dir, 'held');
    const holder = await startHoldfast({ dataDir });
    try {
      const e = await refusal({ dataDir });
      assert.equal(e.option, 'dataDir');
      assert.match(e.message, /^startHoldfast: option 'dataDir' cannot be used: the data folder .*held is in use by another Holdfast server \(pid \d+\)/);
    } finally {
      await holder.close();
    }
  });

  it('refuses a resources file that is not JSON', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"resources": [');
    assert.match((await refusal({ resources: file })).message, /^startHoldfast: option 'resources' names .*bad\.json, which is not JSON: /);
  });

  it('refuses a port in use, naming it, and starts on it once it is free', async () => {
    const taken = await startHoldfast();
    const port = Number(new URL(taken.endpoint).port);
    const e = await refusal({ port });
    assert.equal(e.option, 'port');
    assert.equal(e.message, `startHoldfast: option 'port' ${port} is already in use on 127.0.0.1 (EADDRINUSE); pick another port, or 0 for a free one`);
    await taken.close();
    const again = await startHoldfast({ port });
    assert.equal(again.endpoint, taken.endpoint);
    await again.close();
  });
});

describe('bad connectHoldfast calls', () => {
  it('refuses an endpoint that is not an http URL', async () => {
    assert.match((await errorOf(() => connectHoldfast('localhost:4598'))).message, /^connectHoldfast: 'localhost:4598' is not an http:\/\/ or https:\/\/ URL$/);
    assert.match((await errorOf(() => connectHoldfast('nope'))).message, /^connectHoldfast: 'nope' is not a URL such as http:\/\/127\.0\.0\.1:4598$/);
    assert.match((await errorOf(() => connectHoldfast('http://127.0.0.1:1', { wait: 1 } as object))).message, /^connectHoldfast: 'wait' is not an option \(known: timeoutMs, adminToken\)$/);
  });

  it('says when nothing listens at the endpoint', async () => {
    const port = await freePort();
    const e = await errorOf(() => connectHoldfast(`http://127.0.0.1:${port}`));
    assert.equal(e.message, `connectHoldfast: cannot reach a Holdfast server at http://127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('gives up on a server that accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const e = await errorOf(() => connectHoldfast(`http://127.0.0.1:${port}`, { timeoutMs: 200 }));
      assert.equal(e.message, `connectHoldfast: cannot reach a Holdfast server at http://127.0.0.1:${port}: no answer within 0.2 s`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
