/**
 * What an AWS resource ARN says: the AWS Backup resource type, the account and region, and a
 * display name. Also the ARN forms AWS uses for recovery points and restored resources of each
 * type (see shared/design/aws-backup-facts.md).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { timeOrderedHex, timeOrderedUuid } from './time-ordered-ids.js';

export interface ResourceInfo {
  /** AWS Backup's resource type string (EBS, EC2, RDS, Aurora, ...). */
  type: string;
  /** Empty for ARNs without an account (S3 buckets). */
  accountId: string;
  /** Empty for ARNs without a region (S3 buckets). */
  region: string;
  /** The resource's own name or id, as AWS shows it in ResourceName. */
  name: string;
}

interface Rule {
  service: string;
  /** Matches the resource part of the ARN (after region:account:). */
  resource: RegExp;
  type: string;
}

const RULES: Rule[] = [
  { service: 'ec2', resource: /^volume\/(vol-[0-9a-zA-Z]+)$/, type: 'EBS' },
  { service: 'ec2', resource: /^instance\/(i-[0-9a-zA-Z]+)$/, type: 'EC2' },
  { service: 'rds', resource: /^db:([A-Za-z][A-Za-z0-9-]*)$/, type: 'RDS' },
  { service: 'rds', resource: /^cluster:([A-Za-z][A-Za-z0-9-]*)$/, type: 'Aurora' },
  { service: 'dynamodb', resource: /^table\/([A-Za-z0-9_.-]{3,255})$/, type: 'DynamoDB' },
  { service: 'elasticfilesystem', resource: /^file-system\/(fs-[0-9a-zA-Z]+)$/, type: 'EFS' },
  { service: 'fsx', resource: /^file-system\/(fs-[0-9a-zA-Z]+)$/, type: 'FSx' },
  { service: 's3', resource: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/, type: 'S3' },
  { service: 'cloudformation', resource: /^stack\/([A-Za-z][A-Za-z0-9-]*)\/[^/]+$/, type: 'CloudFormation' },
  { service: 'storagegateway', resource: /^gateway\/sgw-[0-9A-Za-z]+\/volume\/(vol-[0-9A-Za-z]+)$/, type: 'Storage Gateway' },
  { service: 'backup-gateway', resource: /^vm\/(vm-[0-9a-zA-Z]+)$/, type: 'VirtualMachine' },
  { service: 'redshift', resource: /^cluster:([a-z][a-z0-9-]*)$/, type: 'Redshift' },
  { service: 'redshift-serverless', resource: /^namespace\/([0-9a-zA-Z-]+)$/, type: 'Redshift Serverless' },
  { service: 'docdb', resource: /^cluster:([A-Za-z][A-Za-z0-9-]*)$/, type: 'DocumentDB' },
  { service: 'neptune-db', resource: /^cluster:([A-Za-z][A-Za-z0-9-]*)$/, type: 'Neptune' },
  { service: 'timestream', resource: /^database\/[^/]+\/table\/([^/]+)$/, type: 'Timestream' },
  { service: 'ssm-sap', resource: /^HANA\/([^/]+)\/DB\/[^/]+$/, type: 'SAP HANA on Amazon EC2' },
];

/** Every resource type Holdfast can back up. */
export const RESOURCE_TYPES = [...new Set(RULES.map((r) => r.type))];

/** Types whose recovery points can move to cold storage (AWS's "Feature availability by resource"). */
const COLD_STORAGE_TYPES = new Set(['EBS', 'EFS', 'DynamoDB', 'CloudFormation', 'SAP HANA on Amazon EC2', 'Timestream', 'VirtualMachine']);

export const supportsColdStorage = (type: string): boolean => COLD_STORAGE_TYPES.has(type);

/**
 * Types without full AWS Backup management: their backups are encrypted only if the source is
 * (an unencrypted EBS volume makes an unencrypted snapshot).
 */
export const SOURCE_ENCRYPTION_TYPES = new Set(['EBS', 'EC2', 'RDS', 'Aurora', 'DocumentDB', 'Neptune', 'FSx', 'Redshift', 'Storage Gateway']);

/** Types that support continuous backup (point-in-time restore), so DisassociateRecoveryPoint applies. */
export const CONTINUOUS_TYPES = new Set(['RDS', 'Aurora', 'S3', 'SAP HANA on Amazon EC2']);

/** Answers what the ARN names, or undefined when AWS Backup cannot back it up. */
export function describeResourceArn(arn: string): ResourceInfo | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^aws(-[a-z-]+)?$/.test(parts[1]!)) return undefined;
  const [, , service, region, accountId] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (service !== 's3' && (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region) || !/^\d{12}$/.test(accountId))) return undefined;
  if (service === 's3' && (region !== '' || accountId !== '')) return undefined;
  for (const rule of RULES) {
    if (rule.service !== service) continue;
    const m = rule.resource.exec(resource);
    if (m) return { type: rule.type, accountId, region, name: m[1]! };
  }
  return undefined;
}

const hex = (n: number): string => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

/**
 * The recovery point ARN AWS uses for a backup of this type, made in the given vault's region and
 * account. DynamoDB backups made with advanced features (AWS Backup's full management of
 * DynamoDB, on by default for accounts since November 2021) take the generic form, like EFS and S3.
 */
export function recoveryPointArnFor(type: string, resourceName: string, region: string, accountId: string, nowMs: number, advancedDynamoDB = false): string {
  switch (advancedDynamoDB && type === 'DynamoDB' ? 'generic' : type) {
    case 'EBS':
      return `arn:aws:ec2:${region}::snapshot/snap-${timeOrderedHex(17, nowMs)}`;
    case 'EC2':
      return `arn:aws:ec2:${region}::image/ami-${timeOrderedHex(17, nowMs)}`;
    case 'RDS':
      return `arn:aws:rds:${region}:${accountId}:snapshot:awsbackup:job-${timeOrderedUuid(nowMs)}`;
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
      return `arn:aws:rds:${region}:${accountId}:cluster-snapshot:awsbackup:job-${timeOrderedUuid(nowMs)}`;
    case 'DynamoDB':
      return `arn:aws:dynamodb:${region}:${accountId}:table/${resourceName}/backup/${nowMs}-${hex(8)}`;
    case 'FSx':
      return `arn:aws:fsx:${region}:${accountId}:backup/backup-${timeOrderedHex(17, nowMs)}`;
    default:
      return `arn:aws:backup:${region}:${accountId}:recovery-point:${timeOrderedUuid(nowMs)}`;
  }
}

/** The ARN of the resource a restore of this type creates. */
export function restoredResourceArnFor(type: string, region: string, accountId: string, metadata: Record<string, string>): string {
  const pick = (...keys: string[]): string | undefined => keys.map((k) => metadata[k]).find((v) => v !== undefined && v !== '');
  const id = randomUUID().slice(0, 8);
  switch (type) {
    case 'EBS':
      return `arn:aws:ec2:${region}:${accountId}:volume/vol-${hex(17)}`;
    case 'EC2':
      return `arn:aws:ec2:${region}:${accountId}:instance/i-${hex(17)}`;
    case 'RDS':
      return `arn:aws:rds:${region}:${accountId}:db:${pick('DBInstanceIdentifier') ?? `restored-${id}`}`;
    case 'Aurora':
    case 'DocumentDB':
    case 'Neptune':
      return `arn:aws:rds:${region}:${accountId}:cluster:${pick('DBClusterIdentifier') ?? `restored-${id}`}`;
    case 'DynamoDB':
      return `arn:aws:dynamodb:${region}:${accountId}:table/${pick('targetTableName', 'TargetTableName') ?? `restored-${id}`}`;
    case 'EFS':
      return `arn:aws:elasticfilesystem:${region}:${accountId}:file-system/${pick('file-system-id') ?? `fs-${hex(17)}`}`;
    case 'FSx':
      return `arn:aws:fsx:${region}:${accountId}:file-system/fs-${hex(17)}`;
    case 'S3':
      return `arn:aws:s3:::${pick('DestinationBucketName') ?? `restored-${id}`}`;
    case 'CloudFormation':
      return `arn:aws:cloudformation:${region}:${accountId}:stack/${pick('StackName') ?? `restored-${id}`}/${randomUUID()}`;
    case 'Redshift':
      return `arn:aws:redshift:${region}:${accountId}:cluster:${pick('ClusterIdentifier') ?? `restored-${id}`}`;
    case 'VirtualMachine':
      return `arn:aws:backup-gateway:${region}:${accountId}:vm/vm-${hex(17)}`;
    default:
      return `arn:aws:backup:${region}:${accountId}:restored-resource:${randomUUID()}`;
  }
}
