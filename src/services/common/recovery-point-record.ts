/** A recovery point as stored (times are epoch ms), and how its lifecycle dates follow. */
import type { CalculatedLifecycle, Lifecycle, RecoveryPointCreator } from '@aws-sdk/client-backup';
import type { RecoveryPointColumns } from '../../store/repos/recovery-points-store.js';
import { supportsColdStorage } from '../../resources/resource-types.js';
import type { RecoveryPointRef } from './removal.js';
import { DAY_MS, optionalDate as date } from './time.js';

export interface RecoveryPointRecord extends RecoveryPointColumns {
  vaultArn: string;
  vaultType: string;
  sourceBackupVaultArn?: string;
  resourceName: string;
  createdBy?: RecoveryPointCreator;
  iamRoleArn: string;
  statusMessage?: string;
  initiationDate?: number;
  completionDate: number;
  backupSizeInBytes: number;
  lifecycle?: Lifecycle;
  encryptionKeyArn: string;
  /** False for the backup of an unencrypted source (see SOURCE_ENCRYPTION_TYPES); undefined means encrypted. */
  isEncrypted?: boolean;
  lastRestoreTime?: number;
  /** A continuous backup (point-in-time recovery); only these can be disassociated. */
  continuous?: boolean;
  restoreMetadata: Record<string, string>;
  /** The job that made it (backup or copy job id). */
  createdByJobId: string;
  /** A composite parent: how many children its job set out to make (fewer present: PARTIAL). */
  expectedChildren?: number;
}

/** Epoch-ms lifecycle instants: cold storage only for the types that support it. */
export function calculatedLifecycle(p: { creationDate: number; resourceType: string; lifecycle?: Lifecycle }): { coldAt?: number; deleteAt?: number } {
  const cold = p.lifecycle?.MoveToColdStorageAfterDays;
  const del = p.lifecycle?.DeleteAfterDays;
  return {
    coldAt: cold !== undefined && supportsColdStorage(p.resourceType) ? p.creationDate + cold * DAY_MS : undefined,
    deleteAt: del !== undefined ? p.creationDate + del * DAY_MS : undefined,
  };
}

export function calculatedLifecycleOutput(p: RecoveryPointRecord): CalculatedLifecycle | undefined {
  const { coldAt, deleteAt } = calculatedLifecycle(p);
  if (coldAt === undefined && deleteAt === undefined) return undefined;
  return {
    MoveToColdStorageAt: date(coldAt),
    DeleteAt: date(deleteAt),
  };
}

/** The next lifecycle step of a point: cold storage while it is warm, then deletion. */
export function nextLifecycleDue(p: RecoveryPointRecord): number | undefined {
  const { coldAt, deleteAt } = calculatedLifecycle(p);
  const pending = [p.storageClass === 'WARM' ? coldAt : undefined, deleteAt].filter((v): v is number => v !== undefined);
  return pending.length ? Math.min(...pending) : undefined;
}

/** What GetRecoveryPointRestoreMetadata answers for a new point of this type. */
export function restoreMetadataFor(type: string, resourceArn: string, resourceName: string, region: string, sizeBytes: number): Record<string, string> {
  const gib = String(Math.max(1, Math.ceil(sizeBytes / 1024 ** 3)));
  switch (type) {
    case 'EBS':
      return { volumeId: resourceName, volumeSize: gib, volumeType: 'gp3', availabilityZone: `${region}a`, encrypted: 'true' };
    case 'EC2':
      return { InstanceId: resourceName, InstanceType: 't3.micro', Placement: JSON.stringify({ AvailabilityZone: `${region}a` }) };
    case 'RDS':
      return { DBInstanceIdentifier: resourceName, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: gib };
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
      return { DBClusterIdentifier: resourceName, Engine: type === 'Aurora' ? 'aurora-postgresql' : type.toLowerCase() };
    case 'DynamoDB':
      return { originalTableName: resourceName, targetTableName: resourceName };
    case 'EFS':
      return { 'file-system-id': resourceName, Encrypted: 'true', PerformanceMode: 'generalPurpose', newFileSystem: 'true' };
    case 'FSx':
      return { FileSystemId: resourceName };
    case 'S3':
      return { DestinationBucketName: resourceName, NewBucket: 'false' };
    case 'CloudFormation':
      return { StackName: resourceName };
    case 'EKS':
      // Holdfast's key (AWS's EKS restore metadata is not in public material it could read): the target cluster.
      return { clusterName: resourceName };
    default:
      return { ResourceArn: resourceArn };
  }
}

/** What the removal guards and legal holds see of a point. */
export function refOf(p: RecoveryPointColumns & { continuous?: boolean }): RecoveryPointRef {
  return {
    accountId: p.accountId,
    region: p.region,
    arn: p.arn,
    vaultName: p.vaultName,
    resourceArn: p.resourceArn,
    resourceType: p.resourceType,
    creationDate: p.creationDate,
    parentRecoveryPointArn: p.parentRecoveryPointArn,
    // Legal holds descend into a held composite parent's children and list the stored type.
    isParent: p.isParent ?? false,
    continuous: p.continuous,
  };
}
