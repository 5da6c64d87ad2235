/**
 * The admin API under --strict and --admin-token: a bearer token on every /_holdfast/* route but
 * health, refused altogether in strict mode without one; the CLI, the Node API and serve's
 * start-up messages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BackupClient, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { connectHoldfast, HoldfastError, startHoldfast } from '../../src/index.js';
import { runCli, startChild } from '../helpers/child.js';
import { startTestServer } from '../helpers/server.js';
import { ADMIN, CREDENTIALS } from './signing.js';

const TOKEN = 'the-admin-token-0123456789';
const call = async (url: string, method: string, path: string, token?: string): Promise<number> =>
  (await fetch(`${url}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })).status;

describe('admin API access', () => {
  it('in strict mode without a token: refused, except health', async () => {
    const t = await startTestServer({ credentials: CREDENTIALS, strict: true });
    try {
      assert.equal(await call(t.url, 'GET', '/_holdfast/health'), 200);
      for (const [method, path] of [['POST', '/_holdfast/reset'], ['POST', '/moto-api/reset'], ['GET', '/_holdfast/clock'], ['GET', '/_holdfast/resources']]) {
        assert.equal(await call(t.url, method!, path!, TOKEN), 403, path);
      }
    } finally {
      await t.close();
    }
  });

  it('with a token: every admin route but health needs it, as a bearer token', async () => {
    const t = await startTestServer({ credentials: CREDENTIALS, strict: true, adminToken: TOKEN });
    try {
      assert.equal(await call(t.url, 'GET', '/_holdfast/health'), 200);
      assert.equal(await call(t.url, 'POST', '/_holdfast/reset'), 401);
      assert.equal(await call(t.url, 'POST', '/_holdfast/reset', 'not-the-admin-token-0000'), 403);
      assert.equal(await call(t.url, 'POST', '/moto-api/reset'), 401);
      assert.equal(await call(t.url, 'POST', '/_holdfast/reset', TOKEN), 200);
      // The CLI's clock commands take it too.
      const refused = await runCli(['clock', 'show', '--endpoint', t.url]);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /the server refused \(401\)/);
      const shown = await runCli(['clock', 'advance', '1d', '--endpoint', t.url, '--admin-token', TOKEN]);
      assert.equal(shown.code, 0, shown.stderr);
      assert.equal(JSON.parse(shown.stdout).now, '2026-01-02T00:00:00.000Z');
    } finally {
      await t.close();
    }
  });

  it('the Node API sends the token, and a started server hands out its listed keys', async () => {
    await using hf = await startHoldfast({ frozenClock: true, credentials: { credentials: [{ ...ADMIN, accountId: '111111111111' }] }, strict: true, adminToken: TOKEN });
    await hf.clock.advance('1d');
    const backup = new BackupClient({ ...hf.clientConfig('111111111111'), maxAttempts: 1 });
    assert.deepEqual((await backup.send(new ListBackupVaultsCommand({}))).BackupVaultList, []);
    backup.destroy();
    const without = await connectHoldfast(hf.endpoint);
    await assert.rejects(without.clock.now(), (e: unknown) => e instanceof HoldfastError && e.status === 401);
    await without.close();
    const withToken = await connectHoldfast(hf.endpoint, { adminToken: TOKEN });
    assert.equal((await withToken.clock.state()).frozen, true);
    await withToken.close();
  });

  it('serve refuses --strict without listed keys, a bad credentials file and a short token, naming each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-strict-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ credentials: [{ accessKeyId: 'AKIAEXAMPLE00000001', secretAccessKey: 's', accountId: '12' }] }));
    const cases: [string[], RegExp][] = [
      [['--strict'], /--strict needs --credentials FILE/],
      [['--credentials', bad], /--credentials: credentials\[0\]\.accountId must be a 12-digit account id/],
      [['--admin-token', 'short'], /--admin-token must be at least 16 printable characters/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['serve', '--in-memory', '--port', '0', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });

  it('serve warns when it listens beyond loopback without --strict, and says when strict refuses the admin API', async () => {
    const open = await startChild(['--port', '0', '--in-memory', '--host', '0.0.0.0']);
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-strict-'));
    const file = join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify({ credentials: [{ ...ADMIN, accountId: '111111111111' }] }));
    const strict = await startChild(['--port', '0', '--in-memory', '--strict', '--credentials', file]);
    try {
      const settle = async (child: typeof open, pattern: RegExp): Promise<string> => {
        // stderr is written right after the banner line: wait for its next chunk (bounded).
        const deadline = Date.now() + 10_000;
        while (!pattern.test(child.stderr()) && Date.now() < deadline) {
          await new Promise((r) => {
            const timer = setTimeout(r, deadline - Date.now());
            child.process.stderr!.once('data', () => (clearTimeout(timer), r(undefined)));
          });
        }
        return child.stderr();
      };
      assert.match(await settle(open, /warning/), /warning: listening on 0\.0\.0\.0 without --strict/);
      assert.match(await settle(strict, /admin API/), /strict mode without --admin-token: the admin API \(\/_holdfast\/\*, except health\) is refused/);
      assert.equal(await call(strict.url, 'POST', '/_holdfast/reset'), 403);
    } finally {
      await open.kill();
      await strict.kill();
    }
  });
});
