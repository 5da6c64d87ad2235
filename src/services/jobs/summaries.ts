/**
 * ListBackupJobSummaries, ListCopyJobSummaries and ListRestoreJobSummaries: job counts by
 * account, state, resource type and message category over the prior 14 days (ONE_DAY: one
 * bucket per UTC day; SEVEN_DAYS / FOURTEEN_DAYS: one bucket). For each dimension, ANY (the
 * default) counts every value separately and AGGREGATE_ALL sums them into one.
 */
import type { JobKind, JobsStore } from '../../store/repos/jobs-store.js';
import type { RequestContext } from '../context.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { groupCounts, pickDimension, summaryAccount, summaryPage, summaryWindow } from './summary-counts.js';

type Period = 'ONE_DAY' | 'SEVEN_DAYS' | 'FOURTEEN_DAYS';

interface SummaryQuery {
  AccountId?: string;
  State?: string;
  ResourceType?: string;
  MessageCategory?: string;
  AggregationPeriod?: string;
  MaxResults?: number;
  NextToken?: string;
}

export interface Summary {
  Region: string;
  AccountId: string;
  State: string;
  ResourceType: string;
  MessageCategory?: string;
  Count: number;
  StartTime: Date;
  EndTime: Date;
}

export class JobSummaries {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
  ) {}

  async summarize(kind: JobKind, input: SummaryQuery, ctx: RequestContext, withCategory: boolean): Promise<{ items: Summary[]; period: Period; nextToken?: string }> {
    const period = (input.AggregationPeriod ?? 'ONE_DAY') as Period;
    const window = summaryWindow(period, ctx.now);
    const rows = await this.jobs.counts(kind, ctx.region, summaryAccount(input.AccountId, ctx), window.from, window.to, window.bucketMs);
    const groups = groupCounts(rows, window, (r) => [
      pickDimension(r.accountId, input.AccountId),
      pickDimension(r.state, input.State),
      pickDimension(r.resourceType, input.ResourceType),
      withCategory ? pickDimension(r.messageCategory ?? '', input.MessageCategory) : '',
    ]);
    const all = groups.map(({ values: [acc, state, type, cat], count, startTime, endTime }): Summary => ({
      Region: ctx.region,
      AccountId: acc!,
      State: state!,
      ResourceType: type!,
      MessageCategory: withCategory ? cat || undefined : undefined,
      Count: count,
      StartTime: startTime,
      EndTime: endTime,
    }));
    const limit = pageSize(input.MaxResults, 'MaxResults', 500);
    const fingerprint = `summaries:${kind}:${JSON.stringify({ ...input, NextToken: undefined, MaxResults: undefined })}:${window.today}`;
    return { ...summaryPage(this.deps.tokens, fingerprint, all, input.NextToken, limit), period };
  }

  handlers(): Handlers {
    return {
      ListBackupJobSummaries: async (input, ctx) => {
        const r = await this.summarize('backup', input, ctx, true);
        return { BackupJobSummaries: r.items as never, AggregationPeriod: r.period, NextToken: r.nextToken };
      },
      ListCopyJobSummaries: async (input, ctx) => {
        const r = await this.summarize('copy', input, ctx, true);
        return { CopyJobSummaries: r.items as never, AggregationPeriod: r.period, NextToken: r.nextToken };
      },
      ListRestoreJobSummaries: async (input, ctx) => {
        const r = await this.summarize('restore', input, ctx, false);
        return { RestoreJobSummaries: r.items as never, AggregationPeriod: r.period, NextToken: r.nextToken };
      },
    };
  }
}
