/**
 * The restore testing domain: plans and selections, inferred metadata, validation results, and
 * the worker that fires plans on their schedules and starts restore jobs through the jobs domain.
 */
import type { Inventory } from '../../resources/inventory.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { ServiceDeps } from '../deps.js';
import type { RestoreJobService } from '../jobs/restore-jobs.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import { inferredMetadataHandlers } from './inferred-metadata.js';
import { RecoveryPointPicker } from './picker.js';
import { RestoreTestingPlanService } from './plan-service.js';
import { RestoreTestingRepository } from './repository.js';
import { RestoreTestingSelectionService } from './selection-service.js';
import { validationResultHandlers } from './validation-results.js';
import { RestoreTestingWorker } from './worker.js';

export interface RestoreTestingJobs {
  restoreJobs: RestoreJobService;
  recoveryPoints: RecoveryPointService;
  inventory: Inventory;
  /** The jobs table as the jobs domain writes it (its writes announce job events). */
  store: JobsStore;
}

export interface RestoreTestingDomain {
  handlers: Handlers;
  repository: RestoreTestingRepository;
  worker: RestoreTestingWorker;
}

export function buildRestoreTesting(deps: ServiceDeps, jobs: RestoreTestingJobs): RestoreTestingDomain {
  const repository = new RestoreTestingRepository(deps.store);
  const jobsStore = jobs.store;
  const picker = new RecoveryPointPicker(jobs.recoveryPoints.points, jobs.inventory);
  const worker = new RestoreTestingWorker(deps.store, repository, jobsStore, jobs.restoreJobs, picker);
  deps.engine.register(worker);
  // arn:aws:backup:R:A:restore-testing-plan:NAME-xxxxxx (names hold no '-').
  deps.taggable.registerBackup('restore-testing-plan', async (scope, arn, parsed) => {
    const id = parsed.resource.slice('restore-testing-plan:'.length);
    const name = id.slice(0, Math.max(0, id.lastIndexOf('-')));
    return name !== '' && (await repository.plans.get(scope, name))?.arn === arn;
  });
  return {
    repository,
    worker,
    handlers: mergeHandlers(
      new RestoreTestingPlanService(deps, repository).handlers(),
      new RestoreTestingSelectionService(deps, repository).handlers(),
      inferredMetadataHandlers(jobs.recoveryPoints),
      validationResultHandlers(deps, jobsStore, worker),
    ),
  };
}
