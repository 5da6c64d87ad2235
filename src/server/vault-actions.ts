/**
 * The vault-scoped operations of AWS Backup: for each, the IAM action a vault access policy is
 * evaluated for, the resource type whose ARN the policy's Resource is matched against, and where
 * the input names the vault and recovery point. From AWS's Service Authorization Reference for
 * AWS Backup (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html);
 * docs/security.md shows the same table. Operations not listed here read no vault policy
 * (CreateBackupVault: no vault yet; list operations across vaults; plans, frameworks, ...).
 */

/** backupVault: arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME; recoveryPoint: the recovery point's ARN as given. */
export type VaultResourceType = 'backupVault' | 'recoveryPoint';

export interface VaultAction {
  /** The IAM action, e.g. backup:DeleteRecoveryPoint. */
  action: string;
  resource: VaultResourceType;
  /** The input member naming the vault (BackupVaultName unless said otherwise). */
  vaultName?: string;
  /** The input member holding the vault's ARN, where the input names it by ARN. */
  vaultArn?: string;
  /** The input member holding the recovery point ARN (RecoveryPointArn unless said otherwise). */
  point?: string;
  /** The input member naming the vault's account, where the operation reaches another account's vault. */
  account?: string;
}

const onVault = (action: string, extra: Partial<VaultAction> = {}): VaultAction => ({ action: `backup:${action}`, resource: 'backupVault', vaultName: 'BackupVaultName', ...extra });
const onPoint = (action: string, extra: Partial<VaultAction> = {}): VaultAction => ({
  action: `backup:${action}`,
  resource: 'recoveryPoint',
  vaultName: 'BackupVaultName',
  point: 'RecoveryPointArn',
  ...extra,
});

/** Operation name -> how its call is authorized against the vault's access policy. */
export const VAULT_ACTIONS: ReadonlyMap<string, VaultAction> = new Map([
  // backupVault*
  ['DescribeBackupVault', onVault('DescribeBackupVault', { account: 'BackupVaultAccountId' })],
  ['DeleteBackupVault', onVault('DeleteBackupVault')],
  ['GetBackupVaultAccessPolicy', onVault('GetBackupVaultAccessPolicy')],
  ['PutBackupVaultAccessPolicy', onVault('PutBackupVaultAccessPolicy')],
  ['DeleteBackupVaultAccessPolicy', onVault('DeleteBackupVaultAccessPolicy')],
  ['GetBackupVaultNotifications', onVault('GetBackupVaultNotifications')],
  ['PutBackupVaultNotifications', onVault('PutBackupVaultNotifications')],
  ['DeleteBackupVaultNotifications', onVault('DeleteBackupVaultNotifications')],
  ['PutBackupVaultLockConfiguration', onVault('PutBackupVaultLockConfiguration')],
  ['DeleteBackupVaultLockConfiguration', onVault('DeleteBackupVaultLockConfiguration')],
  ['AssociateBackupVaultMpaApprovalTeam', onVault('AssociateBackupVaultMpaApprovalTeam')],
  ['DisassociateBackupVaultMpaApprovalTeam', onVault('DisassociateBackupVaultMpaApprovalTeam')],
  ['ListRecoveryPointsByBackupVault', onVault('ListRecoveryPointsByBackupVault', { account: 'BackupVaultAccountId' })],
  ['ListRestoreAccessBackupVaults', onVault('ListRestoreAccessBackupVaults')],
  ['RevokeRestoreAccessBackupVault', onVault('RevokeRestoreAccessBackupVault')],
  ['CreateRestoreAccessBackupVault', onVault('CreateRestoreAccessBackupVault', { vaultName: undefined, vaultArn: 'SourceBackupVaultArn' })],
  ['StartBackupJob', onVault('StartBackupJob')],
  // recoveryPoint*
  ['DescribeRecoveryPoint', onPoint('DescribeRecoveryPoint', { account: 'BackupVaultAccountId' })],
  ['GetRecoveryPointRestoreMetadata', onPoint('GetRecoveryPointRestoreMetadata', { account: 'BackupVaultAccountId' })],
  ['DeleteRecoveryPoint', onPoint('DeleteRecoveryPoint')],
  ['UpdateRecoveryPointLifecycle', onPoint('UpdateRecoveryPointLifecycle')],
  ['DisassociateRecoveryPoint', onPoint('DisassociateRecoveryPoint')],
  ['DisassociateRecoveryPointFromParent', onPoint('DisassociateRecoveryPointFromParent')],
  ['GetRecoveryPointIndexDetails', onPoint('GetRecoveryPointIndexDetails')],
  ['UpdateRecoveryPointIndexSettings', onPoint('UpdateRecoveryPointIndexSettings')],
  ['StartScanJob', onPoint('StartScanJob')],
  ['StartCopyJob', onPoint('StartCopyJob', { vaultName: 'SourceBackupVaultName' })],
  // The input names only the recovery point: its vault is looked up.
  ['StartRestoreJob', onPoint('StartRestoreJob', { vaultName: undefined })],
]);

/**
 * Tagging names a resource by ARN: a vault's tags are authorized against the vault's policy, a
 * recovery point's against its vault's (resource type recoveryPoint); other ARNs (plans,
 * frameworks, ...) read no vault policy.
 */
export const TAG_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['TagResource', 'backup:TagResource'],
  ['UntagResource', 'backup:UntagResource'],
  ['ListTags', 'backup:ListTags'],
]);
