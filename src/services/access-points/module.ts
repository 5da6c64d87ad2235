/**
 * The backup access point domain (docs/access-points.md): its handlers, its worker on the clock,
 * its removal guard on the recovery points it reads, and `accesspoint` ARNs as a taggable type.
 */
import type { DomainModule } from '../module.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { backupTaggable } from '../common/taggable.js';
import { AccessPointService } from './access-point-service.js';
import { accessPointGuard } from './guard.js';
import { AccessPointWorker } from './lifecycle.js';

export const accessPointsModule: DomainModule<{ deps: ServiceDeps; recoveryPoints: RecoveryPointService }> = {
  name: 'access-points',
  build({ deps, recoveryPoints }) {
    const store = deps.store.accessPoints;
    const service = new AccessPointService(deps, store, recoveryPoints);
    return {
      handlers: service.handlers(),
      workers: [new AccessPointWorker(deps, store, recoveryPoints)],
      removalGuards: [accessPointGuard(store)],
      taggable: [backupTaggable('accesspoint', (scope, arn) => service.exists(scope, arn))],
      exports: {},
    };
  },
};
