/** The backup index domain: index settings and details, the list of indexed points, its worker. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { Inventory } from '../../resources/inventory.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { IndexService } from './index-service.js';
import { IndexWorker } from './index-worker.js';
import { announceIndexesOfRemovedPoints, type IndexNotificationsOf } from './index-events.js';

export interface IndexesPorts {
  deps: ServiceDeps;
  recoveryPoints: RecoveryPointService;
  /** A vault's notification settings (RECOVERY_POINT_INDEX_* notifications). */
  notificationsOf: IndexNotificationsOf;
  /** Whether a resource's indexes fail (its entry's indexOutcome). */
  inventory: Inventory;
}

export const indexesModule: DomainModule<IndexesPorts> = {
  name: 'indexes',
  build({ deps, recoveryPoints, notificationsOf, inventory }) {
    const store = deps.store.pointIndexes;
    const indexes = new IndexService(deps, store, recoveryPoints, deps.store.jobs, inventory);
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
