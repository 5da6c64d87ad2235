/** The VaultPolicyPort over the store and the recovery-point domain (wired in app.ts). */
import type { RecoveryPointService } from '../services/recovery-points/recovery-point-service.js';
import { VAULT_KIND, type VaultRecord } from '../services/vaults/vault-record.js';
import { Organization, principalOrg } from '../services/audit/organization.js';
import { ORGANIZATION_KIND, type OrganizationRecord } from '../services/audit/records.js';
import type { Store } from '../store/types.js';
import type { VaultPolicyPort } from './vault-authorizer.js';

export function vaultPolicyPort(store: Store, recoveryPoints: RecoveryPointService): VaultPolicyPort {
  const vaults = store.docs<VaultRecord>(VAULT_KIND);
  const organization = new Organization(store.docs<OrganizationRecord>(ORGANIZATION_KIND));
  return {
    vault: async (scope, name) => {
      const v = await vaults.get(scope, name);
      return v && { arn: v.arn, policy: v.accessPolicy };
    },
    vaultOfPoint: async (scope, arn) => (await recoveryPoints.get(scope, arn))?.vaultName,
    organizationOf: async (account) => principalOrg(await organization.get(), account) ?? {},
  };
}
