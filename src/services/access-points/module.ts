/**
 * The backup access point domain (docs/access-points.md): its handlers, its worker on the clock,
 * its removal guard on the recovery points it reads, `accesspoint` ARNs as a taggable type, its
 * events (the store wrapped by access-point-events.ts), the faults admin route, and what the
 * vaults domain calls when a restore access backup vault goes (`accessRevoked`).
 */
import type { DomainModule } from '../module.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RestoreAccessRevoked } from '../vaults/restore-access.js';
import { backupTaggable } from '../common/taggable.js';
import { withAccessPointEvents, type AccessPointNotificationsOf } from './access-point-events.js';
import { AccessPointService, memberOf } from './access-point-service.js';
import { faultRoutes } from './faults.js';
import { accessPointGuard } from './guard.js';
import { AccessPointWorker } from './lifecycle.js';
import { accessRevoked } from './revocation.js';

export const accessPointsModule: DomainModule<
  { deps: ServiceDeps; recoveryPoints: RecoveryPointService; notificationsOf: AccessPointNotificationsOf },
  { accessRevoked: RestoreAccessRevoked }
> = {
  name: 'access-points',
  build({ deps, recoveryPoints, notificationsOf }) {
    const store = withAccessPointEvents(deps.store.accessPoints, deps.events, notificationsOf, () => deps.clock.nowMs());
    const service = new AccessPointService(deps, store, recoveryPoints);
    return {
      handlers: service.handlers(),
      workers: [new AccessPointWorker(deps, store, recoveryPoints)],
      removalGuards: [accessPointGuard(store)],
      taggable: [backupTaggable('accesspoint', (scope, arn) => service.exists(scope, arn))],
      adminRoutes: faultRoutes(deps, store, memberOf),
      exports: { accessRevoked: accessRevoked(deps, store) },
    };
  },
};
