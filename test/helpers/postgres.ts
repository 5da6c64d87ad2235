/**
 * A throwaway PostgreSQL for tests: the server named by HOLDFAST_TEST_DATABASE_URL when it is set
 * (.ci/run and scripts start one), else a cluster of Debian's PostgreSQL started here in a
 * temporary folder on a free loopback port (as the `postgres` user when running as root, since
 * initdb refuses root). `freshDatabase()` gives each test server a database of its own.
 *
 * The cluster sorts text by a language's rules, not bytewise: its default collation is ICU's
 * en-US (Debian's PostgreSQL is built with ICU, so no OS locale is needed), as a cluster created
 * with en_US.UTF-8 does, where `arn:A_b` < `arn:a-x` < `arn:B`. Holdfast must answer the same
 * as on SQLite (bytewise) whatever the database's locale, and the suite must see it when not.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

/** initdb's options for a language collation as the cluster's default (see the header). */
const LANGUAGE_COLLATION = ['--locale-provider=icu', '--icu-locale=en-US'];

export interface PostgresServer {
  /** postgres://USER@127.0.0.1:PORT/postgres (the maintenance database). */
  url: string;
  /** Stops the cluster (immediate mode) and removes its folder; a no-op for an outside server. */
  stop(): void;
  /** Stops the server without removing its data (to test a database that goes away). */
  pause(): void;
  /** Starts a paused server again on the same port. */
  resume(): void;
}

export function postgresAvailable(): boolean {
  return Boolean(process.env.HOLDFAST_TEST_DATABASE_URL) || existsSync(join(BIN, 'initdb'));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function asPostgresUser(args: string[]): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
}

function run(args: string[]): void {
  const [cmd, ...rest] = asPostgresUser(args);
  const r = spawnSync(cmd!, rest, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
}

/** Starts a cluster of its own (ignores HOLDFAST_TEST_DATABASE_URL): for tests that stop and restart it. */
export async function startPostgresCluster(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const user = process.getuid?.() === 0 ? 'postgres' : (process.env.USER ?? 'postgres');
  run([join(BIN, 'initdb'), '-D', data, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8', ...LANGUAGE_COLLATION]);
  const port = await freePort();
  const ctl = (action: string): void =>
    run([
      join(BIN, 'pg_ctl'), '-D', data, '-w', '-l', join(dir, 'log'), ...(action === 'start'
        ? ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`]
        : ['-m', 'immediate']), action,
    ]);
  ctl('start');
  let running = true;
  return {
    url: `postgres://${user}@127.0.0.1:${port}/postgres`,
    stop() {
      if (running) ctl('stop');
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
    pause() {
      ctl('stop');
      running = false;
    },
    resume() {
      ctl('start');
      running = true;
    },
  };
}

let shared: Promise<PostgresServer> | undefined;

/** The suite's server: HOLDFAST_TEST_DATABASE_URL, or one cluster started on first use and stopped at exit. */
export function testPostgres(): Promise<PostgresServer> {
  const url = process.env.HOLDFAST_TEST_DATABASE_URL;
  if (url) return Promise.resolve({ url, stop() {}, pause() {}, resume() {} });
  shared ??= startPostgresCluster().then((s) => {
    process.once('exit', () => s.stop());
    return s;
  });
  return shared;
}

let counter = 0;

/** A new, empty database on the suite's server; answers its URL. */
export async function freshDatabase(): Promise<string> {
  const server = await testPostgres();
  const name = `holdfast_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(server.url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** psql against a URL (for tests that inspect rows directly). */
export function psql(url: string, sql: string): string {
  return execFileSync('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { encoding: 'utf8' }).trim();
}
