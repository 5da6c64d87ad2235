/** The backup index domain: index settings and details, the list of indexed points, its worker. */
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { Handlers } from '../registry.js';
import { IndexService } from './index-service.js';
import { IndexWorker } from './index-worker.js';

export function buildIndexDomain(deps: ServiceDeps, points: RecoveryPointService): { handlers: Handlers; indexes: IndexService } {
  const store = deps.store.pointIndexes;
  const indexes = new IndexService(deps, store, points, deps.store.jobs);
  deps.engine.register(new IndexWorker(deps, store));
  points.annotators.push(indexes.annotator);
  points.createdHooks.push(indexes.onPointsCreated);
  return { handlers: indexes.handlers(), indexes };
}
