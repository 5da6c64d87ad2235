/** Where a restore access backup vault's recovery points live: in its source vault. */
import { parseVaultArn, type VaultRef } from '../common/names.js';
import type { Scope } from '../../store/types.js';
import type { VaultRecord } from './vault-record.js';

/**
 * The vault whose recovery points this vault shows: a restore access vault shows (read-only)
 * those of its source vault; every other vault its own.
 */
export function recoveryPointSource(scope: Scope, vault: VaultRecord): VaultRef {
  const source = vault.sourceBackupVaultArn === undefined ? undefined : parseVaultArn(vault.sourceBackupVaultArn);
  return source ?? { accountId: scope.accountId, region: scope.region, vaultName: vault.name };
}
