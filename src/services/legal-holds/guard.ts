/**
 * The removal guard of legal holds: a recovery point may not be deleted or disassociated (by a
 * user or by the lifecycle) while an ACTIVE or CREATING hold covers it, except that the lifecycle
 * still deletes a continuous backup at the end of its retention. ACTIVE holds are found
 * with one index seek on the point (and one on its composite parent); CREATING holds, whose
 * points are not attached yet, are few (at most 50 per account) and matched by their selection.
 */
import type { LegalHoldStore } from '../../store/repos/legal-hold-store.js';
import type { RecoveryPointQuery, RecoveryPointRef, RemovalGuard, RemovalKind } from '../recovery-points/contract.js';
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
  return async (point: RecoveryPointRef, kind: RemovalKind) => {
    // AWS: "Legal holds do not extend a continuous backup lifecycle" (developer guide, Legal holds).
    if (kind === 'lifecycle-delete' && point.continuous) return undefined;
    const refuse = (holdId: string): string =>
      kind === 'delete'
        ? DELETE_REFUSED
        : `Recovery point ${point.arn} cannot be ${ACTION[kind]} because it is under legal hold ${holdId}. ` +
          `Cancel the legal hold (CancelLegalHold) first.`;
    const held = await holds.protectingHold(point, point.arn);
    if (held) return refuse(held);
    // A child of a held composite parent is protected even if it was never attached itself.
    if (point.parentRecoveryPointArn) {
      const viaParent = await holds.protectingHold(point, point.parentRecoveryPointArn);
      if (viaParent) return refuse(viaParent);
    }
    const creating = await holds.withStatus(point, 'CREATING');
    if (creating.length === 0) return undefined;
    const parent =
      point.parentRecoveryPointArn && recoveryPoints.get ? await recoveryPoints.get(point, point.parentRecoveryPointArn) : undefined;
    for (const hold of creating) {
      const selector = selectorOf(hold);
      if (matches(selector, point) || (parent?.isParent && matches(selector, parent))) return refuse(hold.id);
    }
    return undefined;
  };
}
