/**
 * Members of recovery point outputs that other domains own: the backup index status
 * (services/indexes/) and malware scan results (services/scan/). Each domain contributes an
 * annotator (Contributions.pointAnnotators); the service merges what they answer into
 * DescribeRecoveryPoint and both ListRecoveryPoints operations. An annotator reads only (one
 * batched query per page), and answers nothing for points it knows nothing about.
 */
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { PointAnnotation, PointAnnotator } from '../common/point-hooks.js';

/** Runs every annotator over the points and merges their answers by recovery point ARN. */
export async function annotate(annotators: readonly PointAnnotator[], points: RecoveryPointRecord[]): Promise<Map<string, PointAnnotation>> {
  const merged = new Map<string, PointAnnotation>();
  if (points.length === 0) return merged;
  for (const annotator of annotators) {
    for (const [arn, a] of await annotator(points)) merged.set(arn, { ...merged.get(arn), ...a });
  }
  return merged;
}
