/** A backup vault as stored. Times are epoch milliseconds. */
export interface VaultLock {
  minRetentionDays?: number;
  maxRetentionDays?: number;
  /** Set for compliance mode: the lock becomes immutable at lockDate. */
  changeableForDays?: number;
  lockDate?: number;
}

export interface VaultNotifications {
  topicArn: string;
  events: string[];
}

/** The latest change of a vault's MPA approval team (see services/vaults/mpa.ts). */
export interface VaultMpaUpdate {
  sessionArn?: string;
  status: 'PENDING' | 'APPROVED' | 'FAILED';
  statusMessage?: string;
  initiationDate: number;
  expiryDate?: number;
}

export interface VaultRecord {
  name: string;
  arn: string;
  vaultType: 'BACKUP_VAULT' | 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' | 'RESTORE_ACCESS_BACKUP_VAULT';
  vaultState: 'CREATING' | 'AVAILABLE' | 'FAILED';
  encryptionKeyArn: string;
  creatorRequestId?: string;
  creationDate: number;
  lock?: VaultLock;
  accessPolicy?: string;
  notifications?: VaultNotifications;
  /** A restore access vault's source (logically air-gapped) vault. */
  sourceBackupVaultArn?: string;
  /** The associated MPA approval team (logically air-gapped vaults). */
  mpaApprovalTeamArn?: string;
  /** The MPA session that approved this restore access vault. */
  mpaSessionArn?: string;
  latestMpaUpdate?: VaultMpaUpdate;
}

export const VAULT_KIND = 'vault';
