/**
 * What the job summary operations share (ListBackupJobSummaries, ListCopyJobSummaries,
 * ListRestoreJobSummaries, ListScanJobSummaries): the days counted (the prior 14, or 7 for
 * SEVEN_DAYS) and their buckets (ONE_DAY: one per UTC day; otherwise one), ANY / AGGREGATE_ALL
 * per dimension, the grouping of the store's counts and the page of the result.
 */
import type { RequestContext } from '../context.js';
import type { TokenCodec } from '../pagination.js';
import { DAY_MS } from '../common/time.js';

/** The values of a dimension filter that name no value: ANY (each value apart) and AGGREGATE_ALL (all as one). */
export const SUMMARY_WILDCARDS: ReadonlySet<string> = new Set(['ANY', 'AGGREGATE_ALL']);

/** Epoch-ms bounds of the days a summary counts, [from, to), and the width of its buckets. */
export interface SummaryWindow {
  /** The start of today (UTC). */
  today: number;
  from: number;
  to: number;
  bucketMs: number;
}

export function summaryWindow(period: string, now: Date): SummaryWindow {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const days = period === 'SEVEN_DAYS' ? 7 : 14;
  return { today, from: today - (days - 1) * DAY_MS, to: today + DAY_MS, bucketMs: period === 'ONE_DAY' ? DAY_MS : days * DAY_MS };
}

/** The account whose jobs are counted: the caller's when none is asked, every account (undefined) for ANY and AGGREGATE_ALL. */
export function summaryAccount(wanted: string | undefined, ctx: RequestContext): string | undefined {
  return wanted === undefined ? ctx.accountId : SUMMARY_WILDCARDS.has(wanted) ? undefined : wanted;
}

/** A row's value in one dimension: its own (ANY, or no filter), AGGREGATE_ALL, or undefined when the filter leaves the row out. */
export function pickDimension(value: string, wanted: string | undefined): string | undefined {
  return wanted === undefined || wanted === 'ANY' ? value : wanted === 'AGGREGATE_ALL' ? 'AGGREGATE_ALL' : value === wanted ? value : undefined;
}

export interface SummaryGroup {
  /** The dimension values, in the order the caller gave them. */
  values: string[];
  count: number;
  startTime: Date;
  endTime: Date;
}

/**
 * Sums the count rows whose dimension values and bucket agree (a row with an undefined value is
 * left out), sorted by start time, then by the values in order.
 */
export function groupCounts<R extends { bucket: number; count: number }>(
  rows: R[],
  window: SummaryWindow,
  valuesOf: (row: R) => (string | undefined)[],
): SummaryGroup[] {
  const groups = new Map<string, SummaryGroup>();
  for (const r of rows) {
    const values = valuesOf(r);
    if (values.includes(undefined)) continue;
    const key = JSON.stringify([...values, r.bucket]);
    const g = groups.get(key);
    if (g) g.count += r.count;
    else {
      const start = window.from + r.bucket * window.bucketMs;
      groups.set(key, {
        values: values as string[],
        count: r.count,
        startTime: new Date(start),
        endTime: new Date(Math.min(start + window.bucketMs, window.to)),
      });
    }
  }
  return [...groups.values()].sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || compareValues(a.values, b.values));
}

function compareValues(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = a[i]!.localeCompare(b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * One page of summaries by offset: they are a small, bounded set (a few dimensions over at most
 * 14 days), so an offset into it is stable. The fingerprint binds the token to the query and day.
 */
export function summaryPage<T>(tokens: TokenCodec, fingerprint: string, all: T[], nextToken: string | undefined, limit: number): { items: T[]; nextToken?: string } {
  const offset = tokens.decode<number>(fingerprint, nextToken) ?? 0;
  const items = all.slice(offset, offset + limit);
  return { items, nextToken: offset + limit < all.length ? tokens.encode(fingerprint, offset + limit) : undefined };
}
