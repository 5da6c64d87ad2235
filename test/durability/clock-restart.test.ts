/**
 * The clock is state too: a server whose frozen clock was moved 400 days forward comes back
 * from kill -9 on the same day, still frozen; --start-time overrides what was saved.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startChild, type ChildServer } from '../helpers/child.js';

const clockOf = async (url: string): Promise<{ now: string; frozen: boolean }> =>
  (await fetch(`${url}/_holdfast/clock`)).json() as Promise<{ now: string; frozen: boolean }>;

describe('clock across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-clock-'));
  const servers: ChildServer[] = [];
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a frozen, advanced clock after kill -9; --start-time overrides it', async () => {
    const first = await startChild(['--port', '0', '--data-dir', dir, '--frozen-clock', '--start-time', '2026-01-01T00:00:00Z']);
    servers.push(first);
    const moved = await fetch(`${first.url}/_holdfast/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: 400 * 86400 }) });
    assert.equal(moved.status, 200);
    await first.kill('SIGKILL');

    const second = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(second);
    assert.deepEqual(await clockOf(second.url), { now: '2027-02-05T00:00:00.000Z', frozen: true });
    await second.kill('SIGKILL');

    const third = await startChild(['--port', '0', '--data-dir', dir, '--frozen-clock', '--start-time', '2030-01-01T00:00:00Z']);
    servers.push(third);
    assert.deepEqual(await clockOf(third.url), { now: '2030-01-01T00:00:00.000Z', frozen: true });
  });
});
