/**
 * The resource types AWS Backup supports, as GetSupportedResourceTypes documents them, and the
 * defaults of the region settings for an account that has not changed them.
 */

/** GetSupportedResourceTypes, in the model's documented order. */
export const SUPPORTED_RESOURCE_TYPES = [
  'Aurora',
  'CloudFormation',
  'DocumentDB',
  'DynamoDB',
  'EBS',
  'EC2',
  'EFS',
  'EKS',
  'FSx',
  'Neptune',
  'RDS',
  'Redshift',
  'S3',
  'SAP HANA on Amazon EC2',
  'Storage Gateway',
  'Timestream',
  'VirtualMachine',
] as const;

export type SupportedResourceType = (typeof SUPPORTED_RESOURCE_TYPES)[number];

const SUPPORTED = new Set<string>(SUPPORTED_RESOURCE_TYPES);
export const isSupportedResourceType = (type: string): type is SupportedResourceType => SUPPORTED.has(type);

/**
 * Service opt-in: AWS's developer guide says an account that starts using AWS Backup in a
 * Region is opted into every resource type supported there at that time, so all are true.
 */
export const DEFAULT_OPT_IN: Readonly<Record<string, boolean>> = Object.fromEntries(SUPPORTED_RESOURCE_TYPES.map((t) => [t, true]));

/**
 * Full AWS Backup management: EFS and CloudFormation are fully managed, and DynamoDB's advanced
 * features (full management) are on by default for accounts that started using AWS Backup
 * after November 2021, which every Holdfast account does.
 */
export const DEFAULT_MANAGEMENT: Readonly<Record<string, boolean>> = { CloudFormation: true, DynamoDB: true, EFS: true };

/** The resource types whose full-management preference exists (and can be set). */
export const MANAGEABLE_RESOURCE_TYPES: ReadonlySet<string> = new Set(Object.keys(DEFAULT_MANAGEMENT));
