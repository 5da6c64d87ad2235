/**
 * Persistence of vaults that are still being created: when each is due to turn AVAILABLE
 * (migration 017). One row per CREATING vault, indexed by due time for the engine. No rules here.
 */
import type { Scope } from '../types.js';

export interface DueVaultCreation extends Scope {
  name: string;
  dueAt: number;
}

export interface VaultCreationStore {
  /** Records (or moves) when the vault is due to turn AVAILABLE. */
  schedule(scope: Scope, name: string, dueAt: number): Promise<void>;
  /** Forgets the vault's pending creation (done, or the vault is gone). */
  remove(scope: Scope, name: string): Promise<void>;
  /** The earliest due time (an indexed MIN), or undefined when no vault is being created. */
  nextDue(): Promise<number | undefined>;
  /** Creations due at or before nowMs, earliest first, at most `limit`. */
  due(nowMs: number, limit: number): Promise<DueVaultCreation[]>;
}
