/**
 * The command-line contract, through the real `holdfast` command run as a child process.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand, DescribeBackupVaultCommand } from '@aws-sdk/client-backup';
import { CLOCK_OPTIONS } from '../../src/cli/clock-command.js';
import { SERVE_OPTIONS } from '../../src/cli/main.js';
import { freePort, ROOT, runCli, startChild, type ChildServer } from '../helpers/child.js';
import { errorOf } from '../helpers/server.js';

describe('holdfast --help', () => {
  it('documents every flag of serve and clock', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['clock', '--help']]) {
      const r = await runCli(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.equal(r.stderr, '');
      for (const flag of [...Object.keys(SERVE_OPTIONS), ...Object.keys(CLOCK_OPTIONS)]) {
        assert.match(r.stdout, new RegExp(`^ +(-\\w, )?--${flag}\\b.*\\S`, 'm'), `--${flag} is documented in ${args.join(' ')}`);
      }
      assert.match(r.stdout, /holdfast clock advance 30d\|12h\|90m\|SECONDS/);
    }
  });

  it('names the admin endpoints and where they are documented', async () => {
    const r = await runCli(['--help']);
    assert.match(r.stdout, /README\.md, "Holdfast's own endpoints"/);
    for (const route of ['GET /_holdfast/health', 'POST /_holdfast/reset', '/_holdfast/clock', 'GET /_holdfast/buckets/BUCKET/KEY', '/_holdfast/resources']) {
      assert.ok(r.stdout.includes(route), route);
    }
  });

  it('prints the version of package.json with --version and -v', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag]);
      assert.deepEqual(r, { code: 0, stdout: `${version}\n`, stderr: '' }, flag);
    }
  });

  it('prints the usage and exits 2 without a command', async () => {
    const r = await runCli([]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^Usage:/);
  });
});

describe('bad arguments', () => {
  const cases: [string[], RegExp][] = [
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--port'], /--port <value>' argument missing/],
    [['serve', '--port', 'abc'], /--port must be a number from 0 to 65535, not 'abc'/],
    [['serve', '--port', '70000'], /--port must be a number from 0 to 65535/],
    [['serve', '--port', ''], /--port must be a number/],
    [['serve', '--in-memory', '--data-dir', 'x'], /--in-memory and --data-dir cannot be used together/],
    [['serve', '--start-time', 'soon'], /--start-time must be an ISO-8601 instant/],
    [['serve', 'extra'], /Unexpected argument 'extra'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['clock'], /usage: holdfast clock show/],
    [['clock', 'advance', '-5'], /the clock cannot move backwards; '-5' is negative/],
    [['clock', 'advance', '-1d'], /cannot move backwards/],
    [['clock', 'advance', '5x'], /'5x' is not a duration/],
    [['clock', 'set', 'tomorrow'], /'tomorrow' is not an ISO-8601 instant/],
    [['clock', 'show', '--nope'], /Unknown option '--nope'/],
  ];
  for (const [args, message] of cases) {
    it(`refuses \`holdfast ${args.join(' ')}\` with one line on stderr and exit code 2`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^holdfast: /);
      assert.match(lines[0]!, message);
    });
  }

  it('says so, and exits 1, when no server answers', async () => {
    const port = await freePort();
    const r = await runCli(['clock', 'show', '--endpoint', `http://127.0.0.1:${port}`]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `holdfast: cannot reach a Holdfast server at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });
});

describe('holdfast serve --port 0', () => {
  let s: ChildServer;
  let client: BackupClient;
  before(async () => {
    s = await startChild(['--port', '0', '--in-memory', '--frozen-clock', '--start-time', '2026-01-01T00:00:00Z']);
    client = new BackupClient({
      endpoint: s.url,
      region: 'us-east-1',
      credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await s.kill();
  });

  it('prints the chosen port on one line', () => {
    assert.notEqual(s.port, 0);
    assert.equal(s.banner, `Holdfast listening on http://127.0.0.1:${s.port} (port ${s.port})`);
  });

  it("prints the console's URL on the next line", { timeout: 20_000 }, async () => {
    const line = await new Promise<string>((resolve) => {
      const look = (): void => {
        const m = /^Holdfast console: .*$/m.exec(s.stdout());
        if (m) resolve(m[0]);
        else s.process.stdout!.once('data', () => setImmediate(look));
      };
      look();
    });
    assert.equal(line, `Holdfast console: http://127.0.0.1:${s.port}/_holdfast/ui/`);
    assert.equal((await fetch(`${s.url}/_holdfast/ui/`)).headers.get('content-type'), 'text/html; charset=utf-8');
  });

  it('refuses a second server on the same port, naming --port, and exits 1', async () => {
    const r = await runCli(['serve', '--port', String(s.port), '--in-memory']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `holdfast: --port ${s.port} is already in use on 127.0.0.1 (EADDRINUSE); pick another port, or 0 for a free one\n`);
  });

  it('answers GET /_holdfast/health with status ok', async () => {
    const res = await fetch(`${s.url}/_holdfast/health`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  for (const path of ['/_holdfast/reset', '/moto-api/reset']) {
    it(`wipes all state on POST ${path}`, async () => {
      await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'before-reset' }));
      assert.equal((await client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'before-reset' }))).BackupVaultName, 'before-reset');
      const res = await fetch(s.url + path, { method: 'POST' });
      assert.equal(res.status, 200);
      const e = await errorOf(() => client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'before-reset' })));
      assert.equal(e.name, 'ResourceNotFoundException');
    });
  }

  it('shows, advances and sets the clock, never backwards', async () => {
    const endpoint = ['--endpoint', s.url];
    const show = await runCli(['clock', 'show', ...endpoint]);
    assert.equal(show.code, 0, show.stderr);
    assert.deepEqual(JSON.parse(show.stdout), { now: '2026-01-01T00:00:00.000Z', frozen: true });
    const advanced = await runCli(['clock', 'advance', '1d', ...endpoint]);
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.equal(JSON.parse(advanced.stdout).now, '2026-01-02T00:00:00.000Z');
    assert.equal(JSON.parse((await runCli(['clock', 'advance', '90m', ...endpoint])).stdout).now, '2026-01-02T01:30:00.000Z');
    assert.equal(JSON.parse((await runCli(['clock', 'advance', '30', ...endpoint])).stdout).now, '2026-01-02T01:30:30.000Z');
    const set = await runCli(['clock', 'set', '2026-03-01T00:00:00Z', ...endpoint]);
    assert.equal(JSON.parse(set.stdout).now, '2026-03-01T00:00:00.000Z');
    const back = await runCli(['clock', 'set', '2026-01-01T00:00:00Z', ...endpoint]);
    assert.equal(back.code, 1);
    assert.match(back.stderr, /^holdfast: the server refused \(400\): Cannot move the clock backwards from 2026-03-01T00:00:00\.000Z/);
    const negative = await runCli(['clock', 'advance', '-1h', ...endpoint]);
    assert.equal(negative.code, 2);
    // The server refuses a negative advance too, whoever sends it.
    const raw = await fetch(`${s.url}/_holdfast/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: -1 }) });
    assert.equal(raw.status, 400);
    assert.match(((await raw.json()) as { error: string }).error, /cannot move backwards/);
    assert.equal(JSON.parse((await runCli(['clock', 'show', ...endpoint])).stdout).now, '2026-03-01T00:00:00.000Z');
  });
});
