/**
 * Restore testing inferred metadata: the restore metadata AWS Backup infers for a recovery point
 * so that a test restore succeeds with secure defaults (developer guide, "Restore testing
 * inferred metadata"), and GetRestoreTestingInferredMetadata, which previews it. A selection's
 * RestoreMetadataOverrides replace inferred keys without regard to case.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { notFound } from '../../protocol/errors.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { Handlers } from '../registry.js';

const testName = (): string => `awsbackup-restore-test-${randomBytes(6).toString('hex')}`;
const zone = (region: string): string => `${region}${'abc'[randomInt(3)]}`;

/** The metadata AWS infers for a test restore of this point. */
export function inferMetadata(point: RecoveryPointRecord): Record<string, string> {
  const original = point.restoreMetadata ?? {};
  switch (point.resourceType) {
    case 'DynamoDB':
      return { deletionProtection: 'false', encryptionType: 'Default', targetTableName: testName() };
    case 'EBS':
      return { availabilityZone: zone(point.region), encrypted: 'true' };
    case 'EC2':
      return { disableApiTermination: 'false', instanceType: original.InstanceType ?? 't3.micro', requireImdsV2: 'true' };
    case 'EFS':
      return {
        encrypted: 'true',
        'file-system-id': original['file-system-id'] ?? point.resourceName,
        newFileSystem: 'true',
        performanceMode: 'generalPurpose',
        CreationToken: testName(),
      };
    case 'RDS':
      return { DBInstanceIdentifier: testName(), deletionProtection: 'false', multiAZ: 'false', publiclyAccessible: 'false' };
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
      return {
        DBClusterIdentifier: testName(),
        engine: original.Engine ?? point.resourceType.toLowerCase(),
        availabilityZones: JSON.stringify([zone(point.region)]),
        deletionProtection: 'false',
      };
    case 'S3':
      return { DestinationBucketName: testName(), newBucket: 'true', encrypted: 'true', encryptionType: 'SSE-S3' };
    case 'FSx':
      // AWS cannot infer a complete set for FSx: only what the backup itself says.
      return { ...original };
    default:
      return { ...original };
  }
}

/** Inferred metadata with a selection's overrides applied (override keys match without case). */
export function withOverrides(inferred: Record<string, string>, overrides: Record<string, string> | undefined): Record<string, string> {
  const out = { ...inferred };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    for (const k of Object.keys(out)) if (k.toLowerCase() === key.toLowerCase()) delete out[k];
    out[key] = value;
  }
  return out;
}

export function inferredMetadataHandlers(points: RecoveryPointService): Handlers {
  return {
    GetRestoreTestingInferredMetadata: async (input, ctx) => {
      const account = input.BackupVaultAccountId ?? ctx.accountId;
      // Another account's vault is out of reach without a shared vault model: refused as not found.
      if (account !== ctx.accountId) {
        throw notFound(`Backup vault ${input.BackupVaultName} of account ${account} was not found or is not shared with account ${ctx.accountId}.`, {
          Type: 'User',
        });
      }
      const point = await points.require(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
      return { InferredMetadata: inferMetadata(point) };
    },
  };
}
