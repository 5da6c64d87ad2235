import type { Migration } from './index.js';

/**
 * NumberOfRecoveryPoints in O(1): a per-vault counter kept by triggers in the same transaction
 * as the recovery point rows (a COUNT over the vault's index range grows with the vault).
 */
export const migration014: Migration = {
  version: 14,
  name: 'vault-point-counts',
  sql: `
    CREATE TABLE vault_point_counts (
      account TEXT NOT NULL,
      region TEXT NOT NULL,
      vault_name TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (account, region, vault_name)
    ) WITHOUT ROWID;
    INSERT INTO vault_point_counts (account, region, vault_name, n)
      SELECT account, region, vault_name, count(*) FROM recovery_points GROUP BY account, region, vault_name;
    CREATE TRIGGER rp_count_insert AFTER INSERT ON recovery_points BEGIN
      INSERT INTO vault_point_counts (account, region, vault_name, n) VALUES (NEW.account, NEW.region, NEW.vault_name, 1)
        ON CONFLICT (account, region, vault_name) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER rp_count_delete AFTER DELETE ON recovery_points BEGIN
      UPDATE vault_point_counts SET n = n - 1 WHERE account = OLD.account AND region = OLD.region AND vault_name = OLD.vault_name;
    END;
  `,
};
