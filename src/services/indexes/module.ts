/** The backup index domain: index settings and details, the list of indexed points, its worker. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { IndexService } from './index-service.js';
import { IndexWorker } from './index-worker.js';
import { announceIndexesOfRemovedPoints, type IndexNotificationsOf } from './index-events.js';

export interface IndexesPorts {
  deps: ServiceDeps;
  recoveryPoints: RecoveryPointService;
  /** A vault's notification settings (RECOVERY_POINT_INDEX_* notifications). */
  notificationsOf: IndexNotificationsOf;
}

export const indexesModule: DomainModule<IndexesPorts> = {
  name: 'indexes',
  build({ deps, recoveryPoints, notificationsOf }) {
    const store = deps.store.pointIndexes;
    const indexes = new IndexService(deps, store, recoveryPoints, deps.store.jobs);
    return {
      handlers: indexes.handlers(),
      workers: [new IndexWorker(deps, store, notificationsOf)],
      pointAnnotators: [indexes.annotator],
      pointsCreated: [indexes.onPointsCreated],
      pointsRemoved: [announceIndexesOfRemovedPoints(store, deps.events, () => deps.clock.nowMs(), notificationsOf)],
      exports: {},
    };
  },
};
