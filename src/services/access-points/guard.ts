/**
 * The removal guard of backup access points (contributed by the module, beside legal holds'). AWS: "While one or more active access points exist for a recovery point: Scheduled
 * lifecycle transitions are paused ... Manual deletion is blocked. Calls to DeleteRecoveryPoint
 * return an error until all access points are deleted." So the guard refuses DeleteRecoveryPoint,
 * DisassociateRecoveryPoint (which deletes the point from AWS Backup), the lifecycle's deletion
 * (of a continuous point too: "the data for that point in time is retained ... as long as the
 * access point exists") and its move to cold storage. It allows DisassociateRecoveryPointFromParent,
 * which removes no data. One index seek on the point's ARN.
 */
import type { AccessPointStore } from '../../store/repos/access-points-store.js';
import { batchGuard, type RecoveryPointRef, type RemovalGuard, type RemovalKind } from '../common/removal.js';
import { UNPROTECTING } from './lifecycle.js';

const ACTION: Record<Exclude<RemovalKind, 'disassociate-from-parent'>, string> = {
  delete: 'deleted',
  disassociate: 'disassociated',
  'lifecycle-delete': 'deleted by its lifecycle',
  'lifecycle-cold': 'moved to cold storage by its lifecycle',
};

export function accessPointGuard(store: AccessPointStore): RemovalGuard {
  return batchGuard(async (points: readonly RecoveryPointRef[], kind: RemovalKind) => {
    if (kind === 'disassociate-from-parent') return points.map(() => undefined);
    const found = await store.onRecoveryPoints(points.map((p) => p.arn), UNPROTECTING);
    return points.map((point, i) => {
      const active = found[i]!;
      if (active.length === 0) return undefined;
      const names = active.map((a) => `${a.name} (${a.status})`).join(', ');
      return (
        `Recovery point ${point.arn} cannot be ${ACTION[kind]} while it has backup access points: ${names}. ` +
        'Delete them first (DeleteBackupAccessPoint); its lifecycle resumes once none remains.'
      );
    });
  });
}
