/** The malware scan domain: scan jobs, their worker, summaries, scan results on recovery points, plan rules' ScanActions. */
import type { Inventory } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { PlanRepository } from '../plans/plan-repository.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { mergeHandlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import { RetentionWorker } from '../jobs/job-window.js';
import { PlanScanActions } from './plan-scans.js';
import { scanAnnotator } from './scan-annotations.js';
import { ScanJobService } from './scan-job-service.js';
import { ScanJobSummaries } from './scan-summaries.js';
import { ScanWorker } from './scan-worker.js';
import { withScanEvents } from './scan-events.js';

export interface ScanPorts {
  deps: ServiceDeps;
  vaults: VaultService;
  recoveryPoints: RecoveryPointService;
  inventory: Inventory;
  /** Plan rules with ScanActions scan the backups they make. */
  plans: PlanRepository;
}

export const scanModule: DomainModule<ScanPorts> = {
  name: 'scan',
  build({ deps, vaults, recoveryPoints, inventory, plans }) {
    const store = withScanEvents(deps.store.scanJobs, deps.events, () => deps.clock.nowMs());
    const scanJobs = new ScanJobService(deps, store, vaults, recoveryPoints);
    const actions = new PlanScanActions(plans, scanJobs, recoveryPoints);
    return {
      handlers: mergeHandlers(scanJobs.handlers(), new ScanJobSummaries(deps, store).handlers()),
      workers: [
        new ScanWorker(deps, store, recoveryPoints, inventory),
        new RetentionWorker('scan-job-retention', deps.store, { oldestPurgeable: () => store.oldestGone(), purge: (endedBy, limit) => store.deleteGone(endedBy, limit) }),
      ],
      pointAnnotators: [scanAnnotator(store)],
      // A scan job gives its recovery point ScanResults: it may leave once the point is deleted and the job is out of the window.
      pointsRemoved: [(removed) => store.pointsGone(removed)],
      backupCompleted: [(completed) => actions.onCompleted(completed)],
      exports: {},
    };
  },
};
