/**
 * RESTORE_TIME_FOR_RESOURCES_MEET_TARGET, as the AWS Config rules behind it (ebs-, rds-, s3-, ...
 * meets-restore-time-target) define it: a resource is NON_COMPLIANT when its
 * LatestRestoreExecutionTimeMinutes (DescribeProtectedResource: the minutes its most recent
 * restore job took to complete) is greater than maxRestoreTime minutes.
 */
import type { FrameworkControl } from '@aws-sdk/client-backup';
import type { Inventory } from '../../../resources/inventory.js';
import type { JobsStore } from '../../../store/repos/jobs-store.js';
import type { RecoveryPointsStore } from '../../../store/repos/recovery-points-store.js';
import type { Scope } from '../../../store/types.js';
import { restoreExecutionMinutes } from '../../jobs/latest-restore.js';
import type { ComplianceEvaluator, EvaluationResult, ResourceEvaluation } from '../compliance.js';
import { effectiveParameters } from '../controls.js';
import { evaluation, resourceInScope, scopeResources } from './scope-resources.js';

export class RestoreTimeEvaluator implements ComplianceEvaluator {
  readonly controlName = 'RESTORE_TIME_FOR_RESOURCES_MEET_TARGET';

  constructor(private readonly inventory: Inventory, private readonly points: RecoveryPointsStore, private readonly jobs: JobsStore) {}

  async evaluate(scope: Scope, control: FrameworkControl): Promise<EvaluationResult> {
    const raw = effectiveParameters(control).maxRestoreTime;
    if (raw === undefined) {
      return {
        evaluated: false,
        reason: `${this.controlName} has no maxRestoreTime: give the target restore time in minutes (ControlInputParameters maxRestoreTime) to evaluate it.`,
      };
    }
    const maxMinutes = Number(raw);
    const resources: ResourceEvaluation[] = [];
    for (const r of await scopeResources(scope, this.inventory, this.points)) {
      if (!resourceInScope(control, r)) continue;
      const latest = await this.jobs.latestRestore(scope, r.arn);
      // AWS says nothing of a resource never restored (no LatestRestoreExecutionTimeMinutes); stricter reading: it does not meet the target.
      resources.push(evaluation(r, latest !== undefined && restoreExecutionMinutes(latest) <= maxMinutes));
    }
    return { evaluated: true, resources };
  }
}
