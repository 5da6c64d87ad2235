/**
 * --strict: only requests with a valid SigV4 signature of a listed key get in (real SDK, and raw
 * requests signed by the SDK's signer and then changed). Refusals carry AWS's names and codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand, DeleteBackupVaultCommand, ListBackupVaultsCommand, PutBackupVaultAccessPolicyCommand } from '@aws-sdk/client-backup';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS, send, SESSION, sign, signedSend, type Key } from './signing.js';

describe('strict mode: SigV4 verification', () => {
  let t: TestServer;
  const clients: BackupClient[] = [];
  const client = (credentials: Key, extra: Record<string, unknown> = {}): BackupClient => {
    const c = new BackupClient({ endpoint: t.url, region: 'eu-west-1', credentials, maxAttempts: 1, ...extra });
    clients.push(c);
    return c;
  };
  const vaults = async (): Promise<string[]> =>
    ((await client(ADMIN).send(new ListBackupVaultsCommand({}))).BackupVaultList ?? []).map((v) => v.BackupVaultArn!);

  before(async () => {
    t = await startTestServer({ credentials: CREDENTIALS, strict: true });
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('lets a listed key in, as its account, in the Region it signed for', async () => {
    const out = await client(ADMIN).send(new CreateBackupVaultCommand({ BackupVaultName: 'signed' }));
    assert.equal(out.BackupVaultArn, 'arn:aws:backup:eu-west-1:111111111111:backup-vault:signed');
  });

  it('refuses a wrong secret with InvalidSignatureException (403), and writes nothing', async () => {
    const e = await errorOf(() => client({ ...ADMIN, secretAccessKey: 'wrong' }).send(new CreateBackupVaultCommand({ BackupVaultName: 'forged' })));
    assert.equal(e.name, 'InvalidSignatureException');
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided\./);
    assert.ok(!(await vaults()).some((a) => a.endsWith(':forged')));
  });

  it('refuses a key that is not listed with UnrecognizedClientException (403)', async () => {
    const e = await errorOf(() => client({ accessKeyId: '111111111111', secretAccessKey: 'x' }).send(new ListBackupVaultsCommand({})));
    assert.equal(e.name, 'UnrecognizedClientException');
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.equal(e.message, 'The security token included in the request is invalid.');
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException (403)', async () => {
    const r = await send(t.url, { method: 'GET', path: '/backup-vaults/' });
    assert.deepEqual([r.status, r.type], [403, 'MissingAuthenticationTokenException']);
  });

  it('refuses a signature dated more than 15 minutes from real time, either way', async () => {
    const old = await errorOf(() => client(ADMIN, { systemClockOffset: -16 * 60_000 }).send(new ListBackupVaultsCommand({})));
    assert.equal(old.name, 'InvalidSignatureException');
    assert.match(old.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);
    const future = await errorOf(() => client(ADMIN, { systemClockOffset: 16 * 60_000 }).send(new ListBackupVaultsCommand({})));
    assert.match(future.message, /^Signature not yet current: /);
    // 14 minutes off is within AWS's window.
    await client(ADMIN, { systemClockOffset: -14 * 60_000 }).send(new ListBackupVaultsCommand({}));
  });

  it('checks the session token of a key that has one', async () => {
    const out = await client(SESSION).send(new CreateBackupVaultCommand({ BackupVaultName: 'session' }));
    assert.equal(out.BackupVaultArn, 'arn:aws:backup:eu-west-1:222222222222:backup-vault:session');
    for (const sessionToken of [undefined, 'another-token']) {
      const e = await errorOf(() => client({ ...SESSION, sessionToken }).send(new ListBackupVaultsCommand({})));
      assert.equal(e.name, 'UnrecognizedClientException');
    }
    const e = await errorOf(() => client({ ...ADMIN, sessionToken: 'unexpected' }).send(new ListBackupVaultsCommand({})));
    assert.equal(e.name, 'UnrecognizedClientException');
  });

  it('accepts a presigned URL, and refuses it changed or past X-Amz-Expires', async () => {
    const req = { method: 'GET', path: '/backup-vaults/', query: { maxResults: '5' } };
    const { query } = await sign(t.url, ADMIN, req, { presign: { expiresIn: 300 } });
    assert.equal((await send(t.url, { ...req, query })).status, 200);
    const changed = await send(t.url, { ...req, query: { ...query, maxResults: '6' } });
    assert.deepEqual([changed.status, changed.type], [403, 'InvalidSignatureException']);
    const stale = await sign(t.url, ADMIN, req, { presign: { expiresIn: 60 }, date: new Date(Date.now() - 120_000) });
    const expired = await send(t.url, { ...req, query: stale.query });
    assert.equal(expired.type, 'InvalidSignatureException');
    assert.match(expired.json.Message, /^Signature expired: /);
  });

  it('refuses a scope of another service or an invalid Region, and a path or body other than the one signed', async () => {
    const list = { method: 'GET', path: '/backup-vaults/' };
    const s3 = await signedSend(t.url, ADMIN, list, { service: 's3' });
    assert.deepEqual([s3.status, s3.type, s3.json.Message], [403, 'InvalidSignatureException', "Credential should be scoped to correct service: 'backup'."]);
    const region = await signedSend(t.url, ADMIN, list, { region: 'moon' });
    assert.equal(region.json.Message, "Credential should be scoped to a valid region, not 'moon'.");
    const signed = await sign(t.url, ADMIN, { method: 'PUT', path: '/backup-vaults/one', body: '{}' });
    const otherPath = await send(t.url, { method: 'PUT', path: '/backup-vaults/two', body: '{}', headers: signed.headers });
    assert.deepEqual([otherPath.status, otherPath.type], [403, 'InvalidSignatureException']);
    const otherBody = await send(t.url, { method: 'PUT', path: '/backup-vaults/one', body: '{"BackupVaultTags":{"a":"b"}}', headers: signed.headers });
    assert.deepEqual([otherBody.status, otherBody.type], [403, 'InvalidSignatureException']);
    assert.ok(!(await vaults()).some((a) => /:backup-vault:(one|two)$/.test(a)));
  });

  it('refuses a malformed Authorization header with IncompleteSignatureException (400)', async () => {
    for (const authorization of ['Bearer x', 'AWS4-HMAC-SHA256 Credential=a/b', 'AWS4-HMAC-SHA256 Credential=AKIAADMIN0000000001/20260101/us-east-1/backup, SignedHeaders=host, Signature=00']) {
      const r = await send(t.url, { method: 'GET', path: '/backup-vaults/', headers: { authorization, 'x-amz-date': '20260101T000000Z' } });
      assert.deepEqual([r.status, r.type], [400, 'IncompleteSignatureException'], authorization);
    }
  });
});

describe('without --strict, a listed key names its account', () => {
  it('acts as the key\'s account and principal, signature unchecked as before', async () => {
    const t = await startTestServer({ credentials: CREDENTIALS });
    try {
      const c = new BackupClient({ endpoint: t.url, region: 'us-east-1', credentials: { ...SESSION, secretAccessKey: 'anything' }, maxAttempts: 1 });
      const out = await c.send(new CreateBackupVaultCommand({ BackupVaultName: 'listed' }));
      assert.equal(out.BackupVaultArn, 'arn:aws:backup:us-east-1:222222222222:backup-vault:listed');
      // ... and its principal, which vault access policies are evaluated for.
      const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::222222222222:role/Ops' }, Action: 'backup:DeleteBackupVault', Resource: '*' }] });
      await c.send(new PutBackupVaultAccessPolicyCommand({ BackupVaultName: 'listed', Policy }));
      const e = await errorOf(() => c.send(new DeleteBackupVaultCommand({ BackupVaultName: 'listed' })));
      assert.match(e.message, /^User: arn:aws:sts::222222222222:assumed-role\/Ops\/alice is not authorized to perform: backup:DeleteBackupVault /);
      c.destroy();
    } finally {
      await t.close();
    }
  });
});
