/**
 * Builds every domain service from the shared dependencies and collects their handlers,
 * engine workers and admin routes.
 */
import type { AdminRoute } from '../server/admin.js';
import type { ServiceDeps } from './deps.js';
import { mergeHandlers, type Handlers } from './registry.js';
import { VaultService } from './vaults/vault-service.js';
import { buildJobsDomain, type JobsDomain } from './jobs/index.js';

export interface Services {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
  jobs: JobsDomain;
}

export function buildServices(deps: ServiceDeps): Services {
  const vaults = new VaultService(deps);
  const jobs = buildJobsDomain(deps, vaults); // also sets vaults.countRecoveryPoints
  return {
    handlers: mergeHandlers(vaults.handlers(), jobs.handlers),
    adminRoutes: [...jobs.adminRoutes],
    jobs,
  };
}
