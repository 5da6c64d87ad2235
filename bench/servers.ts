/**
 * The processes `npm run bench` loads: Holdfast's `serve` on either backend (spawned through
 * `npm start`, compiled, or through tsx, timed until healthy) and the bare node:http baseline
 * (bench/bare-server.ts). PostgreSQL is a throwaway cluster (test/helpers/postgres.ts), each
 * server a fresh database of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/child.js';
import { freshDatabase } from '../test/helpers/postgres.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export type Backend = 'SQLite' | 'PostgreSQL';
export type StartMode = 'npm start' | 'compiled' | 'tsx';

export interface Running {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from /_holdfast/health (for the bare server, to its port). */
  healthyMs: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess, cleanup: () => void = () => undefined): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    child.kill('SIGTERM');
    await exited;
    cleanup();
  };
}

/**
 * Spawns `holdfast serve` (through `npm start`, compiled, or through tsx) on a backend and polls
 * health: SQLite in a temporary data folder, PostgreSQL in a fresh database of the bench's cluster.
 */
export async function startServer(mode: StartMode, backend: Backend): Promise<Running> {
  const dataDir = backend === 'SQLite' ? mkdtempSync(join(tmpdir(), 'holdfast-bench-')) : undefined;
  const storage = dataDir ? ['--data-dir', dataDir] : ['--database', await freshDatabase()];
  const port = await freePort();
  const serve = ['serve', '--port', String(port), ...storage];
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
    if (performance.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error('the server did not become healthy in 60 s');
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const healthyMs = performance.now() - started;
  return { url, child, healthyMs, stop: stopper(child, () => dataDir && rmSync(dataDir, { recursive: true, force: true })) };
}

/** Spawns the bare node:http server (bench/bare-server.ts) and waits for its port. */
export async function startBareServer(): Promise<Running> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'bare-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, healthyMs: performance.now() - started, stop: stopper(child) };
}
