/**
 * The second half of the 'copy' route of a logically air-gapped target (air-gapped-target.ts):
 * once a backup job whose type LAG vaults support without full management completes in its
 * backup vault, a copy job takes its point into the LAG vault, with the backup's lifecycle (so
 * the LAG vault's retention range is checked when the copy starts, as for any copy into it);
 * once the copy completes, the temporary point in the backup vault is removed.
 */
import { ServiceError } from '../../protocol/errors.js';
import type { RemovalCheck } from '../recovery-points/contract.js';
import { refOf, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { CopyJobService } from './copy-jobs.js';
import type { BackupJobRecord, CopyJobRecord } from '../common/job-record.js';

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
        { createdBy: job.createdBy, createdByBackupJobId: job.id, removesSource: true },
      );
    } catch (e) {
      // The point is already gone (a one-day lifecycle, a deletion in the same batch): nothing to copy.
      if (!(e instanceof ServiceError)) throw e;
    }
  }
}

/**
 * AWS: the temporary snapshot is "copied to your logically air-gapped vault and then deleted".
 * Once such a copy completes its source point goes, as a lifecycle expiry would (a Vault Lock on
 * the backup vault does not keep it); a legal hold on it keeps it (the stricter reading).
 */
export async function removeTemporaryPoints(points: RecoveryPointService, guards: RemovalCheck, completed: CopyJobRecord[]): Promise<void> {
  for (const job of completed) {
    if (!job.removesSource) continue;
    const point = await points.points.get<RecoveryPointRecord>(job.sourceRecoveryPointArn);
    if (!point || (await guards.check(refOf(point), 'lifecycle-delete')) !== undefined) continue;
    await points.remove([point]);
  }
}
