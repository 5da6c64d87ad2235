/** Backup vault scenarios: describe and list over 1,000 vaults, and create. */
import type { Scenario } from '../scenario.js';

const VAULTS = 1000;
const vaultName = (i: number): string => `bench-vault-${String(i).padStart(4, '0')}`;

export const vaultScenarios: Scenario[] = [
  {
    name: 'DescribeBackupVault',
    setup: async (call) => {
      for (let i = 0; i < VAULTS; i += 50) {
        const batch = Array.from({ length: 50 }, (_, k) =>
          call({ method: 'PUT', path: `/backup-vaults/${vaultName(i + k)}`, body: JSON.stringify({ BackupVaultTags: { bench: 'yes' } }) }),
        );
        for (const r of await Promise.all(batch)) if (r.status !== 200) throw new Error(`setup: ${r.status} ${r.body}`);
      }
    },
    request: (n, conn) => ({ method: 'GET', path: `/backup-vaults/${vaultName((n * 7 + conn * 131) % VAULTS)}` }),
    expectStatus: 200,
  },
  {
    name: 'ListBackupVaults (1,000 vaults, MaxResults=50)',
    request: () => ({ method: 'GET', path: '/backup-vaults?maxResults=50' }),
    expectStatus: 200,
  },
  {
    name: 'ListBackupVaults (1,000 vaults, all in one page)',
    request: () => ({ method: 'GET', path: '/backup-vaults' }),
    expectStatus: 200,
  },
  {
    name: 'CreateBackupVault',
    request: (n, conn) => ({
      method: 'PUT',
      path: `/backup-vaults/new-${conn}-${n}`,
      body: JSON.stringify({ CreatorRequestId: `req-${conn}-${n}` }),
    }),
    expectStatus: 200,
  },
];
