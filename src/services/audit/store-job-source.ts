/**
 * The JobSource over the jobs table: for every account and Region a report covers, the jobs
 * that finished in the period (or after it, having started before its end) and the jobs still
 * open, read in keyset batches so that memory stays flat however many jobs there are. Scan jobs
 * have their own table: SCAN_JOB_REPORT reads it through StoreScanJobSource, by the same rule.
 */
import type { AuditSourceStore, FinishedPosition } from '../../store/repos/audit-source-store.js';
import type { JobColumns, JobKind } from '../../store/repos/jobs-store.js';
import type { DocCollection } from '../../store/types.js';
import { parseVaultArn } from '../common/names.js';
import type { JobRecord } from '../jobs/job-record.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import { backupJobRow, copyJobRow, restoreJobRow } from './job-rows.js';
import { periodBatches, type JobReportQuery, type JobSource, type ReportRow } from './job-source.js';
import type { StoreScanJobSource } from './store-scan-job-source.js';

/** Rows per chunk handed to the writer (batch sizes: REPORT_BATCH in job-source.ts). */
const CHUNK = 100;
const KIND: Partial<Record<JobReportQuery['template'], JobKind>> = { BACKUP_JOB_REPORT: 'backup', COPY_JOB_REPORT: 'copy', RESTORE_JOB_REPORT: 'restore' };

/** The vault a job's row describes: where a backup or copy wrote, where a restore read. */
function vaultKeyOf(job: JobRecord): string | undefined {
  if (job.kind === 'backup') return `${job.accountId}/${job.region}/${job.vault}`;
  const parsed = parseVaultArn(job.vault);
  return parsed ? `${parsed.accountId}/${parsed.region}/${parsed.vaultName}` : undefined;
}

export class StoreJobSource implements JobSource {
  constructor(
    private readonly source: AuditSourceStore,
    private readonly vaults: DocCollection<VaultRecord>,
    /** The instant rows describe running jobs at (their run time so far, percent done). */
    private readonly nowMs: () => number,
    private readonly scans: StoreScanJobSource,
  ) {}

  async *rows(query: JobReportQuery): AsyncIterable<ReportRow[]> {
    const kind = KIND[query.template];
    if (!kind) {
      yield* this.scans.rows(query); // SCAN_JOB_REPORT
      return;
    }
    const vaults = new Map<string, VaultRecord | undefined>();
    const atMs = this.nowMs();
    for (const accountId of query.accounts) {
      const regions = query.regions === 'ALL' ? await this.source.jobRegions(kind, accountId) : query.regions;
      for (const region of regions) {
        for await (const batch of this.batches(kind, accountId, region, query)) {
          await this.loadVaults(batch, vaults);
          // Rows go out in small chunks: a promise per chunk rather than per row, and few rows
          // alive at once, so they die young (cheap for the garbage collector).
          for (let from = 0; from < batch.length; from += CHUNK) {
            const rows = new Array<ReportRow>(Math.min(CHUNK, batch.length - from));
            for (let i = 0; i < rows.length; i++) {
              const job = batch[from + i]!;
              rows[i] = this.row(job, vaults.get(vaultKeyOf(job) ?? ''), atMs);
            }
            yield rows;
          }
        }
      }
    }
  }

  private batches(kind: JobKind, accountId: string, region: string, q: JobReportQuery): AsyncGenerator<JobRecord[]> {
    return periodBatches<JobRecord, FinishedPosition>(
      (after, limit) => this.source.finishedJobs<JobRecord & JobColumns>(kind, accountId, region, q.fromMs, q.toMs, after, limit),
      (afterSeq, limit) => this.source.openJobs<JobRecord & JobColumns>(kind, accountId, region, q.toMs, afterSeq, limit),
    );
  }

  private async loadVaults(batch: JobRecord[], cache: Map<string, VaultRecord | undefined>): Promise<void> {
    if (cache.size > 10_000) cache.clear();
    for (const job of batch) {
      const key = vaultKeyOf(job);
      if (key === undefined || cache.has(key)) continue;
      const [accountId, region, name] = key.split('/') as [string, string, string];
      cache.set(key, await this.vaults.get({ accountId, region }, name));
    }
  }

  private row(job: JobRecord, vault: VaultRecord | undefined, atMs: number): ReportRow {
    switch (job.kind) {
      case 'backup':
        return backupJobRow(job, vault, atMs);
      case 'copy':
        return copyJobRow(job, vault, atMs);
      default:
        return restoreJobRow(job, vault, atMs);
    }
  }
}
