/**
 * What the recovery-point domain offers the domains that protect or select recovery points
 * (legal holds, composite backups, audit). The recovery-point domain implements
 * RecoveryPointQuery and calls every registered guard before it deletes or disassociates a
 * recovery point, whether a user asked (DeleteRecoveryPoint, DisassociateRecoveryPoint,
 * DisassociateRecoveryPointFromParent, deleting a composite parent) or the lifecycle did.
 */
import type { Scope } from '../../store/types.js';

export interface RecoveryPointRef extends Scope {
  arn: string;
  vaultName: string;
  resourceArn: string;
  /** Epoch ms. */
  creationDate: number;
  parentRecoveryPointArn?: string;
}

export type RemovalKind = 'delete' | 'disassociate' | 'disassociate-from-parent' | 'lifecycle-delete';

/**
 * Answers a message that names why the point may not be removed, or undefined to allow it.
 * A guard only reads: it may run inside the lifecycle worker's transaction, so it must not call
 * store.atomically (that would wait for itself).
 */
export type RemovalGuard = (point: RecoveryPointRef, kind: RemovalKind) => Promise<string | undefined>;

export class RemovalGuards {
  private readonly guards: RemovalGuard[] = [];

  register(guard: RemovalGuard): void {
    this.guards.push(guard);
  }

  async check(point: RecoveryPointRef, kind: RemovalKind): Promise<string | undefined> {
    for (const guard of this.guards) {
      const reason = await guard(point, kind);
      if (reason) return reason;
    }
    return undefined;
  }
}

export interface RecoveryPointSelector {
  vaultNames?: string[];
  resourceArns?: string[];
  /** Inclusive epoch-ms bounds on creationDate. */
  createdFrom?: number;
  createdTo?: number;
}

export interface RecoveryPointQuery {
  /** Calls fn with batches of the scope's recovery points that match every given criterion. */
  forEachMatching(scope: Scope, selector: RecoveryPointSelector, fn: (batch: RecoveryPointRef[]) => Promise<void>): Promise<void>;
  /** The children of a composite parent. */
  children(scope: Scope, parentArn: string): Promise<RecoveryPointRef[]>;
}

/**
 * Lifecycle deletions that a guard refused. Such a point stays with Status EXPIRED (AWS's word
 * for "retention passed, but it cannot be deleted") and the lifecycle worker tries again once a
 * day on its own. A domain that lifts a guard (cancelling a legal hold) calls recheckRemovals()
 * so that the next engine pass (at the current instant) deletes whatever is now allowed.
 * The recovery-point domain's service implements both RecoveryPointQuery and this, and also
 * `onHoldsReleased(scope, arns)` (the same for the named points only) and `get(scope, arn)`.
 */
export interface RecoveryPointRemovals {
  recheckRemovals(): Promise<void>;
}
