/**
 * Which recovery points a legal hold selects. Every criterion given must match: the vault name
 * is in VaultNames, the resource ARN is in ResourceIdentifiers, the creation date is inside the
 * DateRange; and the point existed when the hold was created (later copies are not covered).
 */
import type { LegalHoldRecord, HeldPoint } from '../../store/repos/legal-hold-store.js';
import type { RecoveryPointRef, RecoveryPointSelector } from '../recovery-points/contract.js';
import { parseArn } from '../common/arn.js';

/** The selector handed to RecoveryPointQuery.forEachMatching. */
export function selectorOf(hold: LegalHoldRecord): RecoveryPointSelector {
  const sel = hold.selection;
  const selector: RecoveryPointSelector = {
    createdTo: Math.min(sel?.dateRange?.toDate ?? hold.creationDate, hold.creationDate),
  };
  // An empty list is read as no restriction (as if absent): a hold that protects more is the stricter reading.
  if (sel?.vaultNames?.length) selector.vaultNames = sel.vaultNames;
  if (sel?.resourceIdentifiers?.length) selector.resourceArns = sel.resourceIdentifiers;
  if (sel?.dateRange) selector.createdFrom = sel.dateRange.fromDate;
  return selector;
}

/** Whether a point matches a selector (the same rule forEachMatching applies). */
export function matches(selector: RecoveryPointSelector, point: RecoveryPointRef): boolean {
  if (selector.vaultNames && !selector.vaultNames.includes(point.vaultName)) return false;
  if (selector.resourceArns && !selector.resourceArns.includes(point.resourceArn)) return false;
  if (selector.createdFrom !== undefined && point.creationDate < selector.createdFrom) return false;
  if (selector.createdTo !== undefined && point.creationDate > selector.createdTo) return false;
  return true;
}

/** The stored form of a covered point; `types` caches resource types by resource ARN. */
export function heldPoint(point: RecoveryPointRef, types?: Map<string, string>): HeldPoint {
  let resourceType = point.resourceType ?? types?.get(point.resourceArn);
  if (resourceType === undefined) {
    resourceType = resourceTypeOf(point.resourceArn);
    types?.set(point.resourceArn, resourceType);
  }
  return { pointArn: point.arn, vaultName: point.vaultName, resourceArn: point.resourceArn, resourceType };
}

/** AWS Backup's resource type for a resource ARN (EBS, EC2, RDS, Aurora, ...). */
export function resourceTypeOf(resourceArn: string): string {
  const arn = parseArn(resourceArn);
  if (!arn) return 'Unknown';
  const r = arn.resource;
  switch (arn.service) {
    case 'ec2':
      return r.startsWith('volume/') ? 'EBS' : 'EC2';
    case 'rds':
      return r.startsWith('cluster:') ? 'Aurora' : 'RDS';
    case 'dynamodb':
      return 'DynamoDB';
    case 'elasticfilesystem':
      return 'EFS';
    case 'fsx':
      return 'FSx';
    case 's3':
      return 'S3';
    case 'cloudformation':
      return 'CloudFormation';
    case 'storagegateway':
      return 'Storage Gateway';
    case 'backup-gateway':
      return 'VirtualMachine';
    case 'redshift':
      return 'Redshift';
    case 'timestream':
      return 'Timestream';
    case 'ssm-sap':
      return 'SAP HANA on Amazon EC2';
    case 'docdb':
      return 'DocumentDB';
    case 'neptune':
      return 'Neptune';
    default:
      return arn.service;
  }
}
