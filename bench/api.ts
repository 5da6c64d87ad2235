/**
 * The public Node API used per test (README "Performance"): startHoldfast() in memory, from the
 * call to the resolved object (target 300 ms), the first call in a process and the later ones;
 * and reset() on a small state (target 50 ms): a few vaults, completed backups, a plan, an
 * inventory. Run by `npm run bench` (bench/scenarios/index.ts), in its own child process.
 */
import { performance } from 'node:perf_hooks';
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { startHoldfast, type Holdfast, type StartOptions } from '../src/index.js';
import { freshDatabase } from '../test/helpers/postgres.js';
import { TEST_BACKEND } from '../test/helpers/server.js';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const RUNS = 10;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** 5 vaults, 10 completed backups, a plan and 10 inventory entries. */
async function smallState(hf: Holdfast, backup: BackupClient): Promise<void> {
  const volumes = Array.from({ length: 10 }, (_, i) => `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${String(i).padStart(17, '0')}`);
  await hf.resources.put(volumes.map((arn) => ({ arn })));
  for (let v = 0; v < 5; v++) await backup.send(new CreateBackupVaultCommand({ BackupVaultName: `vault-${v}` }));
  for (const [i, arn] of volumes.entries()) {
    await backup.send(new StartBackupJobCommand({ BackupVaultName: `vault-${i % 5}`, ResourceArn: arn, IamRoleArn: ROLE }));
  }
  await backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: { BackupPlanName: 'daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'vault-0', ScheduleExpression: 'cron(0 5 ? * * *)' }] },
    }),
  );
  await hf.clock.advance('1h');
}

export async function benchApi(): Promise<object[]> {
  // On PostgreSQL (HOLDFAST_TEST_BACKEND=postgres) one database, migrated by the first start.
  const storage: StartOptions = TEST_BACKEND === 'postgres' ? { database: await freshDatabase() } : {};
  const where = storage.database ? 'on PostgreSQL' : 'in memory';
  const first = await timed(() => startHoldfast(storage));
  await first.value.close();
  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await timed(() => startHoldfast(storage));
    starts.push(run.ms);
    await run.value.close();
  }

  const hf = await startHoldfast({ frozenClock: true, ...storage });
  const backup = new BackupClient({ ...hf.clientConfig(ACCOUNT), maxAttempts: 1 });
  const resets: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      await smallState(hf, backup);
      const { ms } = await timed(() => hf.reset());
      if (i > 0) resets.push(ms); // the first reset of a process also prepares its statements
    }
  } finally {
    backup.destroy();
    await hf.close();
  }
  const start = median(starts);
  const reset = median(resets);
  return [
    { name: `startHoldfast() ${where}, first call in the process`, ms: first.ms, target: '< 300 ms', ok: first.ms < 300 },
    { name: `startHoldfast() ${where}, median of ${RUNS} later calls`, ms: start, target: '< 300 ms', ok: start < 300 },
    { name: `reset() on a small state (5 vaults, 10 backups, a plan), median of ${RUNS}`, ms: reset, max: Math.max(...resets), target: '< 50 ms', ok: reset < 50 },
  ];
}
