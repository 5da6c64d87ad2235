/** The malware scan domain: scan jobs, their worker, summaries, and scan results on recovery points. */
import type { Inventory } from '../../resources/inventory.js';
import { withScanEvents } from './scan-events.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import { scanAnnotator } from './scan-annotations.js';
import { ScanJobService } from './scan-job-service.js';
import { ScanJobSummaries } from './scan-summaries.js';
import { ScanWorker } from './scan-worker.js';
import { RetentionWorker } from '../jobs/job-window.js';

export interface ScanDomain {
  handlers: Handlers;
  scanJobs: ScanJobService;
}

export function buildScanDomain(deps: ServiceDeps, vaults: VaultService, points: RecoveryPointService, inventory: Inventory): ScanDomain {
  const store = withScanEvents(deps.store.scanJobs, deps.events, () => deps.clock.nowMs());
  const scanJobs = new ScanJobService(deps, store, vaults, points);
  deps.engine.register(new ScanWorker(deps, store, points, inventory));
  points.annotators.push(scanAnnotator(store));
  // A scan job gives its recovery point ScanResults: it may leave once the point is deleted and the job is out of the window.
  points.removedHooks.push((removed) => store.pointsGone(removed));
  deps.engine.register(
    new RetentionWorker('scan-job-retention', deps.store, { oldestPurgeable: () => store.oldestGone(), purge: (endedBy, limit) => store.deleteGone(endedBy, limit) }),
  );
  return { handlers: mergeHandlers(scanJobs.handlers(), new ScanJobSummaries(deps, store).handlers()), scanJobs };
}
