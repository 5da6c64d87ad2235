/**
 * `npm run bench`: builds Holdfast, measures time to healthy, then starts the server as a child
 * process (SQLite persistence on, in a temporary data folder) and loads it from a second child
 * process over loopback, scenario by scenario, then runs the in-process suites, each in its own
 * child process so that its peak RSS is its own (bench/scenarios/index.ts lists both).
 *
 * Options: --duration SECONDS (default 5) --warmup SECONDS (default 1) --connections N
 * (default 16) --only REGEX (scenario names) --no-build (use dist/ as it is) --polling-loader (the
 * load generator polls between answers instead of sleeping; see bench/load.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadConfig, LoadResult } from './load.js';
import type { BenchRequest } from './scenario.js';
import { scenarios, suites } from './scenarios/index.js';
import { freePort } from '../test/helpers/child.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '16' },
    only: { type: 'string' },
    'no-build': { type: 'boolean' },
    'polling-loader': { type: 'boolean' },
  },
});

interface Running {
  url: string;
  child: ChildProcess;
  dataDir: string;
  /** Milliseconds from spawn to the first 200 from /_holdfast/health. */
  healthyMs: number;
  stop(): Promise<void>;
}

type StartMode = 'npm start' | 'compiled' | 'tsx';

/** Spawns `holdfast serve` (through `npm start`, compiled, or through tsx) and polls health. */
async function startServer(mode: StartMode): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-bench-'));
  const port = await freePort();
  const serve = ['serve', '--port', String(port), '--data-dir', dataDir];
  const [command, args] =
    mode === 'npm start'
      ? ['npm', ['start', '--silent', '--', ...serve.slice(1)]]
      : [process.execPath, [...(mode === 'compiled' ? [join(ROOT, 'dist', 'cli', 'bin.js')] : ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts')]), ...serve]];
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/_holdfast/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 20_000) throw new Error('the server did not become healthy in 20 s');
    await new Promise((r) => setTimeout(r, 2));
  }
  const healthyMs = performance.now() - started;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    dataDir,
    healthyMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `node ARGS` from the project root and answers the JSON of the last line it printed on
 * stdout (a script may print progress before it); stderr goes to ours.
 */
function runChild<T>(args: string[], what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${what} exited with ${code}`));
      else resolve(JSON.parse(out.trimEnd().split('\n').pop()!) as T);
    });
  });
}

const runLoader = (config: LoadConfig): Promise<LoadResult> =>
  runChild(['--import', 'tsx', join(ROOT, 'bench', 'load.ts'), JSON.stringify(config)], 'the load generator');

/** Runs an in-process suite in a fresh child process (bench/suite-child.ts), so its peak RSS is its own. */
const runSuite = (name: string): Promise<{ results: object[]; processPeakRssMb: number }> =>
  runChild(['--no-warnings', '--import', 'tsx', join(ROOT, 'bench', 'suite-child.ts'), name], `the bench suite '${name}'`);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!values['no-build']) {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  console.log(`# Holdfast bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);

  const modes: StartMode[] = ['npm start', 'compiled', 'tsx'];
  const healthy = new Map(modes.map((m) => [m, [] as number[]]));
  for (const mode of modes) {
    for (let i = 0; i < 3; i++) {
      const s = await startServer(mode);
      healthy.get(mode)!.push(s.healthyMs);
      await s.stop();
    }
  }
  const ms = (mode: StartMode): string => `${median(healthy.get(mode)!).toFixed(0)} ms`;
  console.log(`time to healthy (spawn to first 200 from /_holdfast/health, median of 3, SQLite data dir):`);
  console.log(`  npm start (built): ${ms('npm start')}; node dist/cli/bin.js serve: ${ms('compiled')}; through tsx (npm run dev): ${ms('tsx')}`);

  const server = await startServer('compiled');
  const call = async (req: BenchRequest): Promise<{ status: number; body: string }> => {
    const res = await fetch(server.url + req.path, {
      method: req.method,
      body: req.body,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/backup/aws4_request, SignedHeaders=host, Signature=0' },
    });
    return { status: res.status, body: await res.text() };
  };
  const only = values.only ? new RegExp(values.only) : undefined;
  const rows: string[] = [];
  try {
    for (const scenario of scenarios) {
      // Setup always runs (later scenarios may rely on earlier data); only the load is filtered.
      await scenario.setup?.(call);
      if (only && !only.test(scenario.name)) continue;
      const result = await runLoader({
        url: server.url,
        scenario: scenario.name,
        connections: Number(values.connections),
        durationMs: Number(values.duration) * 1000,
        warmupMs: Number(values.warmup) * 1000,
        pollingLoader: values['polling-loader'],
      });
      const row = `| ${scenario.name} | ${result.rps.toLocaleString('en-US')} | ${result.p50Ms.toFixed(2)} | ${result.p99Ms.toFixed(2)} | ${result.errors} |`;
      rows.push(row);
      console.log(row + (result.firstError ? `  first error: ${result.firstError.slice(0, 200)}` : ''));
    }
  } finally {
    await server.stop();
  }
  const loader = values['polling-loader'] ? 'a polling loader' : 'a loader that sleeps between answers';
  console.log(`\n${values.connections} keep-alive connections from ${loader}, ${values.duration} s per scenario after ${values.warmup} s warm-up:\n`);
  console.log('| scenario | requests/s | p50 ms | p99 ms | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);

  for (const suite of suites) {
    if (only && !only.test(suite.name)) continue;
    const { results, processPeakRssMb } = await runSuite(suite.name);
    console.log(`\n${suite.name} (in process, its own child; peak RSS of that process ${processPeakRssMb.toFixed(0)} MB):`);
    for (const result of results) {
      console.log(`  ${Object.entries(result).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(2)) : String(v)}`).join('  ')}`);
    }
  }
}

await main();
