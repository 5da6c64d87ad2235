/**
 * RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT, as the AWS Config rules behind it (ebs-, efs-, s3-, ...
 * resources-in-logically-air-gapped-vault) define it: a resource is NON_COMPLIANT when it is not
 * in a logically air-gapped vault within the specified time period, i.e. it has no recovery point
 * in such a vault younger than recoveryPointAgeValue recoveryPointAgeUnit (default 1 day).
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { Scope } from '../../../store/types.js';
import type { RecoveryPointRecord } from '../../recovery-points/record.js';
import type { ComplianceEvaluator, EvaluationResult, ResourceEvaluation } from '../compliance.js';
import { LIVE } from './protection-controls.js';
import { maxRecoveryPointAgeMs } from './recovery-point-controls.js';
import { evaluation, resourceInScope, scopeResources } from './scope-resources.js';

const PAGE = 200;

export class AirGappedVaultEvaluator implements ComplianceEvaluator {
  readonly controlName = 'RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT';

  constructor(private readonly inventory: Inventory, private readonly points: RecoveryPointsStore) {}

  async evaluate(scope: Scope, control: FrameworkControl, nowMs: number): Promise<EvaluationResult> {
    const maxAgeMs = maxRecoveryPointAgeMs(control);
    const resources: ResourceEvaluation[] = [];
    for (const r of await scopeResources(scope, this.inventory, this.points)) {
      if (resourceInScope(control, r)) resources.push(evaluation(r, await this.hasRecentAirGappedPoint(scope, r.arn, nowMs - maxAgeMs)));
    }
    return { evaluated: true, resources };
  }

  /**
   * Whether the resource has a live recovery point created at or after sinceMs in a logically
   * air-gapped vault of this account and Region. The Config rules read the resource's recovery
   * points where it lives (ListRecoveryPointsByResource and its VaultType); copies in other
   * accounts' or Regions' air-gapped vaults are not seen there (the stricter reading).
   */
  private async hasRecentAirGappedPoint(scope: Scope, resourceArn: string, sinceMs: number): Promise<boolean> {
    let after = 0;
    for (;;) {
      const page = await this.points.list<RecoveryPointRecord>({ accountId: scope.accountId, region: scope.region, resourceArn, createdAfter: sinceMs }, after, PAGE);
      if (page.some(({ point }) => point.vaultType === 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT' && LIVE(point.status))) return true;
      if (page.length < PAGE) return false;
      after = page[page.length - 1]!.seq;
    }
  }
}
