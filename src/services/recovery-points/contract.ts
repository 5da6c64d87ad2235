/**
 * What the recovery-point domain offers the domains that protect or select recovery points
 * (legal holds, composite backups, audit). The recovery-point domain implements
 * RecoveryPointQuery and calls every contributed guard (Contributions.removalGuards) before it deletes or disassociates a
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
import type { RecoveryPointRef, RemovalGuard, RemovalKind } from '../common/removal.js';
import type { ServiceDeps } from '../deps.js';

/** A contributed removal guard and the domain module that contributed it (its `name`). */
export interface SourcedGuard {
  source: string;
  guard: RemovalGuard;
}

/** A guard's refusal, named by the module whose guard refused. */
export interface RemovalRefusal {
  source: string;
  message: string;
}

/**
 * Why DeleteRecoveryPoint would refuse a point: a guard's refusal (source: its module), or the
 * composite rules' (source 'composite-parent': a nested point; 'composite-creating': a composite
 * still being made). id names the other record involved (the parent or nested point, the job).
 */
export interface DeletionRefusal extends RemovalRefusal {
  id?: string;
}

/** Asks the guards in turn: `check` answers the first reason, `refusals` every guard's. */
export interface RemovalCheck {
  check(point: RecoveryPointRef, kind: RemovalKind): Promise<string | undefined>;
  /** check() of each point, in order: each guard asked once for the points no guard before it refused. */
  checkMany(points: readonly RecoveryPointRef[], kind: RemovalKind): Promise<(string | undefined)[]>;
  /** Every guard's refusal, in composition order (the console's "why can't this point be deleted"). */
  refusals(point: RecoveryPointRef, kind: RemovalKind): Promise<RemovalRefusal[]>;
}

/** The check over every domain's contributed guards (bound by the composer once all are built). */
export const removalCheck = (guards: () => readonly SourcedGuard[]): RemovalCheck => ({
  async check(point, kind) {
    for (const { guard } of guards()) {
      const reason = await guard(point, kind);
      if (reason) return reason;
    }
    return undefined;
  },
  async checkMany(points, kind) {
    const reasons: (string | undefined)[] = points.map(() => undefined);
    for (const { guard } of guards()) {
      const open = points.flatMap((_, i) => (reasons[i] === undefined ? [i] : []));
      if (open.length === 0) break;
      const asked = open.map((i) => points[i]!);
      const answers = guard.many ? await guard.many(asked, kind) : await Promise.all(asked.map((p) => guard(p, kind)));
      open.forEach((i, k) => (reasons[i] = answers[k]));
    }
    return reasons;
  },
  async refusals(point, kind) {
    const out: RemovalRefusal[] = [];
    for (const { source, guard } of guards()) {
      const message = await guard(point, kind);
      if (message) out.push({ source, message });
    }
    return out;
  },
});

/** What the recovery-point domain's services are built from: the shared deps and the removal check. */
export interface RecoveryPointDeps extends ServiceDeps {
  removalGuards: RemovalCheck;
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
