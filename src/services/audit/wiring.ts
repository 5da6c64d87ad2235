/** Connects Backup Audit Manager to the state it reports on: the jobs and scan jobs tables and every control's evaluator. */
import { auditSourceStoreFor } from '../../store/audit-source-store.js';
import { scanJobsStoreFor } from '../../store/scan-jobs-store.js';
import type { ServiceDeps } from '../deps.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import type { AuditService } from './audit-service.js';
import { registerStateEvaluators } from './evaluators/index.js';
import { StoreJobSource } from './store-job-source.js';
import { StoreScanJobSource } from './store-scan-job-source.js';

export function connectAudit(audit: AuditService, deps: ServiceDeps): void {
  const scans = new StoreScanJobSource(scanJobsStoreFor(deps.store));
  audit.setJobSource(new StoreJobSource(auditSourceStoreFor(deps.store), deps.store.docs<VaultRecord>(VAULT_KIND), () => deps.clock.nowMs(), scans));
  registerStateEvaluators(audit.evaluators, deps.store);
}
