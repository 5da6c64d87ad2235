/**
 * The creation of a logically air-gapped vault on the clock. CreateLogicallyAirGappedBackupVault
 * answers VaultState CREATING, as AWS does; the vault turns AVAILABLE LAG_CREATING_SECONDS later
 * (VaultCreationWorker), and DescribeBackupVault and ListBackupVaults show either state. Clients
 * poll DescribeBackupVault until AVAILABLE (the Terraform provider's
 * waitLogicallyAirGappedVaultCreated does), so a short, fixed delay is all they need to see.
 *
 * While a vault is not AVAILABLE (assertVaultAvailable) it takes no backups or copies, no access
 * policy, notifications or MPA approval team, is no restore access source and cannot be deleted.
 * AWS documents none of these refusals: each is the stricter reading (InvalidRequestException).
 */
import { invalidRequest } from '../../protocol/errors.js';
import type { Worker } from '../../engine/engine.js';
import type { DocCollection, Store } from '../../store/types.js';
import type { VaultCreationStore } from '../../store/repos/vault-creation-store.js';
import type { VaultRecord } from './vault-record.js';

/**
 * How long a new logically air-gapped vault stays CREATING. AWS documents no duration (its
 * Terraform acceptance tests spend a minute or two per vault); a few seconds keep real-time use
 * quick while every waiter still sees CREATING first.
 */
export const LAG_CREATING_SECONDS = 5;

const BATCH = 100;

/** Why the vault cannot take `what` yet, or undefined when it is AVAILABLE. */
export function unavailableReason(vault: VaultRecord, what: string): string | undefined {
  if (vault.vaultState === 'AVAILABLE') return undefined;
  return `Backup vault ${vault.name} is ${vault.vaultState}; ${what} only once its VaultState is AVAILABLE (see DescribeBackupVault).`;
}

/** Refuses `what` on a vault that is not AVAILABLE yet (InvalidRequestException: the stricter reading). */
export function assertVaultAvailable(vault: VaultRecord, what: string): void {
  const reason = unavailableReason(vault, what);
  if (reason) throw invalidRequest(reason);
}

/** Turns each CREATING vault AVAILABLE at its due time; nextDue is one indexed MIN. */
export class VaultCreationWorker implements Worker {
  readonly name = 'vault-creations';
  /** Store reads and writes only: the engine may group its commits. */
  readonly groupCommit = true;

  constructor(
    private readonly store: Store,
    private readonly vaults: DocCollection<VaultRecord>,
    private readonly creations: VaultCreationStore,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.creations.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.creations.due(nowMs, BATCH);
      await this.store.atomically(async () => {
        for (const c of due) {
          const vault = await this.vaults.get(c, c.name);
          if (vault?.vaultState === 'CREATING') await this.vaults.update(c, c.name, { ...vault, vaultState: 'AVAILABLE' });
          await this.creations.remove(c, c.name);
        }
      });
      if (due.length < BATCH) return;
    }
  }
}
