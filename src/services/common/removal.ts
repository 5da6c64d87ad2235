/**
 * What a removal guard sees and answers (the extension point of Contributions.removalGuards):
 * the recovery point, the kind of removal, and a reason to refuse. Here, below every domain, so
 * that the domains that contribute guards (vaults, legal holds) need not import recovery-points/.
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
export type RemovalGuard = ((point: RecoveryPointRef, kind: RemovalKind) => Promise<string | undefined>) & {
  /** The guard's answer for each point, in order, in a few statements whatever their number (the lifecycle's batches). */
  many?: (points: readonly RecoveryPointRef[], kind: RemovalKind) => Promise<(string | undefined)[]>;
};

/** A guard from its batch form: one point is a batch of one (one home for the guard's rule). */
export function batchGuard(many: (points: readonly RecoveryPointRef[], kind: RemovalKind) => Promise<(string | undefined)[]>): RemovalGuard {
  return Object.assign(async (point: RecoveryPointRef, kind: RemovalKind) => (await many([point], kind))[0], { many });
}
