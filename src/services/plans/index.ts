/** The plans domain: plans, templates, selections and the scheduler that fires their rules. */
import type { ServiceDeps } from '../deps.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import type { BackupStarter, ResourceCatalog } from './contract.js';
import { PlanRepository } from './plan-repository.js';
import { PlanService } from './plan-service.js';
import { PlanScheduler } from './scheduler.js';
import { SelectionService } from './selection-service.js';
import { TemplateService } from './template-service.js';

export interface PlansDomain {
  handlers: Handlers;
  repository: PlanRepository;
  scheduler: PlanScheduler;
}

/** Builds the domain and registers its scheduler with the engine. */
export function buildPlans(
  deps: ServiceDeps,
  jobs: { starter: BackupStarter; catalog: ResourceCatalog },
): PlansDomain {
  const repository = new PlanRepository(deps.store);
  const scheduler = new PlanScheduler(deps.store, repository, jobs.starter, jobs.catalog);
  deps.engine.register(scheduler);
  deps.taggable.registerBackup('backup-plan', async (scope, arn, parsed) => {
    const plan = await repository.plans.get(scope, parsed.resource.slice('backup-plan:'.length));
    return plan !== undefined && plan.deletionDate === undefined && plan.arn === arn;
  });
  return {
    repository,
    scheduler,
    handlers: mergeHandlers(
      new PlanService(deps, repository).handlers(),
      new SelectionService(deps, repository).handlers(),
      new TemplateService(deps, repository).handlers(),
    ),
  };
}
