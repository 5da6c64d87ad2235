/** An evaluator for every control whose state Holdfast keeps (read from the repositories). */
import { Inventory } from '../../../resources/inventory.js';
import type { Store } from '../../../store/types.js';
import { PlanRepository } from '../../plans/plan-repository.js';
import { VAULT_KIND, type VaultRecord } from '../../vaults/vault-record.js';
import type { ComplianceEvaluator } from '../compliance.js';
import { AirGappedVaultEvaluator } from './air-gapped-vault-control.js';
import { PlanFrequencyAndRetentionEvaluator, ProtectedByBackupPlanEvaluator } from './plan-controls.js';
import { CrossAccountEvaluator, CrossRegionEvaluator, VaultLockEvaluator } from './protection-controls.js';
import { EncryptedEvaluator, LastRecoveryPointCreatedEvaluator, MinimumRetentionEvaluator } from './recovery-point-controls.js';
import { RestoreTimeEvaluator } from './restore-time-control.js';

export function stateEvaluators(store: Store): ComplianceEvaluator[] {
  const inventory = new Inventory(store);
  const points = store.recoveryPoints;
  const source = store.auditSource;
  const plans = new PlanRepository(store);
  const vaults = store.docs<VaultRecord>(VAULT_KIND);
  return [
    new ProtectedByBackupPlanEvaluator(plans, inventory, points),
    new PlanFrequencyAndRetentionEvaluator(plans, store.tags),
    new MinimumRetentionEvaluator(points, store.tags),
    new EncryptedEvaluator(points, store.tags),
    new LastRecoveryPointCreatedEvaluator(inventory, points),
    new VaultLockEvaluator(inventory, points, vaults),
    new CrossRegionEvaluator(inventory, points, source),
    new CrossAccountEvaluator(inventory, points, source),
    new RestoreTimeEvaluator(inventory, points, store.jobs),
    new AirGappedVaultEvaluator(inventory, points),
  ];
}
