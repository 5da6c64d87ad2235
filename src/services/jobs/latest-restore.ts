/**
 * A resource's most recent completed restore job and how long it took, as DescribeProtectedResource
 * answers them (LatestRestoreJobCreationDate, LatestRestoreExecutionTimeMinutes) and as the audit
 * control RESTORE_TIME_FOR_RESOURCES_MEET_TARGET reads them. The job worker records it when a
 * restore job completes (JobsStore.noteRestores: the latest by creation date, ties the later
 * completion), so it outlives the job's own record (job-window.ts).
 */
import type { LatestRestore } from '../../store/repos/jobs-store.js';
import { MINUTE_MS } from '../common/time.js';

/** LatestRestoreExecutionTimeMinutes: creation to completion, in whole minutes rounded up. */
export const restoreExecutionMinutes = (job: Pick<LatestRestore, 'creationDate' | 'completionDate'>): number =>
  Math.ceil((job.completionDate - job.creationDate) / MINUTE_MS);
