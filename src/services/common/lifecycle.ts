/**
 * AWS's lifecycle rules (the Lifecycle shape of the API reference), once for every input that
 * carries a lifecycle: plan rules and their copy actions, StartBackupJob, StartCopyJob and
 * UpdateRecoveryPointLifecycle.
 *
 * - MoveToColdStorageAfterDays and DeleteAfterDays are whole numbers of days from 1 to 36500.
 *   StartBackupJob's Lifecycle "has a maximum value of 100 years (36,500 days)" (API reference)
 *   and plan rules answer AWS's "cannot be less than 1 or more than 36500 days"; StartCopyJob and
 *   UpdateRecoveryPointLifecycle document no cap, and get the same one (stricter reading).
 * - DeleteAfterDays is at least MoveToColdStorageAfterDays + 90 (a point stays 90 days in cold
 *   storage).
 * - DeleteAfterEvent is "not valid as an input".
 * - OptInToArchiveForSupportedResources is any boolean, kept as given.
 * - A rule with EnableContinuousBackup (plans only): no MoveToColdStorageAfterDays, and a
 *   DeleteAfterDays of at most 35.
 * Vault Lock's retention range is a rule of the vault, not of the lifecycle: vaults/vault-lock.ts.
 */
import type { Lifecycle } from '@aws-sdk/client-backup';
import { invalidParameter } from '../../protocol/errors.js';
import { MAX_DAYS } from './time.js';

/** The least time a recovery point stays in cold storage. */
const MIN_COLD_DAYS = 90;
const MAX_CONTINUOUS_DAYS = 35;

interface LifecycleContext {
  /** Said after "Invalid lifecycle" (plans: " in the copy action to ARN"). */
  where?: string;
  /** The lifecycle of a rule with EnableContinuousBackup. */
  continuous?: boolean;
}

/** Why AWS refuses this lifecycle (the whole message), or undefined when it accepts it. */
export function lifecycleProblem(lifecycle: Lifecycle, context: LifecycleContext = {}): string | undefined {
  const invalid = (reason: string): string => `Invalid lifecycle${context.where ?? ''}. ${reason}`;
  if (lifecycle.DeleteAfterEvent !== undefined) return invalid('DeleteAfterEvent is set by AWS Backup and is not valid as an input.');
  const { MoveToColdStorageAfterDays: cold, DeleteAfterDays: del } = lifecycle;
  for (const [name, v] of [['MoveToColdStorageAfterDays', cold], ['DeleteAfterDays', del]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > MAX_DAYS)) {
      return invalid(`${name} cannot be less than 1 or more than ${MAX_DAYS} days`);
    }
  }
  if (context.continuous) {
    if (cold !== undefined) return invalid('MoveToColdStorageAfterDays is unavailable');
    if (del === undefined) return 'Lifecycle must be specified for backup rule enabled continuous backup';
    if (del > MAX_CONTINUOUS_DAYS) {
      return invalid(`DeleteAfterDays cannot be less than 1 or more than ${MAX_CONTINUOUS_DAYS} days for a rule with EnableContinuousBackup`);
    }
  }
  if (cold !== undefined && del !== undefined && del < cold + MIN_COLD_DAYS) {
    return invalid(`DeleteAfterDays cannot be less than ${MIN_COLD_DAYS} days apart from MoveToColdStorageAfterDays`);
  }
  return undefined;
}

/** Refuses a job's or a recovery point's lifecycle with InvalidParameterValueException, as AWS does. */
export function validateLifecycle(lifecycle: Lifecycle | undefined): void {
  const problem = lifecycle && lifecycleProblem(lifecycle);
  if (problem) throw invalidParameter(problem);
}
