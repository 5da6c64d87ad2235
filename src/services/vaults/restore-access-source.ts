/** Where a restore access backup vault's recovery points live: in its source vault. */
import { parseArn } from '../common/arn.js';
import type { Scope } from '../../store/types.js';
import type { VaultRecord } from './vault-record.js';

export interface VaultRef extends Scope {
  vaultName: string;
}

const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

/** The account, region and name of a backup vault ARN, or undefined when it is not one. */
export function parseVaultArn(arn: string): VaultRef | undefined {
  const p = parseArn(arn);
  if (!p || p.partition !== 'aws' || p.service !== 'backup' || !/^\d{12}$/.test(p.accountId)) return undefined;
  if (!p.resource.startsWith('backup-vault:')) return undefined;
  const vaultName = p.resource.slice('backup-vault:'.length);
  return VAULT_NAME.test(vaultName) ? { accountId: p.accountId, region: p.region, vaultName } : undefined;
}

/**
 * The vault whose recovery points this vault shows: a restore access vault shows (read-only)
 * those of its source vault; every other vault its own.
 */
export function recoveryPointSource(scope: Scope, vault: VaultRecord): VaultRef {
  const source = vault.sourceBackupVaultArn === undefined ? undefined : parseVaultArn(vault.sourceBackupVaultArn);
  return source ?? { accountId: scope.accountId, region: scope.region, vaultName: vault.name };
}
