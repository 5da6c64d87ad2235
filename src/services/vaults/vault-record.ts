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
}

export const VAULT_KIND = 'vault';
