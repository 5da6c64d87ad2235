/**
 * A write that got a 200 survives `kill -9` of the server: a real child process with SQLite in
 * a temporary data folder is SIGKILLed in the middle of a stream of writes and restarted on the
 * same folder, and every acknowledged vault is there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BackupClient,
  CreateBackupVaultCommand,
  DescribeBackupVaultCommand,
  ListBackupVaultsCommand,
  paginateListBackupVaults,
} from '@aws-sdk/client-backup';
import { startChild, type ChildServer } from '../helpers/child.js';

const clientFor = (url: string): BackupClient =>
  new BackupClient({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' }, maxAttempts: 1 });

describe('durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-kill9-'));
  const servers: ChildServer[] = [];
  after(async () => {
    for (const s of servers) await s.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across kill -9 and a restart', async () => {
    const first = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(first);
    const client = clientFor(first.url);
    const acknowledged: { name: string; arn: string; created: Date }[] = [];
    // Eight writers in parallel; the server is killed while writes are in flight.
    let stop = false;
    let n = 0;
    const writer = async (): Promise<void> => {
      while (!stop) {
        const name = `vault-${n++}`;
        try {
          const out = await client.send(new CreateBackupVaultCommand({ BackupVaultName: name, BackupVaultTags: { n: name } }));
          acknowledged.push({ name, arn: out.BackupVaultArn!, created: out.CreationDate! });
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    const firstPage = await (async () => {
      while (acknowledged.length < 50) await new Promise((r) => setImmediate(r));
      return client.send(new ListBackupVaultsCommand({ MaxResults: 10 }));
    })();
    while (acknowledged.length < 300) await new Promise((r) => setImmediate(r));
    first.process.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.kill('SIGKILL');
    assert.equal(first.process.signalCode, 'SIGKILL');
    client.destroy();

    const second = await startChild(['--port', '0', '--data-dir', dir]);
    servers.push(second);
    const again = clientFor(second.url);
    try {
      const listed = new Set<string>();
      for await (const page of paginateListBackupVaults({ client: again, pageSize: 100 }, {})) {
        for (const v of page.BackupVaultList ?? []) listed.add(v.BackupVaultName!);
      }
      for (const v of acknowledged) assert.ok(listed.has(v.name), `acknowledged ${v.name} is missing after kill -9`);
      for (const v of acknowledged.slice(0, 20)) {
        const d = await again.send(new DescribeBackupVaultCommand({ BackupVaultName: v.name }));
        assert.equal(d.BackupVaultArn, v.arn);
        assert.deepEqual(d.CreationDate, v.created);
      }
      // A NextToken handed out before the crash is still valid: the signing secret is persisted too.
      const next = await again.send(new ListBackupVaultsCommand({ MaxResults: 10, NextToken: firstPage.NextToken }));
      assert.equal(next.BackupVaultList?.length, 10);
    } finally {
      again.destroy();
    }
  });
});
