/**
 * Builds every domain service from the shared dependencies and collects their handlers,
 * engine workers and admin routes.
 */
import type { AdminRoute } from '../server/admin.js';
import type { ServiceDeps } from './deps.js';
import { mergeHandlers, type Handlers } from './registry.js';
import { VaultService } from './vaults/vault-service.js';
import { VaultConfigService } from './vaults/vault-config-service.js';
import { TagService } from './tags/tag-service.js';
import { SettingsService } from './settings/settings-service.js';
import { LegalHoldService } from './legal-holds/legal-hold-service.js';
import { registerTaggableRecoveryPoints } from './recovery-points/taggable.js';
import { AuditService } from './audit/audit-service.js';
import { connectAudit } from './audit/wiring.js';
import { buildPlansOverJobs } from './plans/plan-jobs.js';
import { buildJobsDomain, type JobsDomain } from './jobs/index.js';
import { buildRestoreTesting } from './restore-testing/index.js';
import { buildScanDomain } from './scan/index.js';
import { connectPlanScans } from './scan/plan-scans.js';
import { buildIndexDomain } from './indexes/index.js';
import { TieringService } from './tiering/tiering-service.js';
import { RestoreAccessService } from './vaults/restore-access.js';
import { MpaService } from './vaults/mpa.js';
import { buildAccessPointDomain } from './access-points/index.js';

export interface Services {
  handlers: Handlers;
  adminRoutes: AdminRoute[];
  jobs: JobsDomain;
}

export function buildServices(deps: ServiceDeps): Services {
  const vaults = new VaultService(deps);
  const vaultConfig = new VaultConfigService(vaults);
  const tags = new TagService(deps);
  const settings = new SettingsService(deps);
  const jobs = buildJobsDomain(deps, vaults, (scope, type) => settings.isFullyManaged(scope, type)); // also sets vaults.countRecoveryPoints
  registerTaggableRecoveryPoints(deps.taggable, jobs.recoveryPoints);
  const legalHolds = new LegalHoldService(deps, jobs.recoveryPoints);
  const audit = new AuditService(deps);
  connectAudit(audit, deps); // job reports read the jobs table; controls read the current state
  const restoreTesting = buildRestoreTesting(deps, jobs);
  const plans = buildPlansOverJobs(deps, jobs); // scheduled backups through jobs.backupJobs.start, copy actions
  const scan = buildScanDomain(deps, vaults, jobs.recoveryPoints, jobs.inventory);
  connectPlanScans(jobs, plans.repository, scan.scanJobs); // rules' ScanActions scan the backups they make
  const indexes = buildIndexDomain(deps, jobs.recoveryPoints, async (scope, name) => (await vaults.vaults.get(scope, name))?.notifications);
  const accessPoints = buildAccessPointDomain(deps, jobs.recoveryPoints); // guards recovery points beside legal holds
  return {
    handlers: mergeHandlers(
      vaults.handlers(),
      vaultConfig.handlers(),
      tags.handlers(),
      settings.handlers(),
      jobs.handlers,
      legalHolds.handlers(),
      audit.handlers(),
      plans.handlers,
      restoreTesting.handlers,
      scan.handlers,
      indexes.handlers,
      new TieringService(deps).handlers(),
      new RestoreAccessService(deps, vaults).handlers(),
      new MpaService(vaults).handlers(),
      accessPoints.handlers,
    ),
    adminRoutes: [...jobs.adminRoutes, ...audit.adminRoutes()],
    jobs,
  };
}
