/**
 * The pytest plugin (python/) as a user gets it: built into a wheel with pip, installed into a
 * folder of its own, and its test suite (python/tests: the `holdfast` fixture, and inner pytest
 * sessions through pytester) run against this checkout's `holdfast` command. Skipped, saying so,
 * where python3 with pip, pytest and boto3 is missing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { python } from '../helpers/aws-clients.js';
import { ROOT, type Run } from '../helpers/child.js';

const missing =
  python === undefined
    ? 'python3 is not on PATH'
    : spawnSync(python, ['-c', 'import pip, pytest, boto3'], { encoding: 'utf8' }).status !== 0
      ? 'python3 lacks pip, pytest or boto3'
      : undefined;
if (missing) console.log(`# pytest plugin: ${missing}: its tests skipped`);

const PYTEST_TIMEOUT_MS = 240_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** This checkout's CLI: the compiled one when dist/ is newer than every source, else the sources through tsx. */
function holdfastCommand(): string {
  const compiled = join(ROOT, 'dist', 'cli', 'bin.js');
  let built = 0;
  try {
    built = statSync(compiled).mtimeMs;
  } catch {
    // not built
  }
  return built >= newestMtime(join(ROOT, 'src'))
    ? `"${process.execPath}" "${join(ROOT, 'bin', 'holdfast.js')}"`
    : // tsx by its resolved URL: pytester runs the inner sessions from temporary folders.
      `"${process.execPath}" --import ${import.meta.resolve('tsx')} "${join(ROOT, 'src', 'cli', 'bin.ts')}"`;
}

/** Runs a command in its own process group, killed whole (with the servers it started) after `timeoutMs`. */
function runGroup(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pytest-holdfast, the pytest plugin', { skip: missing ?? false }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'holdfast-pytest-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  // Without retries, pip asks an index it cannot reach once per package rather than five times.
  const pipEnv = { ...process.env, PIP_RETRIES: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' };
  // The suite starts its own servers: no endpoint of the environment applies.
  const pytestEnv = { ...process.env };
  delete pytestEnv.HOLDFAST_ENDPOINT;
  delete pytestEnv.AWS_ENDPOINT_URL_BACKUP;

  it('builds into a wheel that pip installs, and its own tests pass against this checkout', { timeout: PYTEST_TIMEOUT_MS + 120_000 }, async (t) => {
    const wheels = join(tmp, 'wheels');
    const built = await runGroup(python!, ['-m', 'pip', 'wheel', '--no-deps', '-w', wheels, join(ROOT, 'python')], pipEnv, tmp, 120_000);
    if (built.code !== 0 && /No matching distribution found for hatchling/.test(built.stderr)) {
      t.skip('pip finds no hatchling (the build backend) in any index it can reach');
      return;
    }
    assert.equal(built.code, 0, `pip wheel:\n${built.stdout}\n${built.stderr}`);
    const [wheel, ...more] = readdirSync(wheels);
    assert.match(wheel ?? '', /^pytest_holdfast-[\d.]+-py3-none-any\.whl$/);
    assert.deepEqual(more, []);

    const site = join(tmp, 'site');
    const installed = await runGroup(python!, ['-m', 'pip', 'install', '--no-deps', '--target', site, join(wheels, wheel!)], pipEnv, tmp, 60_000);
    assert.equal(installed.code, 0, `pip install:\n${installed.stdout}\n${installed.stderr}`);

    // From python/, where its pyproject.toml sets the test paths; the plugin comes from `site`
    // only (python/src is not on the path), found by pytest through its pytest11 entry point.
    const r = await runGroup(
      python!,
      ['-m', 'pytest', '-p', 'no:cacheprovider', '--basetemp', join(tmp, 'pytest'), '-q'],
      { ...pytestEnv, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: '1', HOLDFAST_COMMAND: holdfastCommand() },
      join(ROOT, 'python'),
      PYTEST_TIMEOUT_MS,
    );
    const out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.code, 0, out);
    // Every test collected passed: none failed, errored or was skipped.
    const summary = /^=* ?(\d+) passed in [\d.]+s/m.exec(r.stdout);
    assert.ok(summary, `no 'N passed' line alone:\n${out}`);
    assert.ok(Number(summary[1]) >= 60, `only ${summary[1]} tests ran:\n${out}`);
  });
});
