/**
 * GET /_holdfast/console/job-relations?jobId=...: what followed a backup job through its
 * recovery point (copy, restore and scan jobs) and, for a composite parent, its child jobs. Jobs
 * are seen as the API sees them (jobs/job-window.ts: open, or ended less than 30 days ago); each
 * list is one index-backed page of at most RELATED_LIMIT, `truncated` when there are more.
 */
import { AdminError } from '../../server/admin.js';
import type { JobColumns, JobKind, JobsStore } from '../../store/repos/jobs-store.js';
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { BackupJobRecord, CopyJobRecord, RestoreJobRecord } from '../common/job-record.js';
import { inWindow, windowStart } from '../jobs/job-window.js';

export const RELATED_LIMIT = 100;

export async function jobRelations(jobs: JobsStore, scanJobs: ScanJobsStore, scope: Scope, jobId: string, nowMs: number) {
  const job = await jobs.get<BackupJobRecord>('backup', jobId);
  if (!job || job.accountId !== scope.accountId || job.region !== scope.region || !inWindow(job, nowMs)) {
    throw new AdminError(404, `Backup job ${jobId} was not found in account ${scope.accountId}, ${scope.region}.`);
  }
  const endedAfter = windowStart(nowMs);
  let truncated = false;
  const page = async <J extends JobColumns>(kind: JobKind, filter: { sourceRecoveryPointArn?: string; parentJobId?: string }): Promise<J[]> => {
    const rows = await jobs.list<J>({ kind, accountId: scope.accountId, region: scope.region, endedAfter, ...filter }, 0, RELATED_LIMIT + 1);
    truncated ||= rows.length > RELATED_LIMIT;
    return rows.slice(0, RELATED_LIMIT).map((r) => r.job);
  };
  const point = job.recoveryPointArn;
  const copies = point ? await page<CopyJobRecord>('copy', { sourceRecoveryPointArn: point }) : [];
  const restores = point ? await page<RestoreJobRecord>('restore', { sourceRecoveryPointArn: point }) : [];
  const scans = point
    ? await scanJobs.list({ accountId: scope.accountId, region: scope.region, recoveryPointArn: point, endedAfter }, 0, RELATED_LIMIT + 1)
    : [];
  truncated ||= scans.length > RELATED_LIMIT;
  const children = job.isParent ? await page<BackupJobRecord>('backup', { parentJobId: job.id }) : [];
  return {
    backupJobId: job.id,
    recoveryPointArn: point,
    copyJobs: copies.map((c) => ({ copyJobId: c.id, state: c.state, destinationBackupVaultArn: c.vault })),
    restoreJobs: restores.map((r) => ({ restoreJobId: r.id, status: r.state })),
    scanJobs: scans.slice(0, RELATED_LIMIT).map(({ job: s }) => ({ scanJobId: s.id, state: s.state, ...(s.scanResult ? { scanResult: s.scanResult } : {}) })),
    childJobs: children.map((c) => ({ backupJobId: c.id, state: c.state, resourceArn: c.resourceArn, resourceType: c.resourceType })),
    truncated,
  };
}
