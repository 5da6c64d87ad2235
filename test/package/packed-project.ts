/**
 * A temporary project with Holdfast installed from its packed tarball, as a user installs it:
 * `npm pack` in this checkout, then `npm install` of that tarball and of the examples (copied in
 * as npm workspaces, their `holdfast` dependency pointed at the tarball), their dependencies from
 * the npm registry (npm's cache first). One pack and one install serve every package test.
 *
 * better-sqlite3's install script downloads its prebuilt binary from GitHub, which this sandbox
 * cannot reach (it would then compile SQLite for minutes). The project's install is pointed, by
 * prebuild-install's mirror setting (npm_config_better_sqlite3_binary_host), at a local server
 * holding the binary this checkout already has, packed as GitHub serves it. Nothing else differs
 * from a user's install.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/child.js';

export interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a child npm or node as a user's shell has it: without the npm variables of
 * the `npm test` running us, and without NODE_TEST_CONTEXT (with it, a `node --test` in the
 * child reports to a parent test runner instead of printing its results).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  return { ...env, ...extra };
}

/** Runs a command to its end, killing it (and failing) after `timeoutMs`: never a hang. */
export function exec(command: string, args: string[], cwd: string, timeoutMs = 120_000, env: Record<string, string> = {}): Promise<Exec> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} took more than ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fails with everything the command printed when it did not exit 0. */
export async function execOk(command: string, args: string[], cwd: string, timeoutMs?: number, env?: Record<string, string>): Promise<Exec> {
  const r = await exec(command, args, cwd, timeoutMs, env);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

export interface PackedProject {
  /** The tarball `npm pack` made. */
  tarball: string;
  /** The files in it. */
  files: string[];
  /** The project folder: holdfast and @aws-sdk/client-backup installed, the examples under examples/. */
  dir: string;
}

/** Serves better-sqlite3's binary from this checkout where prebuild-install looks for it. */
async function prebuiltBinaryMirror(work: string): Promise<{ host: string; close: () => Promise<void> }> {
  const pkg = join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const mirror = join(work, 'mirror');
  mkdirSync(join(mirror, `v${version}`), { recursive: true });
  await execOk('tar', ['-czf', join(mirror, `v${version}`, name), '-C', pkg, 'build/Release/better_sqlite3.node'], ROOT);
  const body = readFileSync(join(mirror, `v${version}`, name));
  const server = createServer((req, res) => {
    if (req.url === `/v${version}/${name}`) res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function packedProject(): Promise<PackedProject> {
  const work = mkdtempSync(join(tmpdir(), 'holdfast-package-'));
  // `npm pack` runs the prepare script (the build) first, as it does for a release.
  await execOk('npm', ['pack', '--pack-destination', work], ROOT, 300_000);
  const name = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!name) throw new Error(`npm pack left no tarball in ${work}`);
  const tarball = join(work, name);
  const files = (await execOk('tar', ['-tzf', tarball], work)).stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));

  const dir = join(work, 'project');
  const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  mkdirSync(dir);
  cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  const examples = readdirSync(join(dir, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const example of examples) {
    const path = join(dir, 'examples', example.name, 'package.json');
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as { devDependencies: Record<string, string> };
    pkg.devDependencies.holdfast = `file:${tarball}`;
    writeFileSync(path, JSON.stringify(pkg, null, 2));
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'holdfast-user',
        private: true,
        type: 'module',
        workspaces: examples.map((e) => `examples/${e.name}`),
        dependencies: { holdfast: `file:${tarball}`, '@aws-sdk/client-backup': rootPkg.dependencies['@aws-sdk/client-backup'] },
      },
      null,
      2,
    ),
  );
  const mirror = await prebuiltBinaryMirror(work);
  try {
    await execOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir, 480_000, { npm_config_better_sqlite3_binary_host: mirror.host });
  } finally {
    await mirror.close();
  }
  return { tarball, files, dir };
}
