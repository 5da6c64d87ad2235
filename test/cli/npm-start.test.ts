/**
 * `npm start`, the command the README gives: it compiles only what is out of date, and SIGTERM or
 * SIGINT to the npm process stops the server and frees its port (npm forwards the signal to its
 * script, whose shell has exec'd node).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, run } from '../helpers/child.js';

const STAMP = join(ROOT, 'dist', '.build-stamp');
const CONSOLE_STAMP = join(ROOT, 'dist', '.console-build-stamp');
const BUILD = join(ROOT, 'scripts', 'build.mjs');

interface NpmStart {
  npm: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
}

/** Runs `npm start -- --port 0 --data-dir DIR` and resolves once the server has printed its port. */
function npmStart(dataDir: string): Promise<NpmStart> {
  return new Promise((resolve, reject) => {
    // Its own process group, as a terminal gives a command (Ctrl-C signals the whole group).
    const npm = spawn('npm', ['start', '--', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const exited = new Promise<void>((r) => npm.once('exit', () => r()));
    let out = '';
    let err = '';
    npm.stderr.on('data', (c: Buffer) => (err += c.toString()));
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before the server was ready: ${err}`)));
    npm.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Holdfast listening on (http:\/\/\S+) \(port (\d+)\)$/m.exec(out);
      if (m) resolve({ npm, url: m[1]!, port: Number(m[2]), exited });
    });
  });
}

/** Waits for npm to exit, failing (rather than hanging) when it has not within 20 s. */
async function exitOf(s: NpmStart, signal: NodeJS.Signals): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`npm start still runs 20 s after ${signal}`)), 20_000);
  });
  try {
    await Promise.race([s.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether nothing listens on the port (binding it succeeds). */
const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** The modification time of every compiled file, and of the build stamp. */
function distTimes(): Map<string, number> {
  const times = new Map<string, number>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else times.set(path, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'dist'));
  return times;
}

describe('npm start', () => {
  const dirs: string[] = [];
  const started: NpmStart[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-npm-start-'));
    dirs.push(dir);
    return dir;
  };
  before(async () => {
    const build = await run(process.execPath, [BUILD, '--if-stale'], {}, ROOT);
    assert.equal(build.code, 0, build.stderr + build.stdout);
  });
  after(async () => {
    for (const s of started) {
      s.npm.kill('SIGKILL');
      await s.exited;
    }
    for (const dir of dirs) {
      // A server that outlived its npm (the failure under test) would keep this process alive.
      if (existsSync(join(dir, 'holdfast.pid'))) {
        try {
          process.kill(Number(readFileSync(join(dir, 'holdfast.pid'), 'utf8')), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const stops: [string, NodeJS.Signals, (s: NpmStart, signal: NodeJS.Signals) => void][] = [
    ['SIGTERM to the npm process', 'SIGTERM', (s, signal) => s.npm.kill(signal)],
    ['SIGINT to the npm process', 'SIGINT', (s, signal) => s.npm.kill(signal)],
    ['Ctrl-C (SIGINT to the process group)', 'SIGINT', (s, signal) => process.kill(-s.npm.pid!, signal)],
  ];
  for (const [how, signal, send] of stops) {
    it(`closes the server cleanly and frees its port on ${how}`, async () => {
      const dir = dataDir();
      const s = await npmStart(dir);
      started.push(s);
      assert.equal((await fetch(`${s.url}/_holdfast/health`)).status, 200);
      send(s, signal);
      await exitOf(s, signal);
      // npm exits once its script has: the server has closed and let go of its port.
      assert.equal(await portIsFree(s.port), true, `port ${s.port} is still taken after ${how}`);
      assert.equal(existsSync(join(dir, 'holdfast.pid')), false, 'the server closed (a clean close removes its pid file)');
    });
  }

  it('does not compile again when dist/ is up to date', async () => {
    const before = distTimes();
    assert.ok(before.has(STAMP));
    const s = await npmStart(dataDir());
    started.push(s);
    s.npm.kill('SIGTERM');
    await exitOf(s, 'SIGTERM');
    assert.deepEqual(distTimes(), before);
  });

  it('sees that a compile is due once a source is newer than the last build', async () => {
    const check = () => run(process.execPath, [BUILD, '--check'], {}, ROOT);
    assert.deepEqual(await check(), { code: 0, stdout: 'dist/ is up to date\n', stderr: '' });
    for (const [stamp, source] of [[STAMP, /^(src|package|tsconfig)/], [CONSOLE_STAMP, /^(console|src\/clock|package)/]] as const) {
      const { atime, mtime } = statSync(stamp);
      utimesSync(stamp, new Date(0), new Date(0)); // every input is newer than that
      try {
        const stale = await check();
        assert.equal(stale.code, 1);
        assert.match(stale.stdout, /^\S+ is newer than the last build\n$/);
        assert.match(stale.stdout, source, 'the build of that output is due');
      } finally {
        utimesSync(stamp, atime, mtime);
      }
    }
  });
});
