/**
 * Builds every domain service from the shared dependencies and collects their handlers,
 * engine workers and admin routes.
 */
import type { AdminRoute } from '../server/admin.js';
import type { ServiceDeps } from './deps.js';
import { mergeHandlers, type Handlers } from './registry.js';
import { VaultService } from './vaults/vault-service.js';
import { buildPlans } from './plans/index.js';
import { emptyCatalog, idleStarter } from './plans/contract.js';

export interface Services {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
}

export function buildServices(deps: ServiceDeps): Services {
  const vaults = new VaultService(deps);
  // The jobs domain replaces these with its StartBackupJob path and its resource inventory.
  const plans = buildPlans(deps, { starter: idleStarter, catalog: emptyCatalog });
  return {
    handlers: mergeHandlers(vaults.handlers(), plans.handlers),
    adminRoutes: [],
  };
}
