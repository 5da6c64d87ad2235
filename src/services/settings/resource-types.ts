/**
 * The resource types AWS Backup supports, as GetSupportedResourceTypes documents them, the ones
 * the region settings take, and the defaults of the region settings for an account that has not
 * changed them.
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

/**
 * The resource types of the region settings (UpdateRegionSettings, DescribeRegionSettings): the
 * types above and two that GetSupportedResourceTypes does not document, DSQL (Aurora DSQL) and
 * Redshift Serverless. The Terraform provider's aws_backup_region_settings example and acceptance
 * test send every one of these but EKS and read them back from DescribeRegionSettings
 * (testdata/RegionSettings/basic/main_gen.tf: 18 types); EKS is in the model's list.
 */
export const REGION_SETTING_RESOURCE_TYPES: readonly string[] = [...SUPPORTED_RESOURCE_TYPES, 'DSQL', 'Redshift Serverless'].sort();

const SETTING_TYPES = new Set<string>(REGION_SETTING_RESOURCE_TYPES);
export const isRegionSettingResourceType = (type: string): boolean => SETTING_TYPES.has(type);

/**
 * Service opt-in: AWS's developer guide says an account that starts using AWS Backup in a
 * Region is opted into every resource type supported there at that time, so all are true.
 */
export const DEFAULT_OPT_IN: Readonly<Record<string, boolean>> = Object.fromEntries(REGION_SETTING_RESOURCE_TYPES.map((t) => [t, true]));

/**
 * Full AWS Backup management: EFS, CloudFormation and Aurora DSQL are fully managed, and
 * DynamoDB's advanced features (full management) are on by default for accounts that started
 * using AWS Backup after November 2021, which every Holdfast account does. These four are the
 * ones the Terraform provider's example sends in resource_type_management_preference.
 */
export const DEFAULT_MANAGEMENT: Readonly<Record<string, boolean>> = { CloudFormation: true, DSQL: true, DynamoDB: true, EFS: true };

/** The resource types whose full-management preference exists (and can be set). */
export const MANAGEABLE_RESOURCE_TYPES: ReadonlySet<string> = new Set(Object.keys(DEFAULT_MANAGEMENT));
