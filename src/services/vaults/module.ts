/**
 * The vaults domain: backup vaults (standard, logically air-gapped, restore access), their
 * configuration (lock, policy, notifications), MPA, and the Vault Lock removal guard.
 */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import { mergeHandlers } from '../registry.js';
import { MpaService } from './mpa.js';
import { restoreAccessDeleteHook, RestoreAccessService } from './restore-access.js';
import { VaultConfigService } from './vault-config-service.js';
import { VaultService } from './vault-service.js';

export const vaultsModule: DomainModule<{ deps: ServiceDeps }, { vaults: VaultService }> = {
  name: 'vaults',
  build({ deps }) {
    const vaults = new VaultService(deps, [restoreAccessDeleteHook(deps.store.restoreAccess)]);
    const restoreAccess = new RestoreAccessService(deps, vaults);
    return {
      handlers: mergeHandlers(vaults.handlers(), new VaultConfigService(vaults).handlers(), restoreAccess.handlers(), new MpaService(vaults).handlers()),
      workers: [vaults.worker(), restoreAccess.worker()],
      taggable: [vaults.taggable],
      removalGuards: [vaults.removalGuard],
      exports: { vaults },
    };
  },
};
