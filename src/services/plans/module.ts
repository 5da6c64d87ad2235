/** The plans domain: plans, templates, selections and the scheduler that fires their rules. */
import type { ServiceDeps } from '../deps.js';
import type { JobsExports } from '../jobs/module.js';
import type { DomainModule } from '../module.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import { backupTaggable, type TaggableType } from '../common/taggable.js';
import type { BackupStarter, ResourceCatalog } from './contract.js';
import { InventoryCatalog, PlanBackupStarter, PlanCopyActions } from './plan-jobs.js';
import { PlanRepository } from './plan-repository.js';
import { PlanService } from './plan-service.js';
import { PlanScheduler } from './scheduler.js';
import { SelectionService } from './selection-service.js';
import { TemplateService } from './template-service.js';

export interface PlanServices {
  handlers: Handlers;
  repository: PlanRepository;
  scheduler: PlanScheduler;
  taggable: TaggableType;
}

/** The plans domain over any BackupStarter and ResourceCatalog (the scheduler tests hand recording ones). */
export function planServices(deps: ServiceDeps, starter: BackupStarter, catalog: ResourceCatalog): PlanServices {
  const repository = new PlanRepository(deps.store);
  return {
    repository,
    scheduler: new PlanScheduler(deps.store, repository, starter, catalog),
    taggable: backupTaggable('backup-plan', async (scope, arn, parsed) => {
      const plan = await repository.plans.get(scope, parsed.resource.slice('backup-plan:'.length));
      return plan !== undefined && plan.deletionDate === undefined && plan.arn === arn;
    }),
    handlers: mergeHandlers(
      new PlanService(deps, repository).handlers(),
      new SelectionService(deps, repository).handlers(),
      new TemplateService(deps, repository).handlers(),
    ),
  };
}

/** Scheduled backups go through jobs.backupJobs.start over the inventory; rules' copy actions start when their backups complete. */
export const plansModule: DomainModule<{ deps: ServiceDeps; jobs: JobsExports }, { repository: PlanRepository; catalog: ResourceCatalog }> = {
  name: 'plans',
  build({ deps, jobs }) {
    const catalog = new InventoryCatalog(jobs.inventory);
    const plans = planServices(deps, new PlanBackupStarter(deps, jobs), catalog);
    const copies = new PlanCopyActions(plans.repository, jobs);
    return {
      handlers: plans.handlers,
      workers: [plans.scheduler],
      taggable: [plans.taggable],
      backupCompleted: [(completed) => copies.onCompleted(completed)],
      exports: { repository: plans.repository, catalog },
    };
  },
};
