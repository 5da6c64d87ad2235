/**
 * What an AWS resource ARN says: the AWS Backup resource type, the account and region, and a
 * display name. Also the ARN forms AWS uses for recovery points and restored resources of each
 * type (see shared/design/aws-backup-facts.md).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { timeOrderedHex, timeOrderedUuid } from './time-ordered-ids.js';
import { ACCOUNT_ID, REGION } from '../services/common/names.js';

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
  /** How the resource part (after region:account:) of this type starts; '' for S3 buckets. */
  prefix: string;
  /** Matches the whole resource part; group 1 is the name AWS shows as ResourceName. */
  resource: RegExp;
  type: string;
  /** The rule `resource` enforces, as refusals name it. */
  rule: string;
}

/** CloudFormation: stack names are letters, digits and hyphens, start with a letter and are at most 128 characters. */
const STACK_NAME = '[A-Za-z][A-Za-z0-9-]{0,127}';
const WHOLE_STACK_NAME = new RegExp(`^${STACK_NAME}$`);
export const isStackName = (name: string): boolean => WHOLE_STACK_NAME.test(name);

const RULES: Rule[] = [
  { service: 'ec2', prefix: 'volume/', resource: /^volume\/(vol-[0-9a-zA-Z]+)$/, type: 'EBS', rule: 'EBS volume IDs are vol- followed by letters and digits' },
  { service: 'ec2', prefix: 'instance/', resource: /^instance\/(i-[0-9a-zA-Z]+)$/, type: 'EC2', rule: 'EC2 instance IDs are i- followed by letters and digits' },
  { service: 'rds', prefix: 'db:', resource: /^db:([A-Za-z][A-Za-z0-9-]{0,62})$/, type: 'RDS', rule: 'RDS DB instance identifiers are 1 to 63 letters, digits and hyphens, starting with a letter' },
  { service: 'rds', prefix: 'cluster:', resource: /^cluster:([A-Za-z][A-Za-z0-9-]{0,62})$/, type: 'Aurora', rule: 'Aurora DB cluster identifiers are 1 to 63 letters, digits and hyphens, starting with a letter' },
  { service: 'dynamodb', prefix: 'table/', resource: /^table\/([A-Za-z0-9_.-]{3,255})$/, type: 'DynamoDB', rule: 'DynamoDB table names are 3 to 255 characters of a-z, A-Z, 0-9, _, - and .' },
  { service: 'elasticfilesystem', prefix: 'file-system/', resource: /^file-system\/(fs-[0-9a-zA-Z]+)$/, type: 'EFS', rule: 'EFS file system IDs are fs- followed by letters and digits' },
  { service: 'fsx', prefix: 'file-system/', resource: /^file-system\/(fs-[0-9a-zA-Z]+)$/, type: 'FSx', rule: 'FSx file system IDs are fs- followed by letters and digits' },
  { service: 's3', prefix: '', resource: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/, type: 'S3', rule: 'S3 bucket names are 3 to 63 characters of a-z, 0-9, . and -, starting and ending with a letter or digit' },
  {
    service: 'cloudformation',
    prefix: 'stack/',
    resource: new RegExp(`^stack/(${STACK_NAME})/[^/]+$`),
    type: 'CloudFormation',
    rule: 'CloudFormation stack ARNs end in stack/NAME/ID, NAME being 1 to 128 letters, digits and hyphens that start with a letter',
  },
  {
    service: 'storagegateway',
    prefix: 'gateway/',
    resource: /^gateway\/sgw-[0-9A-Za-z]+\/volume\/(vol-[0-9A-Za-z]+)$/,
    type: 'Storage Gateway',
    rule: 'Storage Gateway volume ARNs end in gateway/sgw-ID/volume/vol-ID',
  },
  { service: 'backup-gateway', prefix: 'vm/', resource: /^vm\/(vm-[0-9a-zA-Z]+)$/, type: 'VirtualMachine', rule: 'virtual machine IDs are vm- followed by letters and digits' },
  { service: 'redshift', prefix: 'cluster:', resource: /^cluster:([a-z][a-z0-9-]{0,62})$/, type: 'Redshift', rule: 'Redshift cluster identifiers are 1 to 63 lowercase letters, digits and hyphens, starting with a letter' },
  { service: 'redshift-serverless', prefix: 'namespace/', resource: /^namespace\/([0-9a-zA-Z-]+)$/, type: 'Redshift Serverless', rule: 'Redshift Serverless namespace IDs are letters, digits and hyphens' },
  { service: 'docdb', prefix: 'cluster:', resource: /^cluster:([A-Za-z][A-Za-z0-9-]{0,62})$/, type: 'DocumentDB', rule: 'DocumentDB cluster identifiers are 1 to 63 letters, digits and hyphens, starting with a letter' },
  { service: 'neptune-db', prefix: 'cluster:', resource: /^cluster:([A-Za-z][A-Za-z0-9-]{0,62})$/, type: 'Neptune', rule: 'Neptune cluster identifiers are 1 to 63 letters, digits and hyphens, starting with a letter' },
  { service: 'timestream', prefix: 'database/', resource: /^database\/[^/]+\/table\/([^/]+)$/, type: 'Timestream', rule: 'Timestream table ARNs end in database/DATABASE/table/TABLE' },
  {
    service: 'eks',
    prefix: 'cluster/',
    resource: /^cluster\/([A-Za-z0-9][A-Za-z0-9_-]{0,99})$/,
    type: 'EKS',
    rule: 'EKS cluster names are 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit',
  },
  { service: 'ssm-sap', prefix: 'HANA/', resource: /^HANA\/([^/]+)\/DB\/[^/]+$/, type: 'SAP HANA on Amazon EC2', rule: 'SAP HANA database ARNs end in HANA/APPLICATION/DB/DATABASE' },
];

/** Every resource type Holdfast can back up. */
export const RESOURCE_TYPES = [...new Set(RULES.map((r) => r.type))];

/** Types whose recovery points can move to cold storage (AWS's "Feature availability by resource"). */
const COLD_STORAGE_TYPES = new Set(['EBS', 'EFS', 'DynamoDB', 'CloudFormation', 'SAP HANA on Amazon EC2', 'Timestream', 'VirtualMachine']);

export const supportsColdStorage = (type: string): boolean => COLD_STORAGE_TYPES.has(type);

/** The resource types whose recovery points AWS Backup can index for search. */
export const INDEXABLE_TYPES = new Set(['EBS', 'S3']);

/**
 * Types without full AWS Backup management: their backups are encrypted only if the source is
 * (an unencrypted EBS volume makes an unencrypted snapshot).
 */
export const SOURCE_ENCRYPTION_TYPES = new Set(['EBS', 'EC2', 'RDS', 'Aurora', 'DocumentDB', 'Neptune', 'FSx', 'Redshift', 'Storage Gateway']);

/** Types that support continuous backup (point-in-time restore), so DisassociateRecoveryPoint applies. */
export const CONTINUOUS_TYPES = new Set(['RDS', 'Aurora', 'S3', 'SAP HANA on Amazon EC2']);

/**
 * What an ARN is to AWS Backup: a resource it backs up (`info`), a well-formed ARN of something it
 * does not back up (an IAM role, a Lambda function, an EC2 security group), or an ARN that breaks
 * a rule (its form, or the naming rule of its resource type). `problem` completes a sentence that
 * starts with the ARN: "... breaks a rule: DynamoDB table names are ...".
 */
export type ArnCheck =
  | { verdict: 'supported'; info: ResourceInfo }
  | { verdict: 'unsupported'; problem: string }
  | { verdict: 'invalid'; problem: string };

const SERVICES = [...new Set(RULES.map((r) => r.service))];

/** The type rule of an ARN's service and resource part (by the resource's prefix), if AWS Backup backs it up. */
const ruleFor = (service: string, resource: string): Rule | undefined => RULES.find((r) => r.service === service && resource.startsWith(r.prefix));

const broken = (rule: string): ArnCheck => ({ verdict: 'invalid', problem: `breaks a rule: ${rule}` });

/** The one check of a resource ARN (the inventory, stack members, StartBackupJob): see ArnCheck. */
export function checkResourceArn(arn: string): ArnCheck {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return broken('ARNs have the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE');
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!/^aws(-[a-z-]+)?$/.test(partition)) return broken(`the partition is aws, aws-cn, aws-us-gov or another aws-* partition (got '${partition}')`);
  if (!/^[a-z0-9-]+$/.test(service)) return broken(`the service is lowercase letters, digits and hyphens (got '${service}')`);
  if (resource === '') return broken('the resource part (after REGION:ACCOUNT:) is never empty');
  const rules = RULES.filter((r) => r.service === service);
  const rule = ruleFor(service, resource);
  if (!rule) {
    // Not a type AWS Backup backs up: only the ARN's form is checked (IAM ARNs have no Region, EC2 AMIs no account, AWS-managed policies account "aws").
    if (region !== '' && !REGION.test(region)) return broken(`the Region is empty or a Region such as us-east-1 (got '${region}')`);
    if (accountId !== '' && accountId !== 'aws' && !ACCOUNT_ID.test(accountId)) return broken(`the account is empty or a 12-digit account ID (got '${accountId}')`);
    const backedUp = rules.length
      ? `of ${service} resources it backs up ${rules.map((r) => `${r.prefix}...`).join(' and ')} only`
      : `it backs up no ${service} resources (it backs up ${SERVICES.join(', ')})`;
    return { verdict: 'unsupported', problem: `is not an ARN of a resource type AWS Backup supports: ${backedUp}` };
  }
  if (service === 's3') {
    if (region !== '' || accountId !== '') return broken(`S3 bucket ARNs have no Region and no account: arn:aws:s3:::BUCKET (got Region '${region}', account '${accountId}')`);
  } else {
    if (!REGION.test(region)) return broken(`${rule.type} ARNs name a Region such as us-east-1 (got '${region}')`);
    if (!ACCOUNT_ID.test(accountId)) return broken(`${rule.type} ARNs name a 12-digit account ID (got '${accountId}')`);
  }
  const m = rule.resource.exec(resource);
  if (!m) return broken(`${rule.rule} (got '${resource.slice(rule.prefix.length)}')`);
  return { verdict: 'supported', info: { type: rule.type, accountId, region, name: m[1]! } };
}

/**
 * The resource type an ARN's service and resource prefix name, without the naming rules (a stored
 * point's resource may predate a rule); the ARN's service where no type matches.
 */
export function resourceTypeOfArn(arn: string): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return 'Unknown';
  const service = parts[2]!;
  const resource = parts.slice(5).join(':');
  return ruleFor(service, resource)?.type ?? service;
}

/** What the ARN names, or undefined when AWS Backup cannot back it up (checkResourceArn says why). */
export function describeResourceArn(arn: string): ResourceInfo | undefined {
  const check = checkResourceArn(arn);
  return check.verdict === 'supported' ? check.info : undefined;
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
    case 'EKS':
      // Holdfast's choice (docs/events.md, "EKS"): the target cluster named by `clusterName`, else a new cluster.
      return `arn:aws:eks:${region}:${accountId}:cluster/${pick('clusterName') ?? `restored-${id}`}`;
    default:
      return `arn:aws:backup:${region}:${accountId}:restored-resource:${randomUUID()}`;
  }
}
