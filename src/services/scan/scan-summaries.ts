/**
 * ListScanJobSummaries: scan job counts by account, state, resource type, scanner and result
 * over the prior 14 days, like the other job summaries (ONE_DAY: one bucket per UTC day;
 * SEVEN_DAYS / FOURTEEN_DAYS: one bucket). For each dimension, ANY (the default) counts every
 * value separately and AGGREGATE_ALL sums them into one.
 */
import type { ListScanJobSummariesInput, ScanJobSummary } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import type { ScanJobsStore } from '../../store/scan-jobs-store.js';
import type { RequestContext } from '../context.js';
import type { ServiceDeps } from '../deps.js';
import { DAY_MS } from '../jobs/job-record.js';
import { pageSize } from '../pagination.js';
import type { Handlers } from '../registry.js';

const WILD = new Set(['ANY', 'AGGREGATE_ALL']);
const ACCOUNT_ID = /^[0-9]{12}$/;
const RESOURCE_TYPE = /^[a-zA-Z0-9\-_.]{1,50}$/;
/** The model's docs: "Range of accepted values is from 1 to 500". */
const MAX_SUMMARIES = 500;

type Summary = ScanJobSummary & { Count: number; StartTime: Date };

export class ScanJobSummaries {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: ScanJobsStore,
  ) {}

  async summarize(input: ListScanJobSummariesInput, ctx: RequestContext): Promise<{ items: Summary[]; period: string; nextToken?: string }> {
    if (input.AccountId !== undefined && !WILD.has(input.AccountId) && !ACCOUNT_ID.test(input.AccountId)) {
      throw invalidParameter(`Invalid AccountId '${input.AccountId}': use a 12-digit account ID, ANY or AGGREGATE_ALL.`);
    }
    if (input.ResourceType !== undefined && !RESOURCE_TYPE.test(input.ResourceType)) {
      throw invalidParameter(`Invalid ResourceType '${input.ResourceType}': use a resource type such as EBS, ANY or AGGREGATE_ALL.`);
    }
    const limit = pageSize(input.MaxResults, 'MaxResults', MAX_SUMMARIES);
    const period = input.AggregationPeriod ?? 'ONE_DAY';
    const today = Math.floor(ctx.now.getTime() / DAY_MS) * DAY_MS;
    const days = period === 'SEVEN_DAYS' ? 7 : 14;
    const from = today - (days - 1) * DAY_MS;
    const to = today + DAY_MS;
    const bucketMs = period === 'ONE_DAY' ? DAY_MS : days * DAY_MS;
    const account = input.AccountId === undefined ? ctx.accountId : WILD.has(input.AccountId) ? undefined : input.AccountId;
    const rows = await this.jobs.counts(ctx.region, account, from, to, bucketMs);

    const pick = (value: string, wanted: string | undefined): string | undefined =>
      wanted === undefined || wanted === 'ANY' ? value : wanted === 'AGGREGATE_ALL' ? 'AGGREGATE_ALL' : value === wanted ? value : undefined;
    const groups = new Map<string, Summary>();
    for (const r of rows) {
      const acc = pick(r.accountId, input.AccountId);
      const state = pick(r.state, input.State);
      const type = pick(r.resourceType, input.ResourceType);
      const scanner = pick(r.malwareScanner, input.MalwareScanner);
      // Jobs still CREATED or RUNNING have no result: they match no ScanResultStatus filter.
      const result = r.scanResult === null ? (input.ScanResultStatus === undefined ? '' : undefined) : pick(r.scanResult, input.ScanResultStatus);
      if (acc === undefined || state === undefined || type === undefined || scanner === undefined || result === undefined) continue;
      const key = JSON.stringify([acc, state, type, scanner, result, r.bucket]);
      const g = groups.get(key);
      if (g) g.Count += r.count;
      else {
        const start = from + r.bucket * bucketMs;
        groups.set(key, {
          Region: ctx.region,
          AccountId: acc,
          State: state as Summary['State'],
          ResourceType: type,
          MalwareScanner: scanner as Summary['MalwareScanner'],
          ScanResultStatus: (result || undefined) as Summary['ScanResultStatus'],
          Count: r.count,
          StartTime: new Date(start),
          EndTime: new Date(Math.min(start + bucketMs, to)),
        });
      }
    }
    const all = [...groups.values()].sort(
      (a, b) =>
        a.StartTime.getTime() - b.StartTime.getTime() ||
        a.AccountId!.localeCompare(b.AccountId!) ||
        a.State!.localeCompare(b.State!) ||
        a.ResourceType!.localeCompare(b.ResourceType!) ||
        (a.ScanResultStatus ?? '').localeCompare(b.ScanResultStatus ?? ''),
    );
    // The summaries are a small, bounded set (a few dimensions over at most 14 days): an offset into it is stable.
    const fingerprint = `ListScanJobSummaries:${JSON.stringify({ ...input, NextToken: undefined, MaxResults: undefined })}:${today}`;
    const offset = this.deps.tokens.decode<number>(fingerprint, input.NextToken) ?? 0;
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? this.deps.tokens.encode(fingerprint, offset + limit) : undefined;
    return { items, period, nextToken: next };
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
