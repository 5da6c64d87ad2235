/** The audit domain (Backup Audit Manager): frameworks, report plans, report jobs, the local S3 stand-in. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { Organization } from '../organization/organization.js';
import { VAULT_KIND, type VaultRecord } from '../vaults/vault-record.js';
import { AuditService } from './audit-service.js';
import type { ComplianceEvaluator } from './compliance.js';
import { stateEvaluators } from './evaluators/index.js';
import type { JobSource } from './job-source.js';
import type { S3SinkOptions } from './s3-sink.js';
import { StoreJobSource } from './store-job-source.js';
import { StoreScanJobSource } from './store-scan-job-source.js';

export interface AuditModulePorts {
  deps: ServiceDeps;
  /** Where job reports read their rows: storeJobSource(deps) (tests hand a fake). */
  jobReportSource: JobSource;
  /** Reports go to this S3-compatible server, or undefined for <dataDir>/s3 (--s3-endpoint). */
  reportS3: S3SinkOptions | undefined;
  organization: Organization;
}

/** Job reports read the jobs and scan jobs tables. */
export const storeJobSource = (deps: ServiceDeps): JobSource =>
  new StoreJobSource(deps.store.auditSource, deps.store.docs<VaultRecord>(VAULT_KIND), () => deps.clock.nowMs(), new StoreScanJobSource(deps.store.scanJobs));

export const auditModule: DomainModule<AuditModulePorts, { audit: AuditService }> = {
  name: 'audit',
  build({ deps, jobReportSource, reportS3, organization }) {
    const evaluators: ComplianceEvaluator[] = stateEvaluators(deps.store); // controls read the current state
    const audit = new AuditService(deps, { jobReportSource, evaluators, reportS3, organization });
    return {
      handlers: audit.handlers(),
      workers: audit.workers,
      adminRoutes: audit.adminRoutes(),
      taggable: audit.taggable,
      close: () => audit.close(),
      exports: { audit },
    };
  },
};
