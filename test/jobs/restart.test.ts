/**
 * Kills a child-process server with SIGKILL in the middle of a job and starts it again on the
 * same data directory: the running job carries on, and nothing completed is lost.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BackupClient,
  CreateBackupVaultCommand,
  DescribeBackupJobCommand,
  DescribeBackupVaultCommand,
  DescribeRecoveryPointCommand,
  ListBackupJobsCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { ACCOUNT } from '../helpers/server.js';
import { ROLE, TABLE, VOLUME } from './fixtures.js';

interface Child {
  proc: ChildProcess;
  url: string;
  client: BackupClient;
}

async function spawnServer(dataDir: string, startTime: string): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'serve', '--port', '0', '--data-dir', dataDir, '--frozen-clock', '--start-time', startTime], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
  const client = new BackupClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'x' }, maxAttempts: 1 });
  return { proc, url, client };
}

async function post(url: string, path: string, body: unknown, method = 'POST'): Promise<any> {
  const res = await fetch(`${url}/_holdfast${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

async function kill(child: Child): Promise<void> {
  child.client.destroy();
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  child.proc.kill('SIGKILL');
  await exited;
}

describe('restart after kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-restart-'));
  const children: Child[] = [];
  after(async () => {
    for (const c of children) await kill(c);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps completed work and carries running jobs on', async () => {
    const first = await spawnServer(dir, '2026-01-01T00:00:00Z');
    children.push(first);
    await post(first.url, '/resources', { resources: [{ arn: VOLUME, backupDurationSeconds: 600 }, { arn: TABLE, backupDurationSeconds: 10 }] }, 'PUT');
    await first.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'v1' }));
    const long = await first.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: VOLUME, IamRoleArn: ROLE }));
    const short = await first.client.send(new StartBackupJobCommand({ BackupVaultName: 'v1', ResourceArn: TABLE, IamRoleArn: ROLE }));
    const clock = await post(first.url, '/clock', { advanceSeconds: 60 });
    assert.equal((await first.client.send(new DescribeBackupJobCommand({ BackupJobId: long.BackupJobId }))).State, 'RUNNING');
    const shortJob = await first.client.send(new DescribeBackupJobCommand({ BackupJobId: short.BackupJobId }));
    assert.equal(shortJob.State, 'COMPLETED');
    await kill(first);

    // The clock is not persisted: start the new server at the instant the old one died.
    const second = await spawnServer(dir, clock.now);
    children.push(second);
    const c = second.client;
    assert.equal((await c.send(new DescribeBackupJobCommand({ BackupJobId: short.BackupJobId }))).State, 'COMPLETED');
    assert.equal((await c.send(new DescribeRecoveryPointCommand({ BackupVaultName: 'v1', RecoveryPointArn: shortJob.RecoveryPointArn! }))).Status, 'COMPLETED');
    assert.equal((await c.send(new DescribeBackupJobCommand({ BackupJobId: long.BackupJobId }))).State, 'RUNNING');
    await post(second.url, '/clock', { advanceSeconds: 600 });
    const done = await c.send(new DescribeBackupJobCommand({ BackupJobId: long.BackupJobId }));
    assert.equal(done.State, 'COMPLETED');
    assert.deepEqual(done.CompletionDate, new Date('2026-01-01T00:10:00Z'));
    assert.equal((await c.send(new DescribeBackupVaultCommand({ BackupVaultName: 'v1' }))).NumberOfRecoveryPoints, 2);
    assert.equal((await c.send(new ListBackupJobsCommand({}))).BackupJobs!.length, 2);
  });
});
