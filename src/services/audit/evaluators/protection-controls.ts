/**
 * Controls over where a resource's recovery points are kept:
 * - BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK: a recovery point of the resource sits in a
 *   vault with a Vault Lock (whose retention range lies within minRetentionDays and
 *   maxRetentionDays, when those are given);
 * - BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: a recovery point in another Region (one of
 *   crossRegionList, when given), in any account;
 * - BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT: a recovery point in another account (one of
 *   crossAccountList, when given), in any Region.
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import type { AuditSourceStore, RecoveryPointPlace } from '../../../store/repos/audit-source-store.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { DocCollection, Scope } from '../../../store/types.js';
import type { RecoveryPointRecord } from '../../recovery-points/record.js';
import type { VaultRecord } from '../../vaults/vault-record.js';
import type { ComplianceEvaluator, EvaluationResult, ResourceEvaluation } from '../compliance.js';
import { effectiveParameters, splitList } from '../controls.js';
import { evaluation, resourceInScope, scopeResources, type ScopedResource } from './scope-resources.js';

/** Recovery points that still protect something (not being deleted, not past retention). */
export const LIVE = (status: string): boolean => status !== 'DELETING' && status !== 'EXPIRED';

abstract class ResourceEvaluator implements ComplianceEvaluator {
  abstract readonly controlName: string;
  constructor(protected readonly inventory: Inventory, protected readonly points: RecoveryPointsStore) {}
  protected abstract protects(scope: Scope, r: ScopedResource, params: Record<string, string>): Promise<boolean>;

  async evaluate(scope: Scope, control: FrameworkControl): Promise<EvaluationResult> {
    const params = effectiveParameters(control);
    const resources: ResourceEvaluation[] = [];
    for (const r of await scopeResources(scope, this.inventory, this.points)) {
      if (resourceInScope(control, r)) resources.push(evaluation(r, await this.protects(scope, r, params)));
    }
    return { evaluated: true, resources };
  }
}

export class VaultLockEvaluator extends ResourceEvaluator {
  readonly controlName = 'BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK';

  constructor(inventory: Inventory, points: RecoveryPointsStore, private readonly vaults: DocCollection<VaultRecord>) {
    super(inventory, points);
  }

  protected async protects(scope: Scope, r: ScopedResource, params: Record<string, string>): Promise<boolean> {
    const min = params.minRetentionDays === undefined ? undefined : Number(params.minRetentionDays);
    const max = params.maxRetentionDays === undefined ? undefined : Number(params.maxRetentionDays);
    const checked = new Set<string>();
    let after = 0;
    for (;;) {
      const page = await this.points.list<RecoveryPointRecord>({ ...scope, resourceArn: r.arn }, after, 200);
      for (const { point } of page) {
        if (!LIVE(point.status) || checked.has(point.vaultName)) continue;
        checked.add(point.vaultName);
        const lock = (await this.vaults.get(scope, point.vaultName))?.lock;
        if (!lock) continue;
        // The lock must keep points at least min days and at most max days.
        if (min !== undefined && (lock.minRetentionDays === undefined || lock.minRetentionDays < min)) continue;
        if (max !== undefined && (lock.maxRetentionDays === undefined || lock.maxRetentionDays > max)) continue;
        return true;
      }
      if (page.length < 200) return false;
      after = page[page.length - 1]!.seq;
    }
  }
}

abstract class CopyEvaluator extends ResourceEvaluator {
  constructor(inventory: Inventory, points: RecoveryPointsStore, private readonly source: AuditSourceStore) {
    super(inventory, points);
  }
  protected abstract elsewhere(scope: Scope, place: RecoveryPointPlace, params: Record<string, string>): boolean;

  protected async protects(scope: Scope, r: ScopedResource, params: Record<string, string>): Promise<boolean> {
    return (await this.source.recoveryPointPlaces(r.arn)).some((place) => LIVE(place.status) && this.elsewhere(scope, place, params));
  }
}

export class CrossRegionEvaluator extends CopyEvaluator {
  readonly controlName = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION';
  protected elsewhere(scope: Scope, place: RecoveryPointPlace, params: Record<string, string>): boolean {
    const wanted = splitList(params.crossRegionList ?? '');
    return place.region !== scope.region && (wanted.length === 0 || wanted.includes(place.region));
  }
}

export class CrossAccountEvaluator extends CopyEvaluator {
  readonly controlName = 'BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT';
  protected elsewhere(scope: Scope, place: RecoveryPointPlace, params: Record<string, string>): boolean {
    const wanted = splitList(params.crossAccountList ?? '');
    return place.accountId !== scope.accountId && (wanted.length === 0 || wanted.includes(place.accountId));
  }
}
