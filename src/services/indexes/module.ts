/** The backup index domain: index settings and details, the list of indexed points, its worker. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { IndexService } from './index-service.js';
import { IndexWorker } from './index-worker.js';

export const indexesModule: DomainModule<{ deps: ServiceDeps; recoveryPoints: RecoveryPointService }> = {
  name: 'indexes',
  build({ deps, recoveryPoints }) {
    const store = deps.store.pointIndexes;
    const indexes = new IndexService(deps, store, recoveryPoints, deps.store.jobs);
    return {
      handlers: indexes.handlers(),
      workers: [new IndexWorker(deps, store)],
      pointAnnotators: [indexes.annotator],
      pointsCreated: [indexes.onPointsCreated],
      exports: {},
    };
  },
};
