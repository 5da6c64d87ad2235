/**
 * One server per data folder: a second `holdfast serve` on a folder a running server holds is
 * refused at once, naming the folder and the holder's pid; a holder killed with kill -9 blocks
 * nothing; a clean stop removes the pid file; a start-up that fails lets go of the folder.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startHoldfast } from '../../src/app.js';
import { runCli, startChild, type ChildServer } from '../helpers/child.js';

const pidIn = (dir: string): number => Number(readFileSync(join(dir, 'holdfast.pid'), 'utf8'));

describe('one server per data folder', () => {
  const dirs: string[] = [];
  const servers: ChildServer[] = [];
  const folder = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'holdfast-lock-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second serve on a folder a running server holds, naming the folder and the pid', async () => {
    const dir = folder();
    const first = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(first);
    assert.equal(pidIn(dir), first.process.pid);
    const second = await runCli(['serve', '--port', '0', '--data-dir', dir]);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '', 'the second server never listened');
    assert.equal(
      second.stderr,
      `holdfast: the data folder ${dir} is in use by another Holdfast server (pid ${first.process.pid}). ` +
        'One server uses a data folder at a time: stop that one, or give this server another --data-dir.\n',
    );
    assert.equal((await fetch(`${first.url}/_holdfast/health`)).status, 200, 'the first server is unharmed');
  });

  it('starts over a holder killed with kill -9 (stale pid file); a clean stop removes the pid file', async () => {
    const dir = folder();
    const first = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(first);
    await first.kill('SIGKILL');
    assert.equal(pidIn(dir), first.process.pid, 'kill -9 leaves the pid file behind');
    const second = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(second);
    assert.equal(pidIn(dir), second.process.pid);
    await second.kill('SIGTERM');
    assert.equal(second.process.exitCode, 0);
    assert.equal(existsSync(join(dir, 'holdfast.pid')), false);
  });

  it('lets go of the folder when the port is taken, so the same process can start again', async () => {
    const dir = folder();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as AddressInfo).port;
      await assert.rejects(startHoldfast({ port, dataDir: dir }), /EADDRINUSE/);
      const hf = await startHoldfast({ port: 0, dataDir: dir });
      await hf.close();
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('lets go of the folder when start-up fails after the store opened (a --resources file that is missing)', async () => {
    const dir = folder();
    await assert.rejects(startHoldfast({ port: 0, dataDir: dir, resourcesFile: join(dir, 'missing.json') }), /missing\.json/);
    const hf = await startHoldfast({ port: 0, dataDir: dir });
    await hf.close();
  });
});
