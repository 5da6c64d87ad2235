/** The legal holds domain: holds, the hold -> recovery point links, the removal guard that protects held points. */
import type { ServiceDeps } from '../deps.js';
import type { DomainModule } from '../module.js';
import type { RecoveryPointQuery } from '../recovery-points/contract.js';
import { LegalHoldService } from './legal-hold-service.js';

export const legalHoldsModule: DomainModule<{ deps: ServiceDeps; recoveryPoints: RecoveryPointQuery }> = {
  name: 'legal-holds',
  build({ deps, recoveryPoints }) {
    const holds = new LegalHoldService(deps, recoveryPoints);
    return { handlers: holds.handlers(), workers: [holds.worker], removalGuards: [holds.removalGuard], taggable: [holds.taggable], exports: {} };
  },
};
