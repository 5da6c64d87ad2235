/**
 * The vault's Backup Vault State Change events (docs/events.md): CREATED and DELETED, and
 * MODIFIED when its Vault Lock is put or removed (AWS's sample MODIFIED event carries isLocked;
 * AWS does not say what else modifies a vault, so nothing else emits it).
 */
import type { Scope } from '../../store/types.js';
import { eventBridgeEvent, type Emitted } from '../common/events.js';
import type { VaultRecord } from './vault-record.js';
import { isVaultLocked } from './vault-lock.js';

export function vaultStateChange(scope: Scope, vault: VaultRecord, state: 'CREATED' | 'MODIFIED' | 'DELETED', at: number): Emitted {
  const detail: Record<string, unknown> = { backupVaultName: vault.name, state };
  // AWS writes it as a string ("isLocked": "true").
  if (state === 'MODIFIED') detail.isLocked = String(isVaultLocked(vault));
  return eventBridgeEvent(scope, 'Backup Vault State Change', at, [vault.arn], detail, vault.arn);
}
