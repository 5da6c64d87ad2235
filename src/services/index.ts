/**
 * Builds every domain service from the shared dependencies and collects their handlers,
 * engine workers and admin routes.
 */
import type { AdminRoute } from '../server/admin.js';
import type { ServiceDeps } from './deps.js';
import { mergeHandlers, type Handlers } from './registry.js';
import { VaultService } from './vaults/vault-service.js';
import { AuditService } from './audit/audit-service.js';

export interface Services {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
}

export function buildServices(deps: ServiceDeps): Services {
  const vaults = new VaultService(deps);
  const audit = new AuditService(deps);
  return {
    handlers: mergeHandlers(vaults.handlers(), audit.handlers()),
    adminRoutes: [...audit.adminRoutes()],
  };
}
