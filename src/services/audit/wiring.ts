/** Connects Backup Audit Manager to the state it reports on: the jobs table and every control's evaluator. */
import { auditSourceStoreFor } from '../../store/audit-source-store.js';
import type { ServiceDeps } from '../deps.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import type { AuditService } from './audit-service.js';
import { registerStateEvaluators } from './evaluators/index.js';
import { StoreJobSource } from './store-job-source.js';

export function connectAudit(audit: AuditService, deps: ServiceDeps): void {
  audit.setJobSource(new StoreJobSource(auditSourceStoreFor(deps.store), deps.store.docs<VaultRecord>(VAULT_KIND), () => deps.clock.nowMs()));
  registerStateEvaluators(audit.evaluators, deps.store);
}
