/**
 * POST /_holdfast/reset (and moto's /moto-api/reset) wipes the data and puts the clock back as
 * the server started: at --start-time (frozen with --frozen-clock), or real time, running; the
 * reset clock is what a restart on the same data folder resumes. A reset waits for engine work
 * in progress, so no worker writes into the wiped store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreateBackupVaultCommand, DescribeBackupVaultCommand, ListBackupVaultsCommand } from '@aws-sdk/client-backup';
import { startHoldfast } from '../../src/app.js';
import { startTestServer, T0, type TestServer } from '../helpers/server.js';

const DAY = 86_400;

const clockOf = async (t: TestServer): Promise<{ now: number; frozen: boolean }> => {
  const { json } = await t.admin('GET', '/clock');
  return { now: Date.parse(json.now), frozen: json.frozen };
};

/** 400 days on, a vault made then, and the reset through `path`. */
async function travelAndReset(t: TestServer, path: string): Promise<void> {
  assert.equal((await t.admin('POST', '/clock', { advanceSeconds: 400 * DAY })).status, 200);
  await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
  const res = await fetch(`${t.url}${path}`, { method: 'POST' });
  assert.equal(res.status, 200);
  assert.deepEqual((await t.client.send(new ListBackupVaultsCommand({}))).BackupVaultList, []);
}

describe('reset and the clock', () => {
  for (const path of ['/_holdfast/reset', '/moto-api/reset']) {
    it(`puts a frozen clock back at its start time (${path})`, async () => {
      const t = await startTestServer();
      try {
        await travelAndReset(t, path);
        assert.deepEqual(await clockOf(t), { now: T0.getTime(), frozen: true });
        await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
        const vault = await t.client.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }));
        assert.equal(vault.CreationDate?.toISOString(), T0.toISOString());
      } finally {
        await t.close();
      }
    });
  }

  it('puts a running clock back at its start time, running', async () => {
    const t = await startTestServer({ frozenClock: false });
    try {
      await travelAndReset(t, '/_holdfast/reset');
      const { now, frozen } = await clockOf(t);
      assert.equal(frozen, false);
      assert.ok(now >= T0.getTime() && now < T0.getTime() + 60_000, `running from ${T0.toISOString()} again, not ${new Date(now).toISOString()}`);
    } finally {
      await t.close();
    }
  });

  it('puts a clock without a start time back at real time, running, even after freezing it', async () => {
    const t = await startTestServer({ frozenClock: false, startTime: undefined });
    try {
      assert.equal((await t.admin('POST', '/clock', { frozen: true })).status, 200);
      await travelAndReset(t, '/_holdfast/reset');
      const { now, frozen } = await clockOf(t);
      assert.equal(frozen, false);
      assert.ok(Math.abs(now - Date.now()) < 60_000, `real time, not ${new Date(now).toISOString()}`);
    } finally {
      await t.close();
    }
  });

  it('saves the reset clock: a restart on the same data resumes it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'holdfast-reset-'));
    try {
      const first = await startTestServer({ dataDir, inMemory: false });
      await travelAndReset(first, '/_holdfast/reset');
      await first.close();
      const second = await startHoldfast({ port: 0, dataDir });
      try {
        assert.deepEqual(second.clock.state(), { frozenAtMs: T0.getTime() });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('waits for the engine work in progress, so nothing it writes outlives the reset', async () => {
    const t = await startTestServer();
    try {
      const docs = t.hf.store.docs<{ n: number }>('reset-test');
      const scope = { accountId: '111111111111', region: 'us-east-1' };
      let due: number | undefined = T0.getTime() + 1000;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let running!: () => void;
      const started = new Promise<void>((resolve) => (running = resolve));
      // Work that waits on real I/O, as the audit worker's report files do, then writes.
      t.hf.engine.register({
        name: 'reset-test',
        nextDue: async () => due,
        run: async () => {
          due = undefined;
          running();
          await gate;
          await docs.put(scope, 'written-by-work', { n: 1 });
        },
      });
      const advanced = t.hf.engine.advanceBy(60_000);
      // The work is in progress (each store call of the advance may be a round trip to a database server).
      await started;
      // The reset the admin route runs, called while the work is in progress.
      const reset = t.hf.reset();
      release();
      await Promise.all([advanced, reset]);
      assert.equal(await docs.get(scope, 'written-by-work'), undefined);
      assert.deepEqual(await clockOf(t), { now: T0.getTime(), frozen: true });
    } finally {
      await t.close();
    }
  });
});
