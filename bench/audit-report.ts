/**
 * Bench: a BACKUP_JOB_REPORT over 1,000,000 real job rows of the jobs table (3 accounts x 2
 * Regions), run as a report job of a cross-account, cross-Region report plan: the rows stream in
 * keyset batches from the store (SQLite, or PostgreSQL under HOLDFAST_TEST_BACKEND=postgres) into the local S3 folder as CSV. Targets: under 20 s, peak RSS
 * under 300 MB. A child process seeds the database first (so its memory does not count), then
 * this process opens it, starts the report job and times it.
 * Run alone: node --import tsx bench/audit-report.ts [jobs] [--reuse DIR]. bench/run.ts may call benchAuditReport().
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackupClient, CreateReportPlanCommand, DescribeReportJobCommand, StartReportJobCommand } from '@aws-sdk/client-backup';
import { startHoldfast } from '../src/app.js';
import type { BackupJobRecord } from '../src/services/common/job-record.js';
import { freshDatabase } from '../test/helpers/postgres.js';
import { TEST_BACKEND } from '../test/helpers/server.js';

const START = new Date('2026-01-02T00:00:00Z');
const ACCOUNTS = ['100000000001', '100000000002', '100000000003'];
const REGIONS = ['us-east-1', 'us-west-2'];

function job(i: number, count: number, toMs: number): BackupJobRecord {
  const accountId = ACCOUNTS[i % 3]!;
  const region = REGIONS[Math.floor(i / 3) % 2]!;
  // Jobs are inserted as they are created: spread evenly over the day before the report.
  const created = toMs - 86_400_000 + Math.floor((i * 86_000_000) / count);
  const id = `${i.toString(16).padStart(8, '0').toUpperCase()}-0000-4000-8000-000000000000`;
  const resourceName = `vol-${i.toString(16).padStart(17, '0')}`;
  const vaultArn = `arn:aws:backup:${region}:${accountId}:backup-vault:Default`;
  const failed = i % 97 === 0;
  return {
    kind: 'backup', id, accountId, region, state: failed ? 'FAILED' : 'COMPLETED', resourceArn: `arn:aws:ec2:${region}:${accountId}:volume/${resourceName}`,
    resourceType: 'EBS', resourceName, vault: 'Default', vaultArn, vaultType: 'BACKUP_VAULT', encryptionKeyArn: `arn:aws:kms:${region}:${accountId}:key/00000000-0000-4000-8000-000000000000`,
    iamRoleArn: `arn:aws:iam::${accountId}:role/AWSBackupDefaultServiceRole`, recoveryPointArn: `arn:aws:ec2:${region}::snapshot/snap-${i.toString(16).padStart(17, '0')}`,
    creationDate: created, startAt: created, startBy: created + 8 * 3_600_000, startedAt: created, completionDate: created + 300_000, durationMs: 300_000,
    sizeBytes: 8_589_934_592, outcome: failed ? 'FAILED' : 'COMPLETED', messageCategory: failed ? 'InternalFailure' : 'SUCCESS',
    statusMessage: failed ? 'The backup failed.' : undefined, lifecycle: { DeleteAfterDays: 35 },
    createdBy: { BackupPlanId: 'plan-1', BackupPlanArn: `arn:aws:backup:${region}:${accountId}:backup-plan:plan-1`, BackupPlanName: 'daily', BackupPlanVersion: 'v1', BackupRuleId: 'rule-1', BackupRuleName: 'daily', BackupRuleCron: 'cron(0 5 ? * * *)', BackupRuleTimezone: 'Etc/UTC' },
    initiationDate: created,
  };
}

/** Where the state lives: the data dir's SQLite file, or a PostgreSQL database (reports land in the data dir either way). */
const storageOf = (dataDir: string, database: string | undefined) => (database ? { database, dataDir } : { dataDir });

/** Child process: creates the schema, the vaults and the organization, and inserts the jobs. */
async function seed(dataDir: string, count: number, database: string | undefined): Promise<void> {
  const started = performance.now();
  const hf = await startHoldfast({ port: 0, ...storageOf(dataDir, database), frozenClock: true, startTime: START });
  try {
    await hf.store.docs('audit-organization').put({ accountId: 'global', region: 'global' }, 'organization', {
      managementAccountId: ACCOUNTS[0], delegatedAdministrators: [], organizationalUnits: [], accounts: ACCOUNTS.slice(1),
    });
    for (const accountId of ACCOUNTS) {
      for (const region of REGIONS) {
        const c = new BackupClient({ endpoint: hf.url, region, credentials: { accessKeyId: accountId, secretAccessKey: 'x' } });
        await c.send(new (await import('@aws-sdk/client-backup')).CreateBackupVaultCommand({ BackupVaultName: 'Default' }));
        c.destroy();
      }
    }
    const jobs = hf.store.jobs;
    const toMs = START.getTime();
    for (let from = 0; from < count; from += 50_000) {
      await hf.store.atomically(async () => {
        for (let i = from; i < Math.min(count, from + 50_000); i++) await jobs.insert(job(i, count, toMs));
      });
    }
  } finally {
    await hf.close();
  }
  process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)}\n`);
}

export interface AuditReportResult {
  name: string;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  bytes: number;
  seedSeconds: number;
}

/** Seeds `dir` with `jobs` jobs in a child process (its memory does not count); answers the seconds it took. */
function seedInChild(dir: string, jobs: number, database: string | undefined): number {
  const child = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', fileURLToPath(import.meta.url), '--seed', dir, String(jobs), ...(database ? [database] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`seeding failed: ${child.stderr}`);
  return Number(child.stdout.trim().split('\n').pop());
}

/**
 * Opens a seeded data dir and times the report job. Peak RSS is the kernel's high-water mark of
 * this process (ru_maxrss), so run it in a fresh process (bench/run.ts runs each suite in its own).
 */
async function measureReport(dir: string, jobs: number, seedSeconds: number, database: string | undefined): Promise<AuditReportResult> {
  const hf = await startHoldfast({ port: 0, ...storageOf(dir, database), frozenClock: true, startTime: START });
  const mgmt = new BackupClient({ endpoint: hf.url, region: 'us-east-1', credentials: { accessKeyId: ACCOUNTS[0]!, secretAccessKey: 'x' } });
  try {
    await fetch(`${hf.url}/_holdfast/buckets/bench`, { method: 'PUT' });
    await mgmt.send(
      new CreateReportPlanCommand({
        ReportPlanName: 'bench',
        ReportDeliveryChannel: { S3BucketName: 'bench', Formats: ['CSV'] },
        ReportSetting: { ReportTemplate: 'BACKUP_JOB_REPORT', Accounts: ['ROOT'], Regions: REGIONS },
      }),
    );
    const { ReportJobId } = await mgmt.send(new StartReportJobCommand({ ReportPlanName: 'bench' }));
    await hf.engine.advanceTo(hf.clock.nowMs() + 60_000); // CREATED -> RUNNING
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await hf.engine.advanceTo(hf.clock.nowMs() + 60_000); // RUNNING -> the report is written
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time (user + system) of this process: steadier than wall time on a busy machine.
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const report = (await mgmt.send(new DescribeReportJobCommand({ ReportJobId }))).ReportJob!;
    if (report.Status !== 'COMPLETED') throw new Error(`report job ${report.Status}: ${report.StatusMessage}`);
    const key = report.ReportDestination!.S3Keys![0]!;
    const bytes = statSync(join(dir, 's3', 'bench', ...key.split('/'))).size;
    return { name: `BACKUP_JOB_REPORT over ${jobs} jobs of the jobs table (3 accounts x 2 Regions, CSV, streamed)`, seconds, cpuSeconds, peakRssMb, bytes, seedSeconds };
  } finally {
    mgmt.destroy();
    await hf.close();
  }
}

/**
 * Seeds a temporary data dir and measures the report. With `reuse`, the seeded database is kept
 * in that folder (seeded once) and copied for each run, to measure changes quickly.
 */
export async function benchAuditReport(jobs = 1_000_000, reuse?: string): Promise<AuditReportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bench-'));
  // On PostgreSQL (HOLDFAST_TEST_BACKEND=postgres, as `npm run bench` runs it) a fresh database, never reused.
  const database = TEST_BACKEND === 'postgres' ? await freshDatabase() : undefined;
  try {
    let seedSeconds = 0;
    if (reuse && !database) {
      if (!existsSync(join(reuse, 'holdfast.sqlite'))) seedSeconds = seedInChild(reuse, jobs, undefined);
      cpSync(reuse, dir, { recursive: true });
    } else {
      seedSeconds = seedInChild(dir, jobs, database);
    }
    return await measureReport(dir, jobs, seedSeconds, database);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2] === '--seed') {
    await seed(process.argv[3]!, Number(process.argv[4]), process.argv[5]);
  } else {
    const reuseAt = process.argv.indexOf('--reuse');
    const count = process.argv[2] && !process.argv[2].startsWith('--') ? Number(process.argv[2]) : 1_000_000;
    const r = await benchAuditReport(count, reuseAt > 0 ? process.argv[reuseAt + 1] : undefined);
    console.log(
      `${r.name}: ${r.seconds.toFixed(1)} s (${r.cpuSeconds.toFixed(1)} s CPU), peak RSS ${r.peakRssMb.toFixed(0)} MB, ${(r.bytes / 1024 / 1024).toFixed(0)} MB written (targets: < 20 s, < 300 MB); seeding took ${r.seedSeconds.toFixed(1)} s`,
    );
  }
}
