/**
 * Backup Vault Lock rules, in one place for every domain that needs them.
 *
 * - Governance mode: no ChangeableForDays; the lock can be changed or removed at any time.
 * - Compliance mode: ChangeableForDays (3 to 36500) sets LockDate = now + ChangeableForDays;
 *   before LockDate the lock can still be changed or removed, on and after it it is immutable.
 * - MinRetentionDays >= 1, MaxRetentionDays <= 36500, Min <= Max. Backup and copy jobs into a
 *   locked vault must have a retention inside [Min, Max] (`lockViolation`).
 */
import type { Lifecycle } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest } from '../../protocol/errors.js';
import type { DocCollection } from '../../store/types.js';
import type { RemovalGuard } from '../common/removal.js';
import type { VaultLock, VaultRecord } from './vault-record.js';
import { DAY_MS, MAX_DAYS } from '../common/time.js';

export const MIN_CHANGEABLE_DAYS = 3;

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
  checkDays('MinRetentionDays', min, 1, MAX_DAYS);
  checkDays('MaxRetentionDays', max, 1, MAX_DAYS);
  checkDays('ChangeableForDays', changeable, MIN_CHANGEABLE_DAYS, MAX_DAYS);
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
 * Why a vault's lock refuses a recovery point kept with this lifecycle, or undefined when it
 * accepts it: the point's DeleteAfterDays must lie in [MinRetentionDays, MaxRetentionDays], and a
 * point kept forever (no DeleteAfterDays) breaks a MaxRetentionDays. AWS: "the vault fails the
 * backup or copy job" (the job worker fails it with this message); UpdateRecoveryPointLifecycle
 * refuses it (stricter reading).
 */
export function lockViolation(vault: Pick<VaultRecord, 'name' | 'lock'>, lifecycle: Lifecycle | undefined): string | undefined {
  const lock = vault.lock;
  if (!lock) return undefined;
  const days = lifecycle?.DeleteAfterDays;
  if (lock.minRetentionDays !== undefined && days !== undefined && days < lock.minRetentionDays) {
    return `The recovery point's retention of ${days} days is shorter than the minimum retention of ${lock.minRetentionDays} days set by the vault lock of ${vault.name}.`;
  }
  if (lock.maxRetentionDays !== undefined && (days === undefined || days > lock.maxRetentionDays)) {
    const kept = days === undefined ? 'kept indefinitely' : `kept for ${days} days`;
    return `The recovery point would be ${kept}, longer than the maximum retention of ${lock.maxRetentionDays} days set by the vault lock of ${vault.name}.`;
  }
  return undefined;
}

/**
 * Refuses (InvalidRequestException) a lifecycle update of a point in a locked vault that the
 * lock's retention range refuses (stricter reading) or that shortens the point's retention (AWS:
 * Vault Lock "prevents attempts to update the lifecycle policy that controls the retention period
 * of any recovery point currently stored").
 */
export function assertLockAllowsUpdate(vault: Pick<VaultRecord, 'name' | 'lock'>, pointArn: string, was: Lifecycle | undefined, will: Lifecycle): void {
  if (!vault.lock) return;
  const violation = lockViolation(vault, will);
  if (violation) throw invalidRequest(violation);
  const [before, after] = [was?.DeleteAfterDays, will.DeleteAfterDays];
  if (after !== undefined && (before === undefined || after < before)) {
    throw invalidRequest(`Backup vault ${vault.name} is protected by Vault Lock: the retention of ${pointArn} cannot be shortened from ${before ?? 'indefinite'} to ${after} days.`);
  }
}

/**
 * The removal guard of Vault Lock. AWS: Vault Lock prevents "attempts to delete any recovery
 * point stored in or created in a backup vault"; only the lifecycle deletes them. Governance and
 * compliance alike.
 */
export const vaultLockGuard =
  (vaults: DocCollection<VaultRecord>): RemovalGuard =>
  async (point, kind) => {
    if (kind !== 'delete') return undefined;
    const vault = await vaults.get(point, point.vaultName);
    return vault?.lock
      ? `Recovery point ${point.arn} cannot be deleted because backup vault ${vault.name} is protected by Vault Lock; it is deleted when its lifecycle ends.`
      : undefined;
  };
