/**
 * Events survive kill -9 between commit and delivery: a child server whose webhook never answers
 * is SIGKILLed with every event committed and none delivered; restarted on the same data folder,
 * it delivers each of them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BackupClient, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { startChild, type ChildServer } from '../helpers/child.js';
import { startWebhook } from '../helpers/webhook.js';

describe('events across kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-events-kill9-'));
  const servers: ChildServer[] = [];
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers on restart what was committed but not delivered when the server died', async () => {
    const hook = await startWebhook();
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(503)));
    let attempts = 0;
    hook.answer = () => (attempts++, held); // the first server's deliveries never complete
    try {
      const first = await startChild(['--port', '0', '--data-dir', dir, '--frozen-clock', '--webhook', hook.url]);
      servers.push(first);
      const client = new BackupClient({ endpoint: first.url, region: 'eu-west-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });
      const names = Array.from({ length: 20 }, (_, i) => `vault-${i}`);
      for (const BackupVaultName of names) await client.send(new CreateBackupVaultCommand({ BackupVaultName }));
      client.destroy();
      const pending = (await (await fetch(`${first.url}/_holdfast/events?maxResults=1000`)).json());
      assert.equal(pending.events.length, 20);
      assert.ok(pending.events.every((e: any) => e.delivery.state === 'pending'));
      assert.ok(attempts > 0, 'the first server tried to deliver');
      await first.kill('SIGKILL');
      release();

      hook.answer = () => 200;
      const second = await startChild(['--port', '0', '--data-dir', dir, '--webhook', hook.url]);
      servers.push(second);
      await hook.waitFor(20);
      assert.deepEqual(new Set(hook.received.map((b) => b.payload.detail.backupVaultName)), new Set(names));
      const log = (await (await fetch(`${second.url}/_holdfast/events?maxResults=1000`)).json());
      assert.deepEqual(new Set(log.events.map((e: any) => e.delivery.state)), new Set(['delivered']));
    } finally {
      release();
      await hook.close();
    }
  });
});
