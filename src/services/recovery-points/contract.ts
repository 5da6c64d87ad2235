/**
 * What the recovery-point domain offers the domains that protect or select recovery points
 * (legal holds, composite backups, audit). The recovery-point domain implements
 * RecoveryPointQuery and calls every registered guard before it deletes or disassociates a
 * recovery point, whether a user asked (DeleteRecoveryPoint, DisassociateRecoveryPoint,
 * DisassociateRecoveryPointFromParent, deleting a composite parent) or the lifecycle did.
 *
 * Transactions: guards only read and never open a transaction, so the recovery-point domain may
 * call `check` inside `store.atomically`. Legal holds call `forEachMatching`, `children` and
 * `get` inside their own transaction: these must only read (a store.atomically there would
 * join the caller's transaction). Legal holds call `onHoldsReleased` outside any transaction,
 * backup access points inside their worker's (it only writes, so it joins that transaction).
 */
import type { Scope } from '../../store/types.js';

export interface RecoveryPointRef extends Scope {
  arn: string;
  vaultName: string;
  resourceArn: string;
  /** Epoch ms. */
  creationDate: number;
  parentRecoveryPointArn?: string;
  /** True for a composite parent: a legal hold that covers it attaches its children (children()). */
  isParent?: boolean;
  /** EBS, RDS, ... as ListRecoveryPointsByLegalHold reports it; derived from resourceArn when absent. */
  resourceType?: string;
  /** A continuous backup (known where the full record was read, as in the lifecycle worker). */
  continuous?: boolean;
}

/**
 * 'lifecycle-cold' is not a removal, but a guard may refuse it too: AWS delays "lifecycle
 * policies that would alter the backup status (such as transition to cold storage)" while a
 * legal hold is in place.
 */
export type RemovalKind = 'delete' | 'disassociate' | 'disassociate-from-parent' | 'lifecycle-delete' | 'lifecycle-cold';

/**
 * Answers a message that names why the point may not be removed, or undefined to allow it.
 * A guard only reads: it may run inside the lifecycle worker's transaction, so it must not open
 * a transaction of its own (a store.atomically there joins the worker's).
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
  /**
   * Optional: one recovery point by ARN. Legal holds use it while a hold is still CREATING, to
   * see whether a child's composite parent is selected; without it, such a child is protected
   * only once the hold is ACTIVE.
   */
  get?(scope: Scope, arn: string): Promise<RecoveryPointRef | undefined>;
  /**
   * Optional hook, called by legal holds (outside any transaction, possibly more than once for
   * the same points) after the last hold that protected these recovery points was cancelled, and
   * by backup access points (inside their worker's transaction, which it joins) once the last
   * access point of a point is gone.
   * A lifecycle deletion that a guard refused need not be retried until its point is named
   * here; the recovery-point domain then deletes the points that are past their DeleteAfterDays
   * at its next engine pass (still calling `check` first: another hold may have appeared).
   */
  onHoldsReleased?(scope: Scope, arns: string[]): Promise<void>;
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
