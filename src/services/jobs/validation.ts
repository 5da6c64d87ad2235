/** Checks shared by backup, copy and restore jobs and by recovery point lifecycles. */
import type { Lifecycle } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import type { VaultRecord } from '../vaults/vault-record.js';

const MAX_WINDOW_MINUTES = 52_560_000; // 100 years, AWS's maximum for both windows
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** AWS's lifecycle rules; the message is AWS's own. */
export function validateLifecycle(lifecycle: Lifecycle | undefined): void {
  if (!lifecycle) return;
  const { MoveToColdStorageAfterDays: cold, DeleteAfterDays: del } = lifecycle;
  for (const [name, v] of [['MoveToColdStorageAfterDays', cold], ['DeleteAfterDays', del]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw invalidParameter(`Invalid lifecycle. ${name} must be a whole number of days of at least 1; got ${v}.`);
  }
  if (cold !== undefined && del !== undefined && del < cold + 90) {
    throw invalidParameter('Invalid lifecycle. DeleteAfterDays cannot be less than 90 days apart from MoveToColdStorageAfterDays');
  }
}

export function validateRoleArn(arn: string | undefined, name = 'IamRoleArn'): void {
  if (arn === undefined) return;
  if (!ROLE_ARN.test(arn)) throw invalidParameter(`Invalid ${name} '${arn}': expected an IAM role ARN such as arn:aws:iam::123456789012:role/AWSBackupDefaultServiceRole.`);
}

export function validateWindow(minutes: number | undefined, name: string, min: number): void {
  if (minutes === undefined) return;
  if (!Number.isInteger(minutes) || minutes < min || minutes > MAX_WINDOW_MINUTES) {
    throw invalidParameter(`${name} must be a whole number of minutes from ${min} to ${MAX_WINDOW_MINUTES}; got ${minutes}.`);
  }
}

/**
 * Why a vault lock refuses a recovery point with this lifecycle, or undefined when it accepts it.
 * A point kept forever (no DeleteAfterDays) breaks a lock's MaxRetentionDays.
 */
export function lockViolation(vault: VaultRecord, lifecycle: Lifecycle | undefined): string | undefined {
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
