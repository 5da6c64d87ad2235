/**
 * ListBackupJobSummaries, ListCopyJobSummaries and ListRestoreJobSummaries: job counts by
 * account, state, resource type and message category over the prior 14 days (ONE_DAY: one
 * bucket per UTC day; SEVEN_DAYS / FOURTEEN_DAYS: one bucket). For each dimension, ANY (the
 * default) counts every value separately and AGGREGATE_ALL sums them into one.
 */
import type { JobKind, JobsStore } from '../../store/jobs-store.js';
import type { RequestContext } from '../context.js';
import type { ServiceDeps } from '../deps.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';
import { DAY_MS } from './job-record.js';

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

const WILD = new Set(['ANY', 'AGGREGATE_ALL']);

export class JobSummaries {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
  ) {}

  async summarize(kind: JobKind, input: SummaryQuery, ctx: RequestContext, withCategory: boolean): Promise<{ items: Summary[]; period: Period; nextToken?: string }> {
    const period = (input.AggregationPeriod ?? 'ONE_DAY') as Period;
    const today = Math.floor(ctx.now.getTime() / DAY_MS) * DAY_MS;
    const days = period === 'SEVEN_DAYS' ? 7 : 14;
    const from = today - (days - 1) * DAY_MS;
    const to = today + DAY_MS;
    const bucketMs = period === 'ONE_DAY' ? DAY_MS : days * DAY_MS;
    const account = input.AccountId === undefined ? ctx.accountId : WILD.has(input.AccountId) ? undefined : input.AccountId;
    const rows = await this.jobs.counts(kind, ctx.region, account, from, to, bucketMs);

    const pick = (value: string, wanted: string | undefined): string | undefined =>
      wanted === undefined || wanted === 'ANY' ? value : wanted === 'AGGREGATE_ALL' ? 'AGGREGATE_ALL' : value === wanted ? value : undefined;
    const groups = new Map<string, Summary>();
    for (const r of rows) {
      const acc = pick(r.accountId, input.AccountId === undefined ? undefined : input.AccountId);
      const state = pick(r.state, input.State);
      const type = pick(r.resourceType, input.ResourceType);
      const cat = withCategory ? pick(r.messageCategory ?? '', input.MessageCategory) : '';
      if (acc === undefined || state === undefined || type === undefined || cat === undefined) continue;
      const key = JSON.stringify([acc, state, type, cat, r.bucket]);
      const g = groups.get(key);
      if (g) g.Count += r.count;
      else {
        const start = from + r.bucket * bucketMs;
        groups.set(key, {
          Region: ctx.region,
          AccountId: acc,
          State: state,
          ResourceType: type,
          MessageCategory: withCategory ? cat || undefined : undefined,
          Count: r.count,
          StartTime: new Date(start),
          EndTime: new Date(Math.min(start + bucketMs, to)),
        });
      }
    }
    const all = [...groups.values()].sort(
      (a, b) => a.StartTime.getTime() - b.StartTime.getTime() || a.AccountId.localeCompare(b.AccountId) || a.State.localeCompare(b.State) || a.ResourceType.localeCompare(b.ResourceType) || (a.MessageCategory ?? '').localeCompare(b.MessageCategory ?? ''),
    );
    const limit = pageSize(input.MaxResults, 'MaxResults', 500);
    const fingerprint = `summaries:${kind}:${JSON.stringify({ ...input, NextToken: undefined, MaxResults: undefined })}:${today}`;
    const offset = this.deps.tokens.decode<number>(fingerprint, input.NextToken) ?? 0;
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? this.deps.tokens.encode(fingerprint, offset + limit) : undefined;
    return { items, period, nextToken: next };
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
