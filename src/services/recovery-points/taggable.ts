/**
 * Recovery points that AWS Backup manages fully (the generic `backup:recovery-point` ARN: EFS,
 * S3, advanced DynamoDB, ...) are taggable through TagResource/ListTags. Points whose ARN belongs
 * to another service (EBS snapshots, RDS snapshots, ...) carry their tags in that service, so
 * AWS Backup's tag operations refuse them (AWS: "ListTags only works for resource types that
 * support full Backup management of their backups").
 */
import type { TaggableResources } from '../tags/registry.js';
import type { RecoveryPointQuery } from './contract.js';

export function registerTaggableRecoveryPoints(taggable: TaggableResources, points: Required<Pick<RecoveryPointQuery, 'get'>>): void {
  taggable.registerBackup('recovery-point', async (scope, arn) => (await points.get(scope, arn)) !== undefined);
}
