/** The VaultPolicyPort over the store, the recovery-point domain and the organization (wired in app.ts). */
import type { RecoveryPointService } from './services/recovery-points/recovery-point-service.js';
import { VAULT_KIND, type VaultRecord } from './services/vaults/vault-record.js';
import { principalOrg, type Organization } from './services/organization/organization.js';
import type { Store } from './store/types.js';
import type { VaultPolicyPort } from './server/vault-authorizer.js';

export function vaultPolicyPort(store: Store, recoveryPoints: RecoveryPointService, organization: Organization): VaultPolicyPort {
  const vaults = store.docs<VaultRecord>(VAULT_KIND);
  return {
    vault: async (scope, name) => {
      const v = await vaults.get(scope, name);
      return v && { arn: v.arn, policy: v.accessPolicy };
    },
    vaultOfPoint: async (scope, arn) => (await recoveryPoints.get(scope, arn))?.vaultName,
    organizationOf: async (account) => principalOrg(await organization.get(), account) ?? {},
  };
}
