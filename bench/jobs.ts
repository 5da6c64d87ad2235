/**
 * Jobs benchmarks (issue 3): advancing the clock over 10,000 concurrent backup jobs to
 * completion, and ListBackupJobs / ListRecoveryPointsByBackupVault over 100,000 records with a
 * selective filter (first page of 100 and a deep page). bench/run.ts calls runJobsBench();
 * `node --import tsx bench/jobs.ts` runs it alone.
 */
import { performance } from 'node:perf_hooks';
import { CreateBackupVaultCommand, ListBackupJobsCommand, ListRecoveryPointsByBackupVaultCommand } from '@aws-sdk/client-backup';
import { startTestServer, ACCOUNT } from '../test/helpers/server.js';

export interface BenchResult {
  name: string;
  ms: number;
  targetMs: number;
}

const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;

export async function runJobsBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const t = await startTestServer();
  try {
    const scope = { accountId: ACCOUNT, region: 'us-east-1' };
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'bench' }));
    const svc = t.hf.services.jobs.backupJobs;
    const now = t.hf.clock.nowMs();
    for (let i = 0; i < 10_000; i++) {
      await svc.start(scope, now, { BackupVaultName: 'bench', ResourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${i.toString(16).padStart(8, '0')}`, IamRoleArn: ROLE });
    }
    let start = performance.now();
    await t.advance(86400);
    results.push({ name: 'advance the clock over 10,000 concurrent backup jobs to completion', ms: performance.now() - start, targetMs: 2000 });
    const done = await t.hf.store.jobs.list({ kind: 'backup', region: 'us-east-1', accountId: ACCOUNT, state: 'COMPLETED' }, 0, 20_000);
    if (done.length !== 10_000) throw new Error(`expected 10000 completed jobs, found ${done.length}`);

    // 100,000 jobs and recovery points; 1% of them match the selective filter.
    await t.admin('POST', '/reset');
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'bench' }));
    const jobs = t.hf.store.jobs;
    const points = t.hf.store.recoveryPoints;
    const base = t.hf.clock.nowMs();
    await t.hf.store.atomically(async () => {
      for (let i = 0; i < 100_000; i++) {
        const hot = i % 100 === 0;
        const resourceArn = `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${hot ? 'hot' : i.toString(16).padStart(8, '0')}`;
        await jobs.insert({ kind: 'backup', id: `J-${i}`, ...scope, state: hot ? 'FAILED' : 'COMPLETED', resourceArn, resourceType: 'EBS', vault: 'bench', creationDate: base + i, completionDate: base + i } as never);
        await points.insert([
          { arn: `arn:aws:ec2:us-east-1::snapshot/snap-${i}`, ...scope, vaultName: 'bench', resourceArn, resourceType: hot ? 'EFS' : 'EBS', status: 'COMPLETED', storageClass: 'WARM', creationDate: base + i, vaultArn: 'x', resourceName: 'x', completionDate: base + i, backupSizeInBytes: 1, iamRoleArn: ROLE, encryptionKeyArn: 'k', vaultType: 'BACKUP_VAULT', restoreMetadata: {}, createdByJobId: `J-${i}` } as never,
        ]);
      }
    });
    const timed = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
      await fn(); // warm the statement cache
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        start = performance.now();
        await fn();
        runs.push(performance.now() - start);
      }
      results.push({ name: `${name} (median of 7, through the SDK over HTTP)`, ms: runs.sort((a, b) => a - b)[3]!, targetMs: 10 });
    };
    const deepJobs = async (): Promise<string | undefined> => {
      let token: string | undefined;
      for (let i = 0; i < 9; i++) token = (await t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', MaxResults: 100, NextToken: token }))).NextToken;
      return token;
    };
    const jobsToken = await deepJobs();
    await timed('ListBackupJobs state=FAILED over 100,000 jobs, first page of 100', () => t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', MaxResults: 100 })));
    await timed('ListBackupJobs state=FAILED over 100,000 jobs, 10th page of 100', () => t.client.send(new ListBackupJobsCommand({ ByState: 'FAILED', MaxResults: 100, NextToken: jobsToken })));
    let rpToken: string | undefined;
    for (let i = 0; i < 9; i++) {
      rpToken = (await t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'bench', ByResourceType: 'EFS', MaxResults: 100, NextToken: rpToken }))).NextToken;
    }
    await timed('ListRecoveryPointsByBackupVault type=EFS over 100,000 points, first page of 100', () =>
      t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'bench', ByResourceType: 'EFS', MaxResults: 100 })),
    );
    await timed('ListRecoveryPointsByBackupVault type=EFS over 100,000 points, 10th page of 100', () =>
      t.client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'bench', ByResourceType: 'EFS', MaxResults: 100, NextToken: rpToken })),
    );
  } finally {
    await t.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runJobsBench()) {
    console.log(`${r.ms <= r.targetMs ? 'ok  ' : 'SLOW'} ${r.ms.toFixed(1).padStart(8)} ms (target ${r.targetMs} ms)  ${r.name}`);
  }
}
