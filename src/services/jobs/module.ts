/**
 * The jobs domain: the resource inventory, backup, copy and restore jobs on the clock, protected
 * resources and job summaries. Composite (application stack) jobs come from composite/.
 */
import { Inventory, inventoryAdminRoutes } from '../../resources/inventory.js';
import type { BackupCompletedListener } from '../common/job-record.js';
import type { DomainModule } from '../module.js';
import type { Organization } from '../organization/organization.js';
import { mergeHandlers } from '../registry.js';
import type { RecoveryPointDeps } from '../recovery-points/contract.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { VaultService } from '../vaults/vault-service.js';
import { templateRestoreCompletion } from '../composite/template-restore.js';
import { BackupJobService, type FullManagement } from './backup-jobs.js';
import { CopyJobService } from './copy-jobs.js';
import { removeTemporaryPoints, startAirGappedCopies } from './air-gapped-copies.js';
import { JobWorker } from './job-worker.js';
import { RestoreJobService } from './restore-jobs.js';
import { JobSummaries } from './summaries.js';
import { ProtectedResources } from './protected-resources.js';
import { RetentionWorker } from './job-window.js';
import { withJobEvents } from './job-events.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';

export interface JobsPorts {
  /** The shared deps and the removal check (temporary points of air-gapped copies are removed through it). */
  deps: RecoveryPointDeps;
  vaults: VaultService;
  recoveryPoints: RecoveryPointService;
  /** The region settings' full-management preference (settings/), read by StartBackupJob. */
  fullyManaged: FullManagement;
  /** Other domains' listeners on completed backups (plans' copy actions, scans), after the jobs domain's own. */
  backupCompleted: () => readonly BackupCompletedListener[];
  /** The declared organization (cross-account copies check the destination's access policy against it). */
  organization: Organization;
}

export interface JobsExports {
  inventory: Inventory;
  /** The jobs table as the jobs domain writes it (its writes announce job events). */
  store: JobsStore;
  backupJobs: BackupJobService;
  copyJobs: CopyJobService;
  restoreJobs: RestoreJobService;
}

export const jobsModule: DomainModule<JobsPorts, JobsExports> = {
  name: 'jobs',
  build({ deps, vaults, recoveryPoints, fullyManaged, backupCompleted, organization }) {
    // The jobs table, every write of which announces its jobs' transitions (job-events.ts).
    const jobs = withJobEvents(
      deps.store.jobs,
      deps.events,
      async (scope, name) => (await vaults.vaults.get(scope, name))?.notifications,
      () => deps.clock.nowMs(),
    );
    const inventory = new Inventory(deps.store);
    // Air-gapped targets: a completed backup starts its copy; a completed copy removes the temporary point.
    const ownBackupCompleted: BackupCompletedListener = (completed) => startAirGappedCopies(copyJobs, completed);
    const worker = new JobWorker(deps, jobs, vaults, recoveryPoints, {
      backupCompleted: () => [ownBackupCompleted, ...backupCompleted()],
      copyCompleted: [(completed) => removeTemporaryPoints(recoveryPoints, deps.removalGuards, completed)],
      restore: new Map([['CloudFormation', templateRestoreCompletion(inventory)]]),
    }, organization);
    const backupJobs = new BackupJobService(deps, jobs, vaults, inventory, fullyManaged, (job, t) => worker.stepNew(job, t));
    const copyJobs = new CopyJobService(deps, jobs, vaults, recoveryPoints, inventory);
    const restoreJobs = new RestoreJobService(deps, jobs, recoveryPoints, inventory);
    return {
      handlers: mergeHandlers(
        backupJobs.handlers(),
        copyJobs.handlers(),
        restoreJobs.handlers(),
        new JobSummaries(deps, jobs).handlers(),
        new ProtectedResources(deps, vaults, recoveryPoints, jobs).handlers(),
      ),
      workers: [
        worker,
        new RetentionWorker('job-retention', deps.store, { oldestPurgeable: () => jobs.oldestEnded(), purge: (endedBy, limit) => jobs.deleteEnded(endedBy, limit) }),
      ],
      adminRoutes: inventoryAdminRoutes(inventory),
      exports: { inventory, store: jobs, backupJobs, copyJobs, restoreJobs },
    };
  },
};
