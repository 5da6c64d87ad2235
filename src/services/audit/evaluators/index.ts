/** Registers an evaluator for every control whose state Holdfast keeps. */
import { Inventory } from '../../../resources/inventory.js';
import type { Store } from '../../../store/types.js';
import { PlanRepository } from '../../plans/plan-repository.js';
import { VAULT_KIND, type VaultRecord } from '../../vaults/vault-record.js';
import type { ComplianceEvaluators } from '../compliance.js';
import { AirGappedVaultEvaluator } from './air-gapped-vault-control.js';
import { PlanFrequencyAndRetentionEvaluator, ProtectedByBackupPlanEvaluator } from './plan-controls.js';
import { CrossAccountEvaluator, CrossRegionEvaluator, VaultLockEvaluator } from './protection-controls.js';
import { EncryptedEvaluator, LastRecoveryPointCreatedEvaluator, MinimumRetentionEvaluator } from './recovery-point-controls.js';
import { RestoreTimeEvaluator } from './restore-time-control.js';

export function registerStateEvaluators(evaluators: ComplianceEvaluators, store: Store): void {
  const inventory = new Inventory(store);
  const points = store.recoveryPoints;
  const source = store.auditSource;
  const plans = new PlanRepository(store);
  const vaults = store.docs<VaultRecord>(VAULT_KIND);
  evaluators.register(new ProtectedByBackupPlanEvaluator(plans, inventory, points));
  evaluators.register(new PlanFrequencyAndRetentionEvaluator(plans, store.tags));
  evaluators.register(new MinimumRetentionEvaluator(points, store.tags));
  evaluators.register(new EncryptedEvaluator(points, store.tags));
  evaluators.register(new LastRecoveryPointCreatedEvaluator(inventory, points));
  evaluators.register(new VaultLockEvaluator(inventory, points, vaults));
  evaluators.register(new CrossRegionEvaluator(inventory, points, source));
  evaluators.register(new CrossAccountEvaluator(inventory, points, source));
  evaluators.register(new RestoreTimeEvaluator(inventory, points, store.jobs));
  evaluators.register(new AirGappedVaultEvaluator(inventory, points));
}
