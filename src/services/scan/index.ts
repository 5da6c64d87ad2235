/** The malware scan domain: scan jobs, their worker, summaries, and scan results on recovery points. */
import type { Inventory } from '../../resources/inventory.js';
import { scanJobsStoreFor } from '../../store/scan-jobs-store.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { mergeHandlers, type Handlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import { scanAnnotator } from './scan-annotations.js';
import { ScanJobService } from './scan-job-service.js';
import { ScanJobSummaries } from './scan-summaries.js';
import { ScanWorker } from './scan-worker.js';

export interface ScanDomain {
  handlers: Handlers;
  scanJobs: ScanJobService;
}

export function buildScanDomain(deps: ServiceDeps, vaults: VaultService, points: RecoveryPointService, inventory: Inventory): ScanDomain {
  const store = scanJobsStoreFor(deps.store);
  const scanJobs = new ScanJobService(deps, store, vaults, points);
  deps.engine.register(new ScanWorker(deps, store, points, inventory));
  points.annotators.push(scanAnnotator(store));
  return { handlers: mergeHandlers(scanJobs.handlers(), new ScanJobSummaries(deps, store).handlers()), scanJobs };
}
