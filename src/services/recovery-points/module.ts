/**
 * The recovery-point domain: describe, list, delete and update recovery points, their lifecycle
 * (cold storage, expiry) on the clock, and the removal guards every removal asks.
 */
import type { DomainModule } from '../module.js';
import { backupTaggable } from '../common/taggable.js';
import type { VaultService } from '../vaults/vault-service.js';
import type { PointExtensions } from '../common/point-hooks.js';
import type { RecoveryPointDeps } from './contract.js';
import { LifecycleWorker } from './lifecycle-worker.js';
import { RecoveryPointService } from './recovery-point-service.js';

export interface RecoveryPointPorts {
  /** The shared deps and the removal check over every domain's guards. */
  deps: RecoveryPointDeps;
  vaults: VaultService;
  /** Annotators and created/removed hooks of the domains built later (scan, indexes). */
  extensions: () => PointExtensions;
}

export const recoveryPointsModule: DomainModule<RecoveryPointPorts, { recoveryPoints: RecoveryPointService }> = {
  name: 'recovery-points',
  build({ deps, vaults, extensions }) {
    const recoveryPoints = new RecoveryPointService(deps, vaults, extensions);
    return {
      handlers: recoveryPoints.handlers(),
      workers: [new LifecycleWorker(deps, recoveryPoints)],
      // Recovery points that AWS Backup manages fully (the generic `backup:recovery-point` ARN: EFS,
      // S3, advanced DynamoDB, ...) are taggable. Points whose ARN belongs to another service (EBS
      // snapshots, RDS snapshots, ...) carry their tags in that service, so AWS Backup's tag
      // operations refuse them (AWS: "ListTags only works for resource types that support full
      // Backup management of their backups").
      taggable: [backupTaggable('recovery-point', async (scope, arn) => (await recoveryPoints.get(scope, arn)) !== undefined)],
      exports: { recoveryPoints },
    };
  },
};
