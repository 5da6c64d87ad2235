/** Connects Backup Audit Manager to the state it reports on: the jobs and scan jobs tables and every control's evaluator. */
import type { ServiceDeps } from '../deps.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import type { AuditService } from './audit-service.js';
import { registerStateEvaluators } from './evaluators/index.js';
import { StoreJobSource } from './store-job-source.js';
import { StoreScanJobSource } from './store-scan-job-source.js';

export function connectAudit(audit: AuditService, deps: ServiceDeps): void {
  const scans = new StoreScanJobSource(deps.store.scanJobs);
  audit.setJobSource(new StoreJobSource(deps.store.auditSource, deps.store.docs<VaultRecord>(VAULT_KIND), () => deps.clock.nowMs(), scans));
  registerStateEvaluators(audit.evaluators, deps.store);
}
