/**
 * ListScanJobSummaries: scan job counts by account, state, resource type, scanner and result
 * over the prior 14 days, like the other job summaries (ONE_DAY: one bucket per UTC day;
 * SEVEN_DAYS / FOURTEEN_DAYS: one bucket). For each dimension, ANY (the default) counts every
 * value separately and AGGREGATE_ALL sums them into one.
 */
import type { ListScanJobSummariesInput, ScanJobSummary } from '@aws-sdk/client-backup';
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { RequestContext } from '../context.js';
import type { ServiceDeps } from '../deps.js';
import { groupCounts, pickDimension, summaryAccount, summaryPage, summaryWindow } from '../jobs/summary-counts.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';

/** The model's docs: "Range of accepted values is from 1 to 500". */
const MAX_SUMMARIES = 500;

type Summary = ScanJobSummary & { Count: number; StartTime: Date };

export class ScanJobSummaries {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: ScanJobsStore,
  ) {}

  async summarize(input: ListScanJobSummariesInput, ctx: RequestContext): Promise<{ items: Summary[]; period: string; nextToken?: string }> {
    const limit = pageSize(input.MaxResults, 'MaxResults', MAX_SUMMARIES);
    const period = input.AggregationPeriod ?? 'ONE_DAY';
    const window = summaryWindow(period, ctx.now);
    const rows = await this.jobs.counts(ctx.region, summaryAccount(input.AccountId, ctx), window.from, window.to, window.bucketMs);
    // Sorted by start time, account, state, type and result (the scanner, which has one value, last).
    const groups = groupCounts(rows, window, (r) => [
      pickDimension(r.accountId, input.AccountId),
      pickDimension(r.state, input.State),
      pickDimension(r.resourceType, input.ResourceType),
      // Jobs still CREATED or RUNNING have no result: they match no ScanResultStatus filter.
      r.scanResult === null ? (input.ScanResultStatus === undefined ? '' : undefined) : pickDimension(r.scanResult, input.ScanResultStatus),
      pickDimension(r.malwareScanner, input.MalwareScanner),
    ]);
    const all = groups.map(({ values: [acc, state, type, result, scanner], count, startTime, endTime }): Summary => ({
      Region: ctx.region,
      AccountId: acc,
      State: state as Summary['State'],
      ResourceType: type,
      MalwareScanner: scanner as Summary['MalwareScanner'],
      ScanResultStatus: (result || undefined) as Summary['ScanResultStatus'],
      Count: count,
      StartTime: startTime,
      EndTime: endTime,
    }));
    const fingerprint = `ListScanJobSummaries:${JSON.stringify({ ...input, NextToken: undefined, MaxResults: undefined })}:${window.today}`;
    return { ...summaryPage(this.deps.tokens, fingerprint, all, input.NextToken, limit), period };
  }

  handlers(): Handlers {
    return {
      ListScanJobSummaries: async (input, ctx) => {
        const r = await this.summarize(input, ctx);
        return { ScanJobSummaries: r.items, AggregationPeriod: r.period, NextToken: r.nextToken };
      },
    };
  }
}
