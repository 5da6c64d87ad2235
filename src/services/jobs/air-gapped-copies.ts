/**
 * The second half of the 'copy' route of a logically air-gapped target (air-gapped-target.ts):
 * once a backup job whose type LAG vaults support without full management completes in its
 * backup vault, a copy job takes its point into the LAG vault, with the backup's lifecycle (so
 * the LAG vault's retention range is checked when the copy starts, as for any copy into it).
 */
import { ServiceError } from '../../protocol/errors.js';
import type { CopyJobService } from './copy-jobs.js';
import type { BackupJobRecord } from './job-record.js';

/** Starts, inside the completing batch's transaction, the copy into the LAG vault of each such job. */
export async function startAirGappedCopies(copyJobs: CopyJobService, completed: BackupJobRecord[]): Promise<void> {
  for (const job of completed) {
    if (!job.airGappedCopyTo) continue;
    try {
      await copyJobs.start(
        job,
        job.completionDate!,
        {
          RecoveryPointArn: job.recoveryPointArn,
          SourceBackupVaultName: job.vault,
          DestinationBackupVaultArn: job.airGappedCopyTo,
          IamRoleArn: job.iamRoleArn,
          IdempotencyToken: `holdfast:air-gapped:${job.id}`,
          Lifecycle: job.lifecycle,
        },
        { createdBy: job.createdBy, createdByBackupJobId: job.id },
      );
    } catch (e) {
      // The point is already gone (a one-day lifecycle, a deletion in the same batch): nothing to copy.
      if (!(e instanceof ServiceError)) throw e;
    }
  }
}
