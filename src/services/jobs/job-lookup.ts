/** A backup, copy or restore job of the caller's account and Region, by id. */
import { notFound } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { RequestContext } from '../context.js';
import type { JobRecord } from './job-record.js';
import { inWindow } from './job-window.js';

const LABEL = { backup: 'Backup job', copy: 'Copy job', restore: 'Restore job' } as const;

/**
 * The job, or ResourceNotFoundException when it does not exist in this account and Region, or
 * ended 30 days or more before ctx.now (job-window.ts: out of the window, as good as deleted).
 */
export async function requireJob<J extends JobRecord>(jobs: JobsStore, kind: J['kind'], ctx: Pick<RequestContext, 'accountId' | 'region' | 'now'>, id: string): Promise<J> {
  const job = await jobs.get<J>(kind, id);
  if (!job || job.accountId !== ctx.accountId || job.region !== ctx.region || !inWindow(job, ctx.now.getTime())) {
    throw notFound(`${LABEL[kind]} ${id} was not found.`, { Type: 'User' });
  }
  return job;
}
