/**
 * The vaults domain: backup vaults (standard, logically air-gapped, restore access), their
 * configuration (lock, policy, notifications), MPA, and the Vault Lock removal guard.
 */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { mergeHandlers } from '../registry.js';
import { MpaService } from './mpa.js';
import { restoreAccessDeleteHook, RestoreAccessService, type RestoreAccessRevoked } from './restore-access.js';
import { VaultConfigService } from './vault-config-service.js';
import { VaultService } from './vault-service.js';

/** accessRevoked: told when a restore access vault goes (the access points domain, bound late by the composer). */
export const vaultsModule: DomainModule<{ deps: ServiceDeps; accessRevoked: RestoreAccessRevoked }, { vaults: VaultService }> = {
  name: 'vaults',
  build({ deps, accessRevoked }) {
    const vaults = new VaultService(deps, [restoreAccessDeleteHook(deps.store.restoreAccess, accessRevoked)]);
    const restoreAccess = new RestoreAccessService(deps, vaults, accessRevoked);
    return {
      handlers: mergeHandlers(vaults.handlers(), new VaultConfigService(vaults).handlers(), restoreAccess.handlers(), new MpaService(vaults).handlers()),
      workers: [vaults.worker(), restoreAccess.worker()],
      taggable: [vaults.taggable],
      removalGuards: [vaults.removalGuard],
      exports: { vaults },
    };
  },
};
