/**
 * `npm run test:postgres [-- FILES...]`: the SDK suite with every in-process test server on
 * PostgreSQL (HOLDFAST_TEST_BACKEND=postgres). One throwaway cluster of Debian's PostgreSQL is
 * started for the run (HOLDFAST_TEST_DATABASE_URL; each server gets a fresh database of it) and
 * removed afterwards, whatever the outcome.
 *
 * Without FILES it runs the test files that start in-process servers (test/helpers/server.ts or
 * suite.ts, directly or through a local helper): the backend variable changes nothing for the
 * others (protocol stubs, the public API's and the CLI's own servers, SQLite files, kill -9),
 * which `npm run test:unit` runs. SQLITE_ONLY lists the files that stay on SQLite, with the reason.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { postgresAvailable, startPostgresCluster } from '../test/helpers/postgres.js';

/** Test files that stay on SQLite, each with the reason. */
const SQLITE_ONLY = new Map([
  [join('test', 'console', 'static.test.ts'), "serves the console's files, which no backend holds"],
  [join('test', 'console', 'jobs.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK, tested on both backends elsewhere'],
  [join('test', 'console', 'recovery-points.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK, tested on both backends elsewhere'],
  [join('test', 'console', 'vaults.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK, tested on both backends elsewhere'],
  [join('test', 'console', 'shell.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK, tested on both backends elsewhere'],
  [join('test', 'console', 'plans.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK and the console routes, tested on both backends elsewhere'],
  [join('test', 'console', 'legal-holds.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK and the console routes, tested on both backends elsewhere'],
  [join('test', 'console', 'audit.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK and the console routes, tested on both backends elsewhere'],
  [join('test', 'console', 'inventory.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK and the console routes, tested on both backends elsewhere'],
  [join('test', 'console', 'events.test.ts'), 'drives the console in Chromium; the state it reads comes through the SDK and the console routes, tested on both backends elsewhere'],
]);

/** Test files whose servers all name their own database: the backend variable changes nothing for them (test:unit runs them). */
const OWN_DATABASE = new Set([join('test', 'store', 'pg-outage.test.ts')]);

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? testFiles(path) : name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

const SERVER_HELPERS = [join('test', 'helpers', 'server.ts'), join('test', 'helpers', 'suite.ts')];

/** Whether the file, or a local module it imports, starts in-process test servers. */
function startsTestServers(path: string, seen = new Set<string>()): boolean {
  if (seen.has(path) || !existsSync(path) || SERVER_HELPERS.includes(path)) return false;
  seen.add(path);
  const source = readFileSync(path, 'utf8');
  if (/\b(startTestServer|suiteServer)\(/.test(source)) return true;
  return [...source.matchAll(/from '(\.[^']+)\.js'/g)].some((m) => startsTestServers(normalize(join(dirname(path), `${m[1]!}.ts`)), seen));
}

if (!postgresAvailable()) {
  console.error('test:postgres: PostgreSQL 15 is not installed (apt-get install postgresql); nothing ran');
  process.exit(1);
}
let files = process.argv.slice(2);
if (files.length === 0) {
  const servers = testFiles('test').filter((f) => startsTestServers(f));
  files = servers.filter((f) => !SQLITE_ONLY.has(f) && !OWN_DATABASE.has(f));
  console.log(`test:postgres: ${files.length} test files`);
  for (const [file, reason] of SQLITE_ONLY) console.log(`test:postgres: ${file} stays on SQLite: it ${reason}`);
}
const cluster = await startPostgresCluster();
const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
    stdio: 'inherit',
    env: { ...process.env, HOLDFAST_TEST_BACKEND: 'postgres', HOLDFAST_TEST_DATABASE_URL: cluster.url },
  });
  child.on('close', (c) => resolve(c ?? 1));
});
cluster.stop();
process.exit(code);
