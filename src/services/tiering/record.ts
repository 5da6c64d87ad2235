/** A tiering configuration as stored (docs kind `tiering-configuration`, keyed by name). Times are epoch ms. */
export interface TieringSelection {
  resources: string[];
  tieringDownSettingsInDays: number;
  resourceType: string;
}

export interface TieringRecord {
  name: string;
  arn: string;
  /** A vault name, or `*` for the account's global configuration. */
  backupVaultName: string;
  selections: TieringSelection[];
  creatorRequestId?: string;
  creationTime: number;
  lastUpdatedTime: number;
}

export const TIERING_KIND = 'tiering-configuration';
/** One document per vault name (or `*`) naming its configuration: AWS allows one per vault. */
export const TIERING_BY_VAULT_KIND = 'tiering-configuration-by-vault';

export interface TieringByVault {
  name: string;
}
