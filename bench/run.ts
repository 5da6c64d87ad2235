/**
 * `npm run bench`: builds Holdfast, measures time to healthy, then on each backend (SQLite in a
 * temporary data folder; PostgreSQL in a throwaway cluster of test/helpers/postgres.ts, skipped
 * with a message where PostgreSQL is not installed) starts the server as a child process and
 * loads it from a second child process over loopback, scenario by scenario; then runs the
 * in-process suites, each in its own child process per backend so that its peak RSS is its own
 * (bench/scenarios/index.ts lists both). Results are printed side by side. In the same run the
 * same load generator loads a bare node:http server answering a constant body
 * (bench/bare-server.ts): DescribeBackupVault on SQLite must reach RATIO_TARGET of it.
 *
 * Options: USAGE below (`npm run bench -- --help`); --polling-loader is explained in bench/load.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadConfig, LoadResult } from './load.js';
import type { BenchRequest } from './scenario.js';
import { scenarios, suites } from './scenarios/index.js';
import { ROOT, startBareServer, startServer, type Backend, type StartMode } from './servers.js';
import { postgresAvailable, startPostgresCluster, type PostgresServer } from '../test/helpers/postgres.js';

/** DescribeBackupVault (SQLite) over the bare node:http server, same loader, same run. */
const RATIO_TARGET = 0.4;
const RATIO_SCENARIO = 'DescribeBackupVault';

const USAGE = `npm run bench [-- OPTIONS]
  --duration SECONDS     load per scenario (default 5)
  --warmup SECONDS       before each measurement (default 1)
  --connections N        concurrent connections of the load generator (default 16)
  --only REGEX           scenarios and suites whose names match
  --backend B            sqlite, postgres or both (default both)
  --no-build             use dist/ as it is
  --polling-loader       the load generator polls between answers instead of sleeping
  --help                 this text`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        duration: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '1' },
        connections: { type: 'string', default: '16' },
        only: { type: 'string' },
        backend: { type: 'string', default: 'both' },
        'no-build': { type: 'boolean' },
        'polling-loader': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const { values } = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/**
 * Runs `node ARGS` from the project root and answers the JSON of the last line it printed on
 * stdout (a script may print progress before it); stderr goes to ours.
 */
function runChild<T>(args: string[], what: string, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${what} exited with ${code}`));
      else resolve(JSON.parse(out.trimEnd().split('\n').pop()!) as T);
    });
  });
}

const runLoader = (url: string, scenario: string): Promise<LoadResult> => {
  const config: LoadConfig = {
    url,
    scenario,
    connections: Number(values.connections),
    durationMs: Number(values.duration) * 1000,
    warmupMs: Number(values.warmup) * 1000,
    pollingLoader: values['polling-loader'],
  };
  return runChild(['--import', 'tsx', join(ROOT, 'bench', 'load.ts'), JSON.stringify(config)], 'the load generator');
};

type SuiteRun = { results: Record<string, unknown>[]; processPeakRssMb: number };

/**
 * Runs an in-process suite in a fresh child process (bench/suite-child.ts), so its peak RSS is
 * its own; on PostgreSQL its test servers take fresh databases of the bench's cluster.
 */
const runSuite = (name: string, backend: Backend, pg: PostgresServer | undefined): Promise<SuiteRun> =>
  runChild(
    ['--no-warnings', '--import', 'tsx', join(ROOT, 'bench', 'suite-child.ts'), name],
    `the bench suite '${name}' on ${backend}`,
    backend === 'PostgreSQL' ? { ...process.env, HOLDFAST_TEST_BACKEND: 'postgres', HOLDFAST_TEST_DATABASE_URL: pg!.url } : { ...process.env, HOLDFAST_TEST_BACKEND: 'sqlite' },
  );

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(', ');

async function timeToHealthy(mode: StartMode, backend: Backend): Promise<string> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await startServer(mode, backend);
    runs.push(s.healthyMs);
    await s.stop();
  }
  return `${median(runs).toFixed(0)} ms`;
}

/** Loads every scenario on one backend; before DescribeBackupVault on SQLite, the bare server too. */
async function loadBackend(backend: Backend, only: RegExp | undefined, results: Map<string, LoadResult>): Promise<LoadResult | undefined> {
  const server = await startServer('compiled', backend);
  const call = async (req: BenchRequest): Promise<{ status: number; body: string }> => {
    const res = await fetch(server.url + req.path, {
      method: req.method,
      body: req.body,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=0' },
    });
    return { status: res.status, body: await res.text() };
  };
  let bare: LoadResult | undefined;
  try {
    for (const scenario of scenarios) {
      // Setup always runs (later scenarios may rely on earlier data); only the load is filtered.
      await scenario.setup?.(call);
      if (only && !only.test(scenario.name)) continue;
      if (backend === 'SQLite' && scenario.name === RATIO_SCENARIO) {
        const baseline = await startBareServer();
        try {
          bare = await runLoader(baseline.url, scenario.name);
        } finally {
          await baseline.stop();
        }
        console.log(`bare node:http, constant body: ${bare.rps.toLocaleString('en-US')} req/s`);
      }
      const result = await runLoader(server.url, scenario.name);
      results.set(scenario.name, result);
      console.log(`${backend} ${scenario.name}: ${result.rps.toLocaleString('en-US')} req/s${result.firstError ? `  first error: ${result.firstError.slice(0, 200)}` : ''}`);
    }
  } finally {
    await server.stop();
  }
  return bare;
}

const cells = (r: LoadResult | undefined): string =>
  r ? `${r.rps.toLocaleString('en-US')} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.errors}` : '– | – | – | –';

const figures = (result: Record<string, unknown> | undefined): string =>
  result
    ? Object.entries(result)
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(2)) : String(v)}`)
        .join(' ')
    : '–';

async function main(): Promise<void> {
  if (!values['no-build']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  console.log(`# Holdfast bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; load average at start ${load()}`);
  const wanted = values.backend;
  let pg: PostgresServer | undefined;
  if (wanted !== 'sqlite') {
    if (postgresAvailable()) {
      pg = await startPostgresCluster();
      process.env.HOLDFAST_TEST_DATABASE_URL = pg.url; // freshDatabase() (bench/servers.ts) uses it
    } else {
      console.log('PostgreSQL is not installed (/usr/lib/postgresql/15/bin/initdb, or HOLDFAST_TEST_DATABASE_URL): its column is skipped.');
    }
  }
  const backends: Backend[] = [...(wanted !== 'postgres' ? (['SQLite'] as const) : []), ...(pg ? (['PostgreSQL'] as const) : [])];
  const only = values.only ? new RegExp(values.only) : undefined;
  try {
    console.log('time to healthy (spawn to first 200 from /_holdfast/health, median of 3):');
    if (backends.includes('SQLite')) {
      const label = { 'npm start': 'npm start (built)', compiled: 'node dist/cli/bin.js serve', tsx: 'through tsx (npm run dev)' };
      const ms: string[] = [];
      for (const mode of ['npm start', 'compiled', 'tsx'] as const) ms.push(`${label[mode]}: ${await timeToHealthy(mode, 'SQLite')}`);
      console.log(`  SQLite data dir: ${ms.join('; ')}`);
    }
    if (backends.includes('PostgreSQL')) console.log(`  PostgreSQL (a fresh database each): node dist/cli/bin.js serve: ${await timeToHealthy('compiled', 'PostgreSQL')}`);

    const results = new Map(backends.map((b) => [b, new Map<string, LoadResult>()]));
    let bare: LoadResult | undefined;
    for (const backend of backends) bare = (await loadBackend(backend, only, results.get(backend)!)) ?? bare;

    const loader = values['polling-loader'] ? 'a polling loader' : 'a loader that sleeps between answers';
    console.log(`\n${values.connections} keep-alive connections from ${loader}, ${values.duration} s per scenario after ${values.warmup} s warm-up:\n`);
    console.log(`| scenario | ${backends.map((b) => `${b} req/s | p50 ms | p99 ms | errors`).join(' | ')} |`);
    console.log(`| --- |${' ---: | ---: | ---: | ---: |'.repeat(backends.length)}`);
    if (bare) console.log(`| bare node:http server, constant body | ${cells(bare)} |${' | | | |'.repeat(backends.length - 1)}`);
    for (const scenario of scenarios) {
      if (only && !only.test(scenario.name)) continue;
      console.log(`| ${scenario.name} | ${backends.map((b) => cells(results.get(b)!.get(scenario.name))).join(' | ')} |`);
    }
    const sqliteDescribe = results.get('SQLite')?.get(RATIO_SCENARIO);
    if (bare && sqliteDescribe) {
      const ratio = sqliteDescribe.rps / bare.rps;
      console.log(`\n${RATIO_SCENARIO} (SQLite) / bare node:http = ${ratio.toFixed(2)} (target >= ${RATIO_TARGET}): ${ratio >= RATIO_TARGET ? 'PASS' : 'FAIL'}`);
      const pgDescribe = results.get('PostgreSQL')?.get(RATIO_SCENARIO);
      if (pgDescribe) console.log(`${RATIO_SCENARIO} (PostgreSQL) / bare node:http = ${(pgDescribe.rps / bare.rps).toFixed(2)}`);
    }

    for (const suite of suites) {
      if (only && !only.test(suite.name)) continue;
      const runs = new Map<Backend, SuiteRun>();
      for (const backend of backends) runs.set(backend, await runSuite(suite.name, backend, pg));
      console.log(`\n${suite.name} (in process, a child of its own per backend; peak RSS ${backends.map((b) => `${b} ${runs.get(b)!.processPeakRssMb.toFixed(0)} MB`).join(', ')}):`);
      const first = runs.get(backends[0]!)!.results;
      for (const [i, result] of first.entries()) {
        console.log(`  ${String(result.name)}`);
        for (const backend of backends) {
          const own = runs.get(backend)!.results[i];
          const named = own && own.name !== result.name ? ` (${String(own.name)})` : ''; // a name with its own figures or backend
          console.log(`    ${backend.padEnd(10)} ${figures(own)}${named}`);
        }
      }
    }
    console.log(`\nload average at the end ${load()}`);
  } finally {
    pg?.stop();
  }
}

await main();
