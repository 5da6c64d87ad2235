/**
 * A resource's most recent completed restore job and how long it took, as DescribeProtectedResource
 * answers them (LatestRestoreJobCreationDate, LatestRestoreExecutionTimeMinutes) and as the audit
 * control RESTORE_TIME_FOR_RESOURCES_MEET_TARGET reads them.
 */
import type { JobsStore } from '../../store/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { RestoreJobRecord } from './job-record.js';
import { MINUTE_MS } from '../common/time.js';

/** The COMPLETED restore job of the resource created last (ties: the later one), if any. */
export async function latestCompletedRestore(jobs: JobsStore, scope: Scope, resourceArn: string): Promise<RestoreJobRecord | undefined> {
  let latest: RestoreJobRecord | undefined;
  let after = 0;
  for (;;) {
    const rows = await jobs.list<RestoreJobRecord>({ kind: 'restore', region: scope.region, accountId: scope.accountId, resourceArn, state: 'COMPLETED' }, after, 500);
    for (const r of rows) if (!latest || r.job.creationDate >= latest.creationDate) latest = r.job;
    if (rows.length < 500) return latest;
    after = rows[rows.length - 1]!.seq;
  }
}

/** LatestRestoreExecutionTimeMinutes: creation to completion, in whole minutes rounded up. */
export const restoreExecutionMinutes = (job: Pick<RestoreJobRecord, 'creationDate' | 'completionDate'>): number =>
  Math.ceil((job.completionDate! - job.creationDate) / MINUTE_MS);
