/**
 * Backup Vault Lock rules, in one place for every domain that needs them.
 *
 * - Governance mode: no ChangeableForDays; the lock can be changed or removed at any time.
 * - Compliance mode: ChangeableForDays (3 to 36500) sets LockDate = now + ChangeableForDays;
 *   before LockDate the lock can still be changed or removed, on and after it it is immutable.
 * - MinRetentionDays >= 1, MaxRetentionDays <= 36500, Min <= Max. Backup and copy jobs into a
 *   locked vault must have a retention inside [Min, Max] (`retentionViolation`).
 */
import { invalidParameter, invalidRequest } from '../../protocol/errors.js';
import type { VaultLock, VaultRecord } from './vault-record.js';

export const DAY_MS = 86_400_000;
export const MIN_CHANGEABLE_DAYS = 3;
export const MAX_LOCK_DAYS = 36_500;

export interface LockSettings {
  MinRetentionDays?: number;
  MaxRetentionDays?: number;
  ChangeableForDays?: number;
}

function checkDays(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`${name} must be a whole number of days from ${min} to ${max}; got ${value}.`);
  }
}

/** Checks a lock request and answers the lock it makes at `nowMs`. */
export function buildLock(input: LockSettings, nowMs: number): VaultLock {
  const { MinRetentionDays: min, MaxRetentionDays: max, ChangeableForDays: changeable } = input;
  checkDays('MinRetentionDays', min, 1, MAX_LOCK_DAYS);
  checkDays('MaxRetentionDays', max, 1, MAX_LOCK_DAYS);
  checkDays('ChangeableForDays', changeable, MIN_CHANGEABLE_DAYS, MAX_LOCK_DAYS);
  if (min !== undefined && max !== undefined && min > max) {
    throw invalidParameter(`MinRetentionDays (${min}) must not be greater than MaxRetentionDays (${max}).`);
  }
  const lock: VaultLock = {};
  if (min !== undefined) lock.minRetentionDays = min;
  if (max !== undefined) lock.maxRetentionDays = max;
  if (changeable !== undefined) {
    lock.changeableForDays = changeable;
    lock.lockDate = nowMs + changeable * DAY_MS;
  }
  return lock;
}

export type LockMode = 'NONE' | 'GOVERNANCE' | 'COMPLIANCE';

export function lockMode(vault: Pick<VaultRecord, 'lock'>): LockMode {
  if (!vault.lock) return 'NONE';
  return vault.lock.lockDate === undefined ? 'GOVERNANCE' : 'COMPLIANCE';
}

/** Whether the vault's lock is compliance mode and at or past its LockDate. */
export function isLockImmutable(vault: Pick<VaultRecord, 'lock'>, nowMs: number): boolean {
  return vault.lock?.lockDate !== undefined && vault.lock.lockDate <= nowMs;
}

/**
 * The `Locked` of DescribeBackupVault and ListBackupVaults. The model documents it as "whether
 * Backup Vault Lock is currently protecting the backup vault", so it is true for any lock in
 * force, governance or compliance, before or after LockDate.
 */
export function isVaultLocked(vault: Pick<VaultRecord, 'lock'>): boolean {
  return vault.lock !== undefined;
}

/** Refuses to change or delete an immutable lock, with InvalidRequestException as AWS does. */
export function assertLockChangeable(vault: VaultRecord, nowMs: number, action: 'changed' | 'deleted'): void {
  if (isLockImmutable(vault, nowMs)) {
    const since = new Date(vault.lock!.lockDate!).toISOString();
    throw invalidRequest(
      `Backup Vault Lock on backup vault ${vault.name} is in compliance mode and became immutable on ${since}; it cannot be ${action}.`,
    );
  }
}

/**
 * Whether a backup or copy job into the vault may store a recovery point kept for
 * `retentionDays` (undefined: kept forever). Answers the reason it may not, or undefined.
 */
export function retentionViolation(vault: Pick<VaultRecord, 'name' | 'lock'>, retentionDays: number | undefined): string | undefined {
  const lock = vault.lock;
  if (!lock) return undefined;
  const { minRetentionDays: min, maxRetentionDays: max } = lock;
  if (retentionDays === undefined) {
    return max === undefined
      ? undefined
      : `Backup vault ${vault.name} is locked with a maximum retention of ${max} days, and the recovery point would be kept indefinitely.`;
  }
  if (min !== undefined && retentionDays < min) {
    return `Backup vault ${vault.name} is locked with a minimum retention of ${min} days, and the recovery point would be kept ${retentionDays} days.`;
  }
  if (max !== undefined && retentionDays > max) {
    return `Backup vault ${vault.name} is locked with a maximum retention of ${max} days, and the recovery point would be kept ${retentionDays} days.`;
  }
  return undefined;
}
