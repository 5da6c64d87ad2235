/**
 * The removal guard of legal holds: a recovery point may not be deleted or disassociated (by a
 * user or by the lifecycle) while an ACTIVE or CREATING hold covers it, except that the lifecycle
 * still deletes a continuous backup at the end of its retention. ACTIVE holds are found
 * with one index seek on the point (and one on its composite parent), one statement for a whole
 * batch of points; CREATING holds, whose points are not attached yet, are few (at most 50 per
 * account), read once per account and Region of the batch, and matched by their selection.
 */
import type { LegalHoldRecord, LegalHoldStore } from '../../store/repos/legal-hold-store.js';
import type { RecoveryPointQuery } from '../recovery-points/contract.js';
import { batchGuard, type RecoveryPointRef, type RemovalGuard, type RemovalKind } from '../common/removal.js';
import { matches, selectorOf } from './selection.js';

const ACTION: Record<RemovalKind, string> = {
  delete: 'deleted',
  disassociate: 'disassociated',
  'disassociate-from-parent': 'disassociated from its parent',
  'lifecycle-delete': 'deleted by its lifecycle',
  'lifecycle-cold': 'moved to cold storage by its lifecycle',
};

/** AWS's text for DeleteRecoveryPoint on a held point (docs/error-messages.md); the other kinds keep Holdfast's. */
export const DELETE_REFUSED = 'The recovery point cannot be deleted because it has active legal hold(s)';

export function legalHoldGuard(holds: LegalHoldStore, recoveryPoints: RecoveryPointQuery): RemovalGuard {
  return batchGuard(async (points: readonly RecoveryPointRef[], kind: RemovalKind) => {
    // AWS: "Legal holds do not extend a continuous backup lifecycle" (developer guide, Legal holds).
    const asked = points.filter((p) => !(kind === 'lifecycle-delete' && p.continuous));
    const refuse = (point: RecoveryPointRef, holdId: string): string =>
      kind === 'delete'
        ? DELETE_REFUSED
        : `Recovery point ${point.arn} cannot be ${ACTION[kind]} because it is under legal hold ${holdId}. ` +
          `Cancel the legal hold (CancelLegalHold) first.`;
    // The point's own ACTIVE hold, else its composite parent's (a child of a held parent is
    // protected even if it was never attached itself): one statement for the batch.
    const lookups = asked.flatMap((p) => [p.arn, ...(p.parentRecoveryPointArn ? [p.parentRecoveryPointArn] : [])].map((pointArn) => ({ accountId: p.accountId, region: p.region, pointArn })));
    const held = await holds.protectingHolds(lookups);
    const reasons = new Map<RecoveryPointRef, string | undefined>();
    const creatingIn = new Map<string, Promise<LegalHoldRecord[]>>();
    let k = 0;
    for (const point of asked) {
      const own = held[k++];
      const viaParent = point.parentRecoveryPointArn ? held[k++] : undefined;
      const holdId = own ?? viaParent;
      if (holdId) {
        reasons.set(point, refuse(point, holdId));
        continue;
      }
      // CREATING holds (their points not attached yet) are matched by their selection: read once per scope.
      const scopeKey = `${point.accountId}/${point.region}`;
      if (!creatingIn.has(scopeKey)) creatingIn.set(scopeKey, holds.withStatus(point, 'CREATING'));
      const creating = await creatingIn.get(scopeKey)!;
      if (creating.length === 0) continue;
      const parent =
        point.parentRecoveryPointArn && recoveryPoints.get ? await recoveryPoints.get(point, point.parentRecoveryPointArn) : undefined;
      for (const hold of creating) {
        const selector = selectorOf(hold);
        if (matches(selector, point) || (parent?.isParent && matches(selector, parent))) {
          reasons.set(point, refuse(point, hold.id));
          break;
        }
      }
    }
    return points.map((p) => reasons.get(p));
  });
}
