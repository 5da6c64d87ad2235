/**
 * Creates a logically air-gapped vault and lets it become AVAILABLE: AWS (and Holdfast) answer
 * CREATING and turn it AVAILABLE a few seconds later, so a test that uses the vault at once
 * advances the clock by LAG_CREATING_SECONDS first.
 */
import {
  CreateLogicallyAirGappedBackupVaultCommand,
  type BackupClient,
  type CreateLogicallyAirGappedBackupVaultCommandInput,
  type CreateLogicallyAirGappedBackupVaultCommandOutput,
} from '@aws-sdk/client-backup';
import { LAG_CREATING_SECONDS } from '../../src/services/vaults/vault-creation.js';
import type { TestServer } from './server.js';

export { LAG_CREATING_SECONDS };

export async function createAirGappedVault(
  t: TestServer,
  input: Partial<CreateLogicallyAirGappedBackupVaultCommandInput> & { BackupVaultName: string },
  client: BackupClient = t.client,
): Promise<CreateLogicallyAirGappedBackupVaultCommandOutput> {
  const out = await client.send(new CreateLogicallyAirGappedBackupVaultCommand({ MinRetentionDays: 7, MaxRetentionDays: 30, ...input }));
  await t.advance(LAG_CREATING_SECONDS);
  return out;
}
