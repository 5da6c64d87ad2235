/**
 * The backup access point domain (docs/access-points.md): its handlers, its worker on the clock,
 * its removal guard on the recovery points it reads, and `accesspoint` ARNs in the taggable
 * registry.
 */
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { Handlers } from '../registry.js';
import { AccessPointService } from './access-point-service.js';
import { accessPointGuard } from './guard.js';
import { AccessPointWorker } from './lifecycle.js';

export function buildAccessPointDomain(deps: ServiceDeps, recoveryPoints: RecoveryPointService): { handlers: Handlers } {
  const store = deps.store.accessPoints;
  const service = new AccessPointService(deps, store, recoveryPoints);
  deps.engine.register(new AccessPointWorker(deps, store, recoveryPoints));
  deps.removalGuards.register(accessPointGuard(store));
  deps.taggable.registerBackup('accesspoint', (scope, arn) => service.exists(scope, arn));
  return { handlers: service.handlers() };
}
