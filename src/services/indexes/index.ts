/** The backup index domain: index settings and details, the list of indexed points, its worker. */
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { Handlers } from '../registry.js';
import { IndexService } from './index-service.js';
import { IndexWorker } from './index-worker.js';
import type { IndexNotificationsOf } from './index-events.js';

/** `notificationsOf`: a vault's notification settings (RECOVERY_POINT_INDEX_* notifications). */
export function buildIndexDomain(
  deps: ServiceDeps,
  points: RecoveryPointService,
  notificationsOf: IndexNotificationsOf,
): { handlers: Handlers; indexes: IndexService } {
  const store = deps.store.pointIndexes;
  const indexes = new IndexService(deps, store, points, deps.store.jobs);
  deps.engine.register(new IndexWorker(deps, store, notificationsOf));
  points.annotators.push(indexes.annotator);
  points.createdHooks.push(indexes.onPointsCreated);
  return { handlers: indexes.handlers(), indexes };
}
