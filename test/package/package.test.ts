/**
 * The installable package: `npm pack`, installed into an empty project from the registry, gives
 * the library API (with its types) and the `holdfast` command; the examples and the README's
 * first-screen snippets run against it. One pack and one install (packed-project.ts) for all.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { README, readmeSnippet } from '../helpers/readme.js';
import { cleanEnv, exec, execOk, packedProject, type PackedProject } from './packed-project.js';

/** Every .d.ts that dist/index.d.ts reaches through relative imports and exports. */
function declarationClosure(dist: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(dist, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) visit(normalize(join(dirname(file), `${m[1]}.d.ts`)));
  };
  visit('index.d.ts');
  return [...seen].sort();
}

describe('the packed package', { timeout: 900_000 }, () => {
  let p: PackedProject;
  let installed: string;
  before(async () => {
    p = await packedProject();
    installed = join(p.dir, 'node_modules', 'holdfast');
  });
  after(() => {
    if (p) rmSync(dirname(p.tarball), { recursive: true, force: true });
  });

  it('ships compiled JavaScript, the command and the public types, no sources and no tests', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/holdfast.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/app.js']) {
      assert.ok(p.files.includes(f), `${f} is in the tarball`);
    }
    const stray = p.files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$|LICENSE$)/.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')));
    assert.deepEqual(stray, []);
  });

  it('installs with its runtime dependencies only, nothing built at install time', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts?: object };
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@aws-sdk/client-backup', '@aws-sdk/client-eventbridge', '@aws-sdk/client-s3', '@aws-sdk/client-sns', '@smithy/node-http-handler', '@smithy/signature-v4', 'better-sqlite3', 'pg']);
    // No sources and no tsconfig: nothing could be compiled here (a prepare script run at install would have failed the install).
    assert.equal(existsSync(join(installed, 'src')), false);
    assert.equal(existsSync(join(installed, 'tsconfig.build.json')), false);
    assert.ok(existsSync(join(p.dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
  });

  it('declares the public API without the server internals', () => {
    const dist = join(installed, 'dist');
    const closure = declarationClosure(dist);
    assert.deepEqual(
      closure.filter((f) => f !== 'index.d.ts' && !f.startsWith('api/')),
      [],
      'the public declarations reach only dist/api/',
    );
    for (const f of closure) {
      assert.ok(existsSync(join(dist, f)), `${f} is shipped`);
      assert.doesNotMatch(readFileSync(join(dist, f), 'utf8'), /SqliteStore|ServiceDeps|Services\b|Engine\b/, `${f} names no internal type`);
    }
  });

  it('runs a script through the documented API, in plain Node', async () => {
    writeFileSync(
      join(p.dir, 'smoke.mjs'),
      `import { BackupClient, CreateBackupVaultCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { startHoldfast } from 'holdfast';
const hf = await startHoldfast({ frozenClock: true, startTime: '2026-01-01T00:00:00Z' });
const backup = new BackupClient(hf.clientConfig());
await backup.send(new CreateBackupVaultCommand({ BackupVaultName: 'smoke' }));
const now = await hf.clock.advance('30d');
const { BackupVaultList } = await backup.send(new ListBackupVaultsCommand({}));
console.log(JSON.stringify({ vaults: BackupVaultList.map((v) => v.BackupVaultName), now }));
await hf.close();
`,
    );
    const r = await execOk(process.execPath, ['smoke.mjs'], p.dir, 60_000);
    assert.deepEqual(JSON.parse(r.stdout), { vaults: ['smoke'], now: '2026-01-31T00:00:00.000Z' });
  });

  it('gives the holdfast command, which serves as the README says', async () => {
    const help = await execOk('npx', ['--no-install', 'holdfast', '--help'], p.dir, 60_000);
    assert.match(help.stdout, /^Usage:\n {2}holdfast serve \[options\]/);
    const { code, line } = readmeSnippet('serve');
    const args = code.split(/\s+/);
    assert.deepEqual(args.slice(0, 3), ['npx', 'holdfast', 'serve'], `README.md line ${line}`);
    // The README's port may be taken on this machine: the test asks for a free one instead. The
    // command is the one npx runs (node_modules/.bin/holdfast), started directly so that the
    // signal below reaches the server itself.
    const port = args.indexOf('--port');
    if (port > 0) args[port + 1] = '0';
    const child = spawn(join(p.dir, 'node_modules', '.bin', 'holdfast'), args.slice(2), { cwd: p.dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const [url, consoleUrl] = await new Promise<[string, string]>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no banner within 30 s: ${out}`)), 30_000);
        void exited.then((c) => reject(new Error(`holdfast serve exited with ${c}`)));
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /Holdfast listening on (http:\/\/\S+).*\n(?:.*\n)*?Holdfast console: (http:\/\/\S+)\n/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve([m[1]!, m[2]!]);
          }
        });
      });
      assert.equal((await (await fetch(`${url}/_holdfast/clock`)).json()).frozen, true);
      // The console ships built, and serve says where it is.
      assert.equal(consoleUrl, `${url}/_holdfast/ui/`);
      const page = await fetch(consoleUrl);
      assert.equal(page.status, 200);
      const script = /src="(\/_holdfast\/ui\/assets\/[^"]+\.js)"/.exec(await page.text());
      assert.ok(script, 'index.html loads its bundle');
      assert.equal((await fetch(`${url}${script[1]!}`)).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, 'SIGTERM stops the server cleanly');
  });

  it("runs the README's Node snippet", async () => {
    const { code, line } = readmeSnippet('node-api');
    writeFileSync(join(p.dir, 'readme-node-api.mts'), code);
    const r = await exec('npx', ['--no-install', 'tsx', 'readme-node-api.mts'], p.dir, 60_000);
    assert.equal(r.code, 0, `README.md line ${line}: ${r.stderr}`);
    assert.equal(r.stdout, "[ 'vault' ]\n");
  });

  it('runs the vitest example: one server for the run, an account per test', async () => {
    const r = await exec('npx', ['--no-install', 'vitest', 'run'], join(p.dir, 'examples', 'vitest'), 120_000, { NO_COLOR: '1' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tests\s+4 passed \(4\)/);
  });

  it('runs the node:test example', async () => {
    const r = await exec('npm', ['test'], join(p.dir, 'examples', 'node-test'), 60_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /# pass 2\n# fail 0/);
  });

  it('type-checks and runs the legal-hold workflow program', async () => {
    const dir = join(p.dir, 'examples', 'legal-hold');
    const check = await exec('npm', ['run', 'typecheck'], dir, 120_000);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const r = await exec('npm', ['start', '--silent'], dir, 60_000);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, 'legal-hold workflow: OK\n');
  });

  it('shows the three ways to run Holdfast on the first screen of the README', () => {
    const lines = ['serve', 'node-api', 'pytest'].map((name) => readmeSnippet(name).line);
    assert.ok(Math.max(...lines) < 45, `snippets at README.md lines ${lines.join(', ')}`);
    assert.match(README, /^# Holdfast\n\n```sh\nnpm ci && npm start .*\nnpm test /);
  });
});
