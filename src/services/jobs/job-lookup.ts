/** A backup, copy or restore job of the caller's account and Region, by id. */
import { notFound } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { JobRecord } from './job-record.js';

const LABEL = { backup: 'Backup job', copy: 'Copy job', restore: 'Restore job' } as const;

/** The job, or ResourceNotFoundException when it does not exist in this account and Region. */
export async function requireJob<J extends JobRecord>(jobs: JobsStore, kind: J['kind'], scope: Scope, id: string): Promise<J> {
  const job = await jobs.get<J>(kind, id);
  if (!job || job.accountId !== scope.accountId || job.region !== scope.region) throw notFound(`${LABEL[kind]} ${id} was not found.`, { Type: 'User' });
  return job;
}
