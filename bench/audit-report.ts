/**
 * Bench: a BACKUP_JOB_REPORT over 1,000,000 jobs, streamed from a synthetic JobSource into the
 * local S3 folder as CSV. Targets: under 20 s, peak RSS under 300 MB.
 * Run alone: node --import tsx bench/audit-report.ts [jobs]. bench/run.ts may call benchAuditReport().
 * Once the jobs domain exists, swap the synthetic source for its JobSource over a seeded store.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobReportQuery, JobSource, ReportRow } from '../src/services/audit/job-source.js';
import { reportKey, writeReport } from '../src/services/audit/report-writer.js';
import { LocalFolderSink, S3Root } from '../src/services/audit/sink.js';
import { TEMPLATE_COLUMNS } from '../src/services/audit/templates.js';

class SyntheticJobs implements JobSource {
  constructor(private readonly count: number) {}
  async *rows(q: JobReportQuery): AsyncIterable<ReportRow> {
    const regions = q.regions === 'ALL' ? ['us-east-1'] : q.regions;
    for (let i = 0; i < this.count; i++) {
      const accountId = q.accounts[i % q.accounts.length]!;
      const region = regions[i % regions.length]!;
      const created = new Date(q.fromMs + (i % 86_400) * 1000).toISOString();
      yield {
        accountId,
        region,
        backupJobId: `job-${i.toString(16).padStart(8, '0')}`,
        jobStatus: i % 97 === 0 ? 'FAILED' : 'COMPLETED',
        resourceType: 'EBS',
        resourceArn: `arn:aws:ec2:${region}:${accountId}:volume/vol-${i.toString(16).padStart(17, '0')}`,
        backupPlanArn: `arn:aws:backup:${region}:${accountId}:backup-plan:plan-1`,
        creationDate: created,
        completionDate: created,
        backupSizeInBytes: 8_589_934_592,
        backupVaultName: 'Default',
        backupVaultArn: `arn:aws:backup:${region}:${accountId}:backup-vault:Default`,
        isEncrypted: true,
        backupOptions: {},
        isParentJob: false,
      };
    }
  }
}

export async function benchAuditReport(jobs = 1_000_000): Promise<{ name: string; seconds: number; peakRssMb: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'holdfast-bench-'));
  try {
    const sink = new LocalFolderSink(new S3Root(dir));
    await sink.createBucket('bench');
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const toMs = Date.UTC(2026, 0, 2);
    const key = reportKey(undefined, 'us-east-1', toMs, 'bench', 'CSV');
    const rows = new SyntheticJobs(jobs).rows({ template: 'BACKUP_JOB_REPORT', accounts: ['111111111111', '222222222222', '333333333333'], regions: ['us-east-1', 'us-west-2'], fromMs: toMs - 86_400_000, toMs });
    await writeReport(sink, 'bench', [{ format: 'CSV', key }], TEMPLATE_COLUMNS.BACKUP_JOB_REPORT, rows, { reportTimePeriodStart: '2026-01-01T00:00:00Z', reportTimePeriodEnd: '2026-01-02T00:00:00Z' });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const bytes = statSync(join(dir, 's3', 'bench', ...key.split('/'))).size;
    return { name: `BACKUP_JOB_REPORT over ${jobs} jobs (CSV, streamed)`, seconds, peakRssMb: peak / 1024 / 1024, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchAuditReport(Number(process.argv[2] ?? 1_000_000));
  console.log(`${r.name}: ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB, ${(r.bytes / 1024 / 1024).toFixed(0)} MB written (targets: < 20 s, < 300 MB)`);
}
