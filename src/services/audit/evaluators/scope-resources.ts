/**
 * The resources of an account and Region that resource-based controls evaluate: the inventory's
 * resources whose ARN names that account and Region, and every resource with recovery points
 * there whose ARN has no account or Region (S3 buckets) or names them. Each with its AWS Backup
 * type, its AWS Config type and its inventory tags.
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import { describeResourceArn } from '../../../resources/resource-types.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { Scope } from '../../../store/types.js';
import { inScope, type ResourceEvaluation } from '../compliance.js';

export interface ScopedResource {
  arn: string;
  /** AWS Config's resource id: the resource's name or id (vol-..., the table name, ...). */
  id: string;
  /** AWS Backup's type (EBS, RDS, ...). */
  type: string;
  /** AWS Config's type (AWS::EC2::Volume, ...). */
  configType: string;
  tags: Record<string, string>;
}

const CONFIG_TYPES: Record<string, string> = {
  EBS: 'AWS::EC2::Volume',
  EC2: 'AWS::EC2::Instance',
  RDS: 'AWS::RDS::DBInstance',
  Aurora: 'AWS::RDS::DBCluster',
  DynamoDB: 'AWS::DynamoDB::Table',
  EFS: 'AWS::EFS::FileSystem',
  FSx: 'AWS::FSx::FileSystem',
  S3: 'AWS::S3::Bucket',
  CloudFormation: 'AWS::CloudFormation::Stack',
  'Storage Gateway': 'AWS::StorageGateway::Volume',
  VirtualMachine: 'AWS::BackupGateway::VirtualMachine',
  Redshift: 'AWS::Redshift::Cluster',
  'Redshift Serverless': 'AWS::RedshiftServerless::Namespace',
  DocumentDB: 'AWS::DocDB::DBCluster',
  Neptune: 'AWS::Neptune::DBCluster',
  Timestream: 'AWS::Timestream::Table',
  'SAP HANA on Amazon EC2': 'AWS::SSMSAP::Application',
};

export const configTypeOf = (backupType: string): string => CONFIG_TYPES[backupType] ?? `AWS::Backup::${backupType.replace(/\W/g, '')}`;

export async function scopeResources(scope: Scope, inventory: Inventory, points: RecoveryPointsStore): Promise<ScopedResource[]> {
  const found = new Map<string, ScopedResource>();
  const belongs = (info: { accountId: string; region: string }): boolean =>
    (info.accountId === '' || info.accountId === scope.accountId) && (info.region === '' || info.region === scope.region);
  for (const entry of await inventory.listScope(scope)) {
    const info = describeResourceArn(entry.arn);
    if (!info || info.accountId === '' || !belongs(info)) continue;
    const type = entry.resourceType ?? info.type;
    found.set(entry.arn, { arn: entry.arn, id: info.name, type, configType: configTypeOf(type), tags: entry.tags ?? {} });
  }
  let after = '';
  for (;;) {
    const page = await points.protectedResources(scope, undefined, after, 500);
    for (const row of page) {
      const info = describeResourceArn(row.resourceArn);
      if (found.has(row.resourceArn) || !info || !belongs(info)) continue;
      const entry = await inventory.get(row.resourceArn);
      const type = entry?.resourceType ?? row.resourceType;
      found.set(row.resourceArn, { arn: row.resourceArn, id: info.name, type, configType: configTypeOf(type), tags: entry?.tags ?? {} });
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.resourceArn;
  }
  return [...found.values()].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/** Whether a resource is in a control's scope: ids match the resource id or ARN; types the Backup or Config type. */
export function resourceInScope(control: FrameworkControl, r: ScopedResource): boolean {
  const ids = control.ControlScope?.ComplianceResourceIds;
  if (ids?.length && !ids.includes(r.id) && !ids.includes(r.arn)) return false;
  const withoutIds: FrameworkControl = ids?.length ? { ...control, ControlScope: { ...control.ControlScope, ComplianceResourceIds: undefined } } : control;
  return inScope(withoutIds, { id: r.id, types: [r.type, r.configType], tags: r.tags });
}

export const evaluation = (r: ScopedResource, compliant: boolean): ResourceEvaluation => ({
  resourceId: r.id,
  resourceType: r.configType,
  status: (compliant ? 'COMPLIANT' : 'NON_COMPLIANT'),
});
