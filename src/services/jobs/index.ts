/**
 * The jobs domain: the resource inventory, backup/copy/restore jobs, recovery points and their
 * lifecycle, protected resources and job summaries. Registers its engine workers.
 */
import type { AdminRoute } from '../../server/admin.js';
import { Inventory, inventoryAdminRoutes } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import { LifecycleWorker } from '../recovery-points/lifecycle-worker.js';
import { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { VaultService } from '../vaults/vault-service.js';
import { BackupJobService, type FullManagement } from './backup-jobs.js';
import { CopyJobService } from './copy-jobs.js';
import { removeTemporaryPoints, startAirGappedCopies } from './air-gapped-copies.js';
import { JobWorker, type BackupCompletedListener } from './job-worker.js';
import { RestoreJobService } from './restore-jobs.js';
import { JobSummaries } from './summaries.js';
import { ProtectedResources } from '../recovery-points/protected-resources.js';
import { templateRestoreCompletion } from '../composite/template-restore.js';
import { RetentionWorker } from './job-window.js';
import { withJobEvents } from './job-events.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';

export interface JobsDomain {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
  inventory: Inventory;
  /** The jobs table, every write of which announces its jobs' transitions (job-events.ts). */
  store: JobsStore;
  backupJobs: BackupJobService;
  copyJobs: CopyJobService;
  restoreJobs: RestoreJobService;
  /** Implements RecoveryPointQuery and RecoveryPointRemovals (see recovery-points/contract.ts). */
  recoveryPoints: RecoveryPointService;
  /** Called after each engine batch with the backup jobs that completed in it. */
  onBackupCompleted(listener: BackupCompletedListener): void;
}

/** `fullyManaged`: the region settings' full-management preference (settings/), read by StartBackupJob. */
export function buildJobsDomain(deps: ServiceDeps, vaults: VaultService, fullyManaged: FullManagement): JobsDomain {
  const jobs = withJobEvents(
    deps.store.jobs,
    deps.events,
    async (scope, name) => (await vaults.vaults.get(scope, name))?.notifications,
    () => deps.clock.nowMs(),
  );
  const inventory = new Inventory(deps.store);
  const recoveryPoints = new RecoveryPointService(deps, vaults);
  const backupJobs = new BackupJobService(deps, jobs, vaults, inventory, fullyManaged);
  const copyJobs = new CopyJobService(deps, jobs, vaults, recoveryPoints, inventory);
  const restoreJobs = new RestoreJobService(deps, jobs, recoveryPoints, inventory);
  const summaries = new JobSummaries(deps, jobs);
  const protectedResources = new ProtectedResources(deps, vaults, recoveryPoints, jobs);
  vaults.countRecoveryPoints = (scope, name) => recoveryPoints.count(scope, name);
  const worker = new JobWorker(deps, jobs, vaults, recoveryPoints);
  backupJobs.firstStep = (job, t) => worker.stepNew(job, t);
  worker.onBackupCompleted((completed) => startAirGappedCopies(copyJobs, completed));
  worker.onCopyCompleted((completed) => removeTemporaryPoints(recoveryPoints, deps.removalGuards, completed));
  worker.restoreCompletions.set('CloudFormation', templateRestoreCompletion(inventory));
  deps.engine.register(worker);
  deps.engine.register(new LifecycleWorker(deps, recoveryPoints));
  deps.engine.register(
    new RetentionWorker('job-retention', deps.store, { oldestPurgeable: () => jobs.oldestEnded(), purge: (endedBy, limit) => jobs.deleteEnded(endedBy, limit) }),
  );
  return {
    handlers: mergeHandlers(
      backupJobs.handlers(),
      copyJobs.handlers(),
      restoreJobs.handlers(),
      summaries.handlers(),
      recoveryPoints.handlers(),
      protectedResources.handlers(),
    ),
    adminRoutes: inventoryAdminRoutes(inventory),
    inventory,
    store: jobs,
    backupJobs,
    copyJobs,
    restoreJobs,
    recoveryPoints,
    onBackupCompleted: (listener) => worker.onBackupCompleted(listener),
  };
}
