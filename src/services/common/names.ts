/**
 * Naming rules every domain shares, each once: the model's AccountId and BackupVaultName
 * patterns, AWS Regions, backup vault ARNs and IAM role ARNs.
 */
import { invalidParameter } from '../../protocol/errors.js';
import type { Scope } from '../../store/types.js';

/** The model's AccountId: `^[0-9]{12}$`. */
export const ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * An AWS Region name such as us-east-1, us-gov-west-1, eu-isoe-west-1 or ap-southeast-2: every
 * Region AWS has. (The model gives no pattern; the copies this replaced disagreed on more than
 * one word before the number and on numbers of two digits, and this accepts both.)
 */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The model's BackupVaultName: `^[a-zA-Z0-9\-\_]{2,50}$`. */
export const VAULT_NAME = /^[a-zA-Z0-9\-_]{2,50}$/;

/** How a vault name is written, for the messages that refuse one. */
export const VAULT_NAME_RULE = 'use 2 to 50 letters, digits, hyphens and underscores';

/** Refuses a vault name in a member the model types as a bare String (StartScanJob, GetPITRMalwareScanResults). */
export function validateVaultName(name: string): void {
  if (!VAULT_NAME.test(name)) throw invalidParameter(`Invalid BackupVaultName '${name}': ${VAULT_NAME_RULE}.`);
}

export interface VaultRef extends Scope {
  vaultName: string;
}

const VAULT_ARN = /^arn:aws[a-z-]*:backup:([^:]*):([^:]*):backup-vault:(.*)$/;

/**
 * The account, Region and name of a backup vault ARN (arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME,
 * any aws* partition), or undefined when it is not one: the Region must be a Region, the account
 * a 12-digit id and the name a backup vault name.
 */
export function parseVaultArn(arn: string): VaultRef | undefined {
  const m = VAULT_ARN.exec(arn);
  if (!m) return undefined;
  const [, region, accountId, vaultName] = m as unknown as [string, string, string, string];
  return REGION.test(region) && ACCOUNT_ID.test(accountId) && VAULT_NAME.test(vaultName) ? { accountId, region, vaultName } : undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** Refuses anything but an IAM role ARN (IamRoleArn of jobs and selections). */
export function validateRoleArn(arn: string | undefined, name = 'IamRoleArn'): void {
  if (arn === undefined) return;
  if (!ROLE_ARN.test(arn)) throw invalidParameter(`Invalid ${name} '${arn}': expected an IAM role ARN such as arn:aws:iam::123456789012:role/AWSBackupDefaultServiceRole.`);
}
