/**
 * The console's read-only admin routes (GET /_holdfast/console/*, docs/console.md): what the web
 * console needs beyond the AWS API, answered by the domains' own rules (the removal guards
 * through RecoveryPointService.deletionRefusals, the scheduler's cron, catalog and selection
 * matcher, the job window, the audit evaluators, the listed keys), never a copy of them. Built after every domain it reads.
 */
import type { CredentialList } from '../../server/credentials.js';
import type { AuditService } from '../audit/audit-service.js';
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { ResourceCatalog } from '../plans/contract.js';
import type { PlanRepository } from '../plans/plan-repository.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { VaultService } from '../vaults/vault-service.js';
import { callerOf } from './caller.js';
import { frameworkCompliance } from './framework-compliance.js';
import { jobRelations } from './job-relations.js';
import { nextFirings, selectionMatches } from './plan-views.js';
import { protectionOf } from './protection.js';
import { consoleRoute, intParam, required, scopeOf } from './query.js';
import { scopeSummaries } from './scopes.js';

export interface ConsolePorts {
  deps: ServiceDeps;
  vaults: VaultService;
  recoveryPoints: RecoveryPointService;
  plans: { repository: PlanRepository; catalog: ResourceCatalog };
  audit: AuditService;
  /** The listed keys (--credentials), for the caller route. */
  credentials?: CredentialList;
}

export const consoleModule: DomainModule<ConsolePorts> = {
  name: 'console',
  build({ deps, vaults, recoveryPoints, plans, audit, credentials }) {
    return {
      adminRoutes: [
        consoleRoute('scopes', async () => ({ scopes: await scopeSummaries(deps.store, vaults.vaults) })),
        consoleRoute('protection', async (req) => ({ points: await protectionOf(recoveryPoints, scopeOf(req), req.query.getAll('arn')) })),
        consoleRoute('plans/next-firings', (req) =>
          nextFirings(plans.repository, scopeOf(req), required(req, 'planId'), deps.clock.nowMs(), intParam(req, 'count', 1, 50, 5)),
        ),
        consoleRoute('selection-matches', (req) =>
          selectionMatches(plans.repository, plans.catalog, scopeOf(req), required(req, 'planId'), required(req, 'selectionId')),
        ),
        consoleRoute('framework-compliance', (req) => frameworkCompliance(audit, scopeOf(req), required(req, 'frameworkName'), deps.clock.nowMs())),
        consoleRoute('caller', async (req) => callerOf(credentials, required(req, 'accessKeyId'))),
        consoleRoute('job-relations', (req) => jobRelations(deps.store.jobs, deps.store.scanJobs, scopeOf(req), required(req, 'jobId'), deps.clock.nowMs())),
      ],
      exports: {},
    };
  },
};
