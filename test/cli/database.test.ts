/**
 * Choosing PostgreSQL: `holdfast serve --database URL` and HOLDFAST_DATABASE_URL through the real
 * command line, and startHoldfast's `database` option. A bad or unreachable URL stops serve with
 * a message naming it, its password masked; state and the clock live in the database.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { HoldfastError, startHoldfast } from '../../src/index.js';
import { freePort, ROOT, run, runCli, startChild } from '../helpers/child.js';
import { freshDatabase, postgresAvailable } from '../helpers/postgres.js';
import { errorOf } from '../helpers/server.js';

const BIN = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')];
const serveWithEnv = (url: string, args: string[] = []) =>
  run(process.execPath, [...BIN, 'serve', '--port', '0', ...args], { HOLDFAST_DATABASE_URL: url }, ROOT);

describe('holdfast serve --database: refusals', () => {
  const usage: [string[], RegExp][] = [
    [['--database', 'mysql://me:s3cret@db.example/holdfast'], /--database must be a PostgreSQL URL such as postgres:\/\/USER@HOST:5432\/DB, not 'mysql:\/\/me:\*\*\*@db\.example\/holdfast'/],
    [['--database', 'not a url'], /--database must be a PostgreSQL URL/],
    [['--database', 'postgres://u@h/db', '--in-memory'], /--database and --in-memory cannot be used together/],
    [['--database', 'postgres://u@h/db', '--data-dir', 'x'], /--database and --data-dir cannot be used together/],
  ];
  for (const [args, message] of usage) {
    it(`refuses \`holdfast serve ${args.join(' ')}\` with exit code 2`, async () => {
      const r = await runCli(['serve', ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /s3cret/);
    });
  }

  it('refuses a HOLDFAST_DATABASE_URL that is not PostgreSQL, naming the variable', async () => {
    const r = await serveWithEnv('sqlite:///tmp/x.db');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /HOLDFAST_DATABASE_URL must be a PostgreSQL URL/);
  });

  it('stops with exit code 1 and the masked URL when no server answers there', async () => {
    const port = await freePort();
    const r = await runCli(['serve', '--port', '0', '--database', `postgres://me:s3cret@127.0.0.1:${port}/holdfast`]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`^holdfast: Cannot connect to the database postgres://me:\\*\\*\\*@127\\.0\\.0\\.1:${port}/holdfast: .*ECONNREFUSED`));
    assert.doesNotMatch(r.stderr, /s3cret/);
  });
});

describe('holdfast serve --database on PostgreSQL', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let url: string;
  before(async () => {
    url = await freshDatabase();
  });
  after(() => {
    delete process.env.HOLDFAST_DATABASE_URL;
  });

  it('keeps vaults and the clock in the database across servers, from the flag or the environment', async () => {
    const first = await startChild(['--port', '0', '--database', url, '--frozen-clock', '--start-time', '2026-01-01T00:00:00Z']);
    try {
      const client = new BackupClient({ endpoint: first.url, region: 'us-east-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1 });
      await client.send(new CreateBackupVaultCommand({ BackupVaultName: 'kept' }));
      client.destroy();
      const advanced = await runCli(['clock', 'advance', '3d', '--endpoint', first.url]);
      assert.equal(advanced.code, 0, advanced.stderr);
    } finally {
      await first.kill();
    }
    process.env.HOLDFAST_DATABASE_URL = url;
    const second = await startChild(['--port', '0']);
    try {
      const shown = await runCli(['clock', 'show', '--endpoint', second.url]);
      assert.match(shown.stdout, /2026-01-04T00:00:00\.000Z/);
      const client = new BackupClient({ endpoint: second.url, region: 'us-east-1', credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' }, maxAttempts: 1 });
      const e = await errorOf(() => client.send(new CreateBackupVaultCommand({ BackupVaultName: 'kept' })));
      assert.equal(e.name, 'AlreadyExistsException');
      client.destroy();
    } finally {
      await second.kill();
      delete process.env.HOLDFAST_DATABASE_URL;
    }
  });
});

describe('startHoldfast({ database })', () => {
  it('refuses a URL that is not PostgreSQL, or one given with dataDir or inMemory, naming the option', async () => {
    for (const [options, message] of [
      [{ database: 'http://me:s3cret@h/db' }, /^startHoldfast: option 'database' must be a PostgreSQL URL such as postgres:\/\/USER@HOST:5432\/DB, not 'http:\/\/me:\*\*\*@h\/db'/],
      [{ database: 'postgres://u@h/db', dataDir: 'x' }, /^startHoldfast: option 'database' cannot be given together with dataDir/],
      [{ database: 'postgres://u@h/db', inMemory: true }, /^startHoldfast: option 'database' cannot be given together with inMemory: true/],
    ] as const) {
      const e = await errorOf(() => startHoldfast(options));
      assert.ok(e instanceof HoldfastError, String(e));
      assert.match(e.message, message);
    }
  });

  it('names the option and the masked URL when the server cannot be reached', async () => {
    const port = await freePort();
    const e = await errorOf(() => startHoldfast({ database: `postgres://me:s3cret@127.0.0.1:${port}/db` }));
    assert.ok(e instanceof HoldfastError, String(e));
    assert.match(e.message, new RegExp(`^startHoldfast: option 'database' cannot be used: Cannot connect to the database postgres://me:\\*\\*\\*@127\\.0\\.0\\.1:${port}/db`));
    assert.doesNotMatch(e.message, /s3cret/);
  });
});
