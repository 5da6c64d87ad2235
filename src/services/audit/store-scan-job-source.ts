/**
 * SCAN_JOB_REPORT's rows over the scan_jobs table: for every account and Region a report covers,
 * the scan jobs created before the period's end that ended in the period (or after it), then the
 * ones still open at its end, read in keyset batches so that memory stays flat.
 */
import type { ScanJobEndPosition, ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { ScanJobRecord } from '../scan/scan-job-record.js';
import { scanJobRow } from './job-rows.js';
import { periodBatches, type JobReportQuery, type ReportRow } from './job-source.js';

/** Rows per chunk handed to the writer, as for the jobs table (store-job-source.ts). */
const CHUNK = 100;

export class StoreScanJobSource {
  constructor(private readonly scans: ScanJobsStore) {}

  async *rows(query: JobReportQuery): AsyncGenerator<ReportRow[]> {
    for (const accountId of query.accounts) {
      const regions = query.regions === 'ALL' ? await this.scans.regionsOf(accountId) : query.regions;
      for (const region of regions) {
        for await (const batch of this.batches({ accountId, region }, query)) {
          for (let from = 0; from < batch.length; from += CHUNK) yield batch.slice(from, from + CHUNK).map(scanJobRow);
        }
      }
    }
  }

  private batches(scope: Scope, q: JobReportQuery): AsyncGenerator<ScanJobRecord[]> {
    return periodBatches<ScanJobRecord, ScanJobEndPosition>(
      (after, limit) => this.scans.endedSince<ScanJobRecord>(scope, q.fromMs, q.toMs, after, limit),
      (afterSeq, limit) => this.scans.openBefore<ScanJobRecord>(scope, q.toMs, afterSeq, limit),
    );
  }
}
