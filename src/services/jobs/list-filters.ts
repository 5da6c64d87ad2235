/** Shared pieces of the job list operations: account scoping, the 30-day window and keyset paging. */
import type { JobColumns, JobFilter, JobsStore } from '../../store/repos/jobs-store.js';
import type { TokenCodec } from '../pagination.js';
import { pageFiltered } from '../pagination.js';
import type { RequestContext } from '../context.js';
import { windowStart } from './job-window.js';

/**
 * ByAccountId: absent means the caller's account, `*` every account in the region. The protocol
 * layer lets `*` through only where the model's documentation offers it (ListBackupJobs, ListScanJobs).
 */
export function accountFilter(ctx: RequestContext, byAccountId: string | undefined): string | undefined {
  if (byAccountId === undefined) return ctx.accountId;
  if (byAccountId === '*') return undefined;
  return byAccountId;
}

/** Message category wildcards of the model's docs (`*`, ANY, AGGREGATE_ALL) filter nothing. */
export function categoryFilter(category: string | undefined): string | undefined {
  if (category === undefined || category === '*' || category === 'ANY' || category === 'AGGREGATE_ALL') return undefined;
  return category;
}

/**
 * One page of a job list: the jobs the filter picks among those in the window at ctx.now, whatever
 * the filter's own dates say (job-window.ts). The NextToken is bound to the filter, not the window,
 * so it stays valid while the clock moves.
 */
export async function pageJobs<J extends JobColumns>(
  store: JobsStore,
  tokens: TokenCodec,
  ctx: RequestContext,
  operation: string,
  filter: JobFilter,
  input: { NextToken?: string; MaxResults?: number },
): Promise<{ items: J[]; nextToken: string | undefined }> {
  const windowed: JobFilter = { ...filter, endedAfter: windowStart(ctx.now.getTime()) };
  return pageFiltered<J>(tokens, operation, filter, input, async (after, batch) =>
    (await store.list<J>(windowed, after, batch)).map((r) => ({ seq: r.seq, doc: r.job })),
  );
}

/** The creation and completion bounds every job list takes, as epoch ms. */
export function timeFilters(input: { ByCreatedAfter?: Date; ByCreatedBefore?: Date; ByCompleteAfter?: Date; ByCompleteBefore?: Date }) {
  return {
    createdAfter: input.ByCreatedAfter?.getTime(),
    createdBefore: input.ByCreatedBefore?.getTime(),
    completeAfter: input.ByCompleteAfter?.getTime(),
    completeBefore: input.ByCompleteBefore?.getTime(),
  };
}
