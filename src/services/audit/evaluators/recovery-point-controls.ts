/**
 * Controls over recovery points: BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK (kept at least
 * requiredRetentionDays), BACKUP_RECOVERY_POINT_ENCRYPTED, and BACKUP_LAST_RECOVERY_POINT_CREATED
 * (each resource has a recovery point younger than recoveryPointAge).
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { Scope, TagStore } from '../../../store/types.js';
import type { RecoveryPointRecord } from '../../recovery-points/record.js';
import { inScope, type ComplianceEvaluator, type EvaluationResult, type ResourceEvaluation } from '../compliance.js';
import { effectiveParameters } from '../controls.js';
import { configTypeOf, evaluation, resourceInScope, scopeResources } from './scope-resources.js';
import { DAY_MS, HOUR_MS } from '../../common/time.js';

const RP_TYPE = 'AWS::Backup::RecoveryPoint';
/** Points on their way out are no longer evaluated. */
const GONE = new Set(['DELETING']);

/** Every recovery point of the scope that the control's scope selects, by keyset pages. */
async function* pointsInScope(points: RecoveryPointsStore, tags: TagStore, scope: Scope, control: FrameworkControl): AsyncGenerator<RecoveryPointRecord> {
  let after = 0;
  for (;;) {
    const page = await points.list<RecoveryPointRecord>({ accountId: scope.accountId, region: scope.region }, after, 500);
    for (const { point } of page) {
      if (GONE.has(point.status)) continue;
      const pointTags = control.ControlScope?.Tags ? ((await tags.get(point.arn)) ?? {}) : {};
      if (inScope(control, { id: point.arn, types: [RP_TYPE, point.resourceType, configTypeOf(point.resourceType)], tags: pointTags })) yield point;
    }
    if (page.length < 500) return;
    after = page[page.length - 1]!.seq;
  }
}

abstract class PointEvaluator implements ComplianceEvaluator {
  abstract readonly controlName: string;
  constructor(private readonly points: RecoveryPointsStore, private readonly tags: TagStore) {}
  protected abstract compliant(point: RecoveryPointRecord, params: Record<string, string>): boolean;

  async evaluate(scope: Scope, control: FrameworkControl): Promise<EvaluationResult> {
    const params = effectiveParameters(control);
    const resources: ResourceEvaluation[] = [];
    for await (const point of pointsInScope(this.points, this.tags, scope, control)) {
      resources.push({ resourceId: point.arn, resourceType: RP_TYPE, status: this.compliant(point, params) ? 'COMPLIANT' : 'NON_COMPLIANT' });
    }
    return { evaluated: true, resources };
  }
}

export class MinimumRetentionEvaluator extends PointEvaluator {
  readonly controlName = 'BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK';
  protected compliant(point: RecoveryPointRecord, params: Record<string, string>): boolean {
    const kept = point.lifecycle?.DeleteAfterDays; // none: kept until deleted by hand
    return kept === undefined || kept >= Number(params.requiredRetentionDays);
  }
}

export class EncryptedEvaluator extends PointEvaluator {
  readonly controlName = 'BACKUP_RECOVERY_POINT_ENCRYPTED';
  protected compliant(point: RecoveryPointRecord): boolean {
    return point.isEncrypted !== false;
  }
}

/** The recoveryPointAgeValue/recoveryPointAgeUnit parameters (with their defaults) in milliseconds. */
export function maxRecoveryPointAgeMs(control: FrameworkControl): number {
  const p = effectiveParameters(control);
  return Number(p.recoveryPointAgeValue) * (p.recoveryPointAgeUnit === 'hours' ? HOUR_MS : DAY_MS);
}

export class LastRecoveryPointCreatedEvaluator implements ComplianceEvaluator {
  readonly controlName = 'BACKUP_LAST_RECOVERY_POINT_CREATED';

  constructor(private readonly inventory: Inventory, private readonly points: RecoveryPointsStore) {}

  async evaluate(scope: Scope, control: FrameworkControl, nowMs: number): Promise<EvaluationResult> {
    const maxAgeMs = maxRecoveryPointAgeMs(control);
    const resources: ResourceEvaluation[] = [];
    for (const r of await scopeResources(scope, this.inventory, this.points)) {
      if (!resourceInScope(control, r)) continue;
      const latest = await this.points.protectedResource(scope, r.arn);
      resources.push(evaluation(r, latest !== undefined && latest.lastBackupTime >= nowMs - maxAgeMs));
    }
    return { evaluated: true, resources };
  }
}
