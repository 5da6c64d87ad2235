/**
 * Where job reports get their rows: StoreJobSource reads the indexed job tables (the audit
 * module's `jobReportSource` port; tests hand a fake).
 */
import type { JobTemplate } from './records.js';

/** One report row: the template's column names (templates.ts) to values. Missing columns are written empty. */
export type ReportRow = Record<string, string | number | boolean | null | undefined | object>;

/**
 * What a report is written from: rows one by one, or batches of rows (an array per batch spares
 * a million-row report a promise per row).
 */
export type ReportRows = AsyncIterable<ReportRow | readonly ReportRow[]>;

export interface JobReportQuery {
  template: JobTemplate;
  /** The accounts the report covers (already resolved from Accounts, OUs and ROOT). */
  accounts: string[];
  /** The Regions the report covers, or every Region. */
  regions: string[] | 'ALL';
  /**
   * The report period (epoch ms, [fromMs, toMs)). AWS's job reports show the jobs that finished
   * in the period and every job still active at its end.
   */
  fromMs: number;
  toMs: number;
}

export interface JobSource {
  /**
   * Streams the matching jobs as rows, each with its own accountId and region (and dates as
   * ISO-8601 strings). Must stream: a report may cover millions of jobs, so the source reads its
   * table in keyset-ordered batches and never builds the whole result in memory. It may yield
   * each batch as an array.
   */
  rows(query: JobReportQuery): ReportRows;
}

/** Jobs per keyset query of a job report's source: measured on 1M jobs (bench/audit-report.ts),
 * smaller batches keep fewer parsed jobs alive across young-generation collections. */
export const REPORT_BATCH = 500;

/**
 * The jobs a report's period shows, in keyset batches of REPORT_BATCH: first those that ended in
 * the period or after it (`ended`, from a position), then those still open at its end (`open`,
 * after a seq), as the two stores of jobs answer them.
 */
export async function* periodBatches<J, P>(
  ended: (after: P | undefined, limit: number) => Promise<{ jobs: J[]; last?: P }>,
  open: (afterSeq: number, limit: number) => Promise<{ jobs: J[]; lastSeq?: number }>,
): AsyncGenerator<J[]> {
  let after: P | undefined;
  for (;;) {
    const { jobs, last } = await ended(after, REPORT_BATCH);
    if (jobs.length) yield jobs;
    if (jobs.length < REPORT_BATCH) break;
    after = last;
  }
  let afterSeq = 0;
  for (;;) {
    const { jobs, lastSeq } = await open(afterSeq, REPORT_BATCH);
    if (jobs.length) yield jobs;
    if (jobs.length < REPORT_BATCH) break;
    afterSeq = lastSeq!;
  }
}
