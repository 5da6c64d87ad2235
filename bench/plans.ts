/**
 * Backup plans benchmark (issue 6): one year advanced over 10 daily plans x 100 resources each,
 * with lifecycle deletion at 35 days: about 365,000 backup jobs and as many recovery points
 * created, and all but the last 35 days' deleted; job records leave 30 days after their job
 * ended (services/jobs/job-window.ts: about 31,000 stay). The store is a SQLite file in a temporary
 * directory (as `holdfast serve` runs), so memory stays bounded; reports the peak RSS.
 * bench/run.ts calls runPlansBench(); `node --import tsx bench/plans.ts` runs it alone.
 * PLANS_BENCH_DAYS shortens the run, PLANS_BENCH_TRACE=1 prints progress every 10 days,
 * PLANS_BENCH_DIR picks the directory of the database file.
 *
 * Measured on the 2-core dev box (idle): 53-57 s for the year, peak RSS 261-267 MiB (58-60 s and
 * 280-306 MiB on a slower day, when the build of the previous session measured 58 s) (71 s and
 * 307 MiB before the WAL checkpoint interval went from 64 to 256 MiB); first 35 days ~150 ms a day, ~200 ms a day once
 * deletions start. Before the work of migration 015: 223 s at load average ~7. What it took:
 * engine group commits (one transaction per advance slice instead of one per worker and
 * instant), time-ordered job ids and recovery point ARNs (their UNIQUE indexes grow at the end),
 * two per-resource point indexes instead of five, vault point counts without per-row triggers,
 * UPDATEs that set only changed columns, no bound LIMIT/kind where SQLite would re-prepare per
 * call, and a scheduled job's first step taken before it is stored. What is left is mostly
 * index upkeep (jobs has 16 indexes, points 8) and WAL writes (~18 MB a day, ~4,500 pages).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateBackupPlanCommand, CreateBackupSelectionCommand, CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { startTestServer, ACCOUNT, TEST_BACKEND } from '../test/helpers/server.js';
import { sqliteDb } from '../test/helpers/sqlite-db.js';
import { freshDatabase, psql } from '../test/helpers/postgres.js';

export interface BenchResult {
  name: string;
  ms: number;
  targetMs: number;
  /** Extra figures to print (peak RSS, counts). */
  notes?: string;
}

const ROLE = `arn:aws:iam::${ACCOUNT}:role/AWSBackupDefaultServiceRole`;
const PLANS = 10;
const RESOURCES_PER_PLAN = 100;
/** PLANS_BENCH_DAYS shortens the run while profiling. */
const DAYS = Number(process.env.PLANS_BENCH_DAYS ?? 365);
const RETENTION_DAYS = 35;

export async function runPlansBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(process.env.PLANS_BENCH_DIR ?? tmpdir(), 'holdfast-plans-bench-'));
  // On PostgreSQL (HOLDFAST_TEST_BACKEND=postgres, as `npm run bench` runs it) a fresh database.
  const database = TEST_BACKEND === 'postgres' ? await freshDatabase() : undefined;
  const t = await startTestServer(database ? { database, inMemory: false } : { inMemory: false, dataDir: dir });
  try {
    await t.client.send(new CreateBackupVaultCommand({ BackupVaultName: 'bench' }));
    const resources = [];
    for (let p = 0; p < PLANS; p++) {
      for (let r = 0; r < RESOURCES_PER_PLAN; r++) {
        const id = (p * RESOURCES_PER_PLAN + r).toString(16).padStart(8, '0');
        resources.push({ arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-${id}`, tags: { plan: `p${p}` } });
      }
    }
    const put = await t.admin('PUT', '/resources', { resources });
    if (put.status !== 200) throw new Error(`PUT /resources answered ${put.status}`);
    for (let p = 0; p < PLANS; p++) {
      const plan = await t.client.send(
        new CreateBackupPlanCommand({
          BackupPlan: {
            BackupPlanName: `daily-${p}`,
            Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'bench', ScheduleExpression: 'cron(0 5 ? * * *)', Lifecycle: { DeleteAfterDays: RETENTION_DAYS } }],
          },
        }),
      );
      await t.client.send(
        new CreateBackupSelectionCommand({
          BackupPlanId: plan.BackupPlanId,
          BackupSelection: { SelectionName: 'tagged', IamRoleArn: ROLE, ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'plan', ConditionValue: `p${p}` }] },
        }),
      );
    }
    const start = performance.now();
    // A day at a time, as a long-running server would see it (the whole year in one advance works too).
    for (let d = 0; d < DAYS; d++) {
      await t.advance(86_400);
      if (process.env.PLANS_BENCH_TRACE && d % 10 === 9) console.log(`day ${d + 1}: ${(performance.now() - start).toFixed(0)} ms`);
    }
    const ms = performance.now() - start;

    const count = (sql: string): number => (database ? Number(psql(database, sql)) : (sqliteDb(t.hf.store).prepare(sql).pluck().get() as number));
    const jobs = count("SELECT count(*) FROM jobs WHERE kind = 'backup' AND state = 'COMPLETED'");
    const points = count('SELECT count(*) FROM recovery_points');
    // Job records leave 30 days after the job ended, at the next midnight (services/jobs/job-window.ts).
    const perDay = PLANS * RESOURCES_PER_PLAN;
    const [fewestJobs, mostJobs] = [Math.min(DAYS, 30) * perDay, Math.min(DAYS, 31) * perDay];
    const expectedPoints = Math.min(DAYS, RETENTION_DAYS) * perDay;
    if (jobs < fewestJobs || jobs > mostJobs) throw new Error(`expected ${fewestJobs} to ${mostJobs} completed backup job records, found ${jobs}`);
    if (points !== expectedPoints) throw new Error(`expected ${expectedPoints} recovery points left, found ${points}`);
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    return [
      {
        name: `advance ${DAYS === 365 ? 'one year' : `${DAYS} days`} over ${PLANS} daily plans x ${RESOURCES_PER_PLAN} resources (${(DAYS * perDay).toLocaleString('en')} jobs, ${(DAYS * perDay - points).toLocaleString('en')} points deleted at ${RETENTION_DAYS} days, ${jobs.toLocaleString('en')} job records left)`,
        ms,
        targetMs: 60_000,
        notes: `peak RSS ${peakMiB.toFixed(0)} MiB`,
      },
    ];
  } finally {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await runPlansBench()) {
    console.log(`${r.ms <= r.targetMs ? 'ok  ' : 'SLOW'} ${r.ms.toFixed(1).padStart(9)} ms (target ${r.targetMs} ms)  ${r.name}${r.notes ? `; ${r.notes}` : ''}`);
  }
}
