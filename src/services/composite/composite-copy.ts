/**
 * Copying a composite recovery point: a parent copy job and one child copy job per nested point
 * that is COMPLETED. The destination vault receives a composite point (made with the first child
 * copy) whose children carry their CompositeMemberIdentifier.
 */
import { randomUUID } from 'node:crypto';
import { invalidRequest } from '../../protocol/errors.js';
import type { CopyJobRecord } from '../common/job-record.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';

/** Builds (without storing) the parent copy job first, then its children. */
export async function compositeCopyJobs(
  points: RecoveryPointService,
  source: RecoveryPointRecord,
  build: (point: RecoveryPointRecord) => Promise<CopyJobRecord>,
): Promise<CopyJobRecord[]> {
  const nested = (await points.points.list<RecoveryPointRecord>({ accountId: source.accountId, region: source.region, parentRecoveryPointArn: source.arn }, 0, -1))
    .map((r) => r.point)
    .filter((p) => p.status === 'COMPLETED');
  if (nested.length === 0) {
    throw invalidRequest(`Composite recovery point ${source.arn} has no COMPLETED nested recovery points to copy.`);
  }
  const parent = await build(source);
  const { region, accountId } = parent.destination;
  parent.isParent = true;
  parent.plannedDestinationArn = `arn:aws:backup:${region}:${accountId}:recovery-point:${randomUUID().toUpperCase()}`;
  parent.numberOfChildJobs = nested.length;
  parent.childJobsInState = { CREATED: nested.length };
  parent.dueAt = undefined;
  const children: CopyJobRecord[] = [];
  for (const point of nested) {
    const child = await build(point);
    child.parentJobId = parent.id;
    child.parentRecoveryPointArn = parent.plannedDestinationArn;
    child.compositeMemberIdentifier = point.compositeMemberIdentifier;
    child.idempotencyToken = undefined;
    children.push(child);
  }
  parent.sizeBytes = children.reduce((n, c) => n + c.sizeBytes, 0);
  parent.durationMs = Math.max(0, ...children.map((c) => c.durationMs));
  return [parent, ...children];
}
