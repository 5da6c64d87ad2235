/**
 * Attaching recovery points to a hold when it becomes ACTIVE, and telling the recovery-point
 * domain which points a cancelled hold no longer protects.
 */
import type { LegalHoldRecord, LegalHoldStore } from '../../store/repos/legal-hold-store.js';
import type { Scope, Store } from '../../store/types.js';
import type { RecoveryPointQuery, RecoveryPointRef } from '../recovery-points/contract.js';
import { heldPoint, selectorOf } from './selection.js';

/** AWS nests application stacks at most 10 layers deep; a deeper chain is a cycle. */
const MAX_NESTING = 10;
const RELEASE_BATCH = 1000;

export class HoldCoverage {
  constructor(
    private readonly store: Store,
    private readonly holds: LegalHoldStore,
    private readonly recoveryPoints: RecoveryPointQuery,
  ) {}

  /**
   * CREATING -> ACTIVE: in one transaction, records every matching recovery point (and the
   * children of matching composite parents) under the hold, then marks it ACTIVE.
   */
  async activate(scope: Scope, holdId: string, nowMs: number): Promise<void> {
    await this.store.atomically(async () => {
      const hold = await this.holds.get(scope, holdId);
      if (hold?.status !== 'CREATING') return;
      // A point can come twice (matched itself and as a child of a matched parent): attach it once.
      const attached = new Set<string>();
      const types = new Map<string, string>();
      await this.forEachCovered(scope, hold, async (batch) => {
        const fresh = batch.filter((p) => !attached.has(p.arn) && attached.add(p.arn));
        await this.holds.attach(scope, hold.id, fresh.map((p) => heldPoint(p, types)));
      });
      await this.holds.update(scope, { ...hold, status: 'ACTIVE', activatedAt: nowMs }, null);
    });
  }

  /** Calls fn with batches of the points the hold covers: the matches and their descendants. */
  private async forEachCovered(scope: Scope, hold: LegalHoldRecord, fn: (batch: RecoveryPointRef[]) => Promise<void>): Promise<void> {
    const visited = new Set<string>();
    const descend = async (parents: RecoveryPointRef[], depth: number): Promise<void> => {
      for (const parent of parents) {
        if (!parent.isParent || visited.has(parent.arn) || depth > MAX_NESTING) continue;
        visited.add(parent.arn);
        const children = await this.recoveryPoints.children(scope, parent.arn);
        if (children.length === 0) continue;
        await fn(children);
        await descend(children, depth + 1);
      }
    };
    await this.recoveryPoints.forEachMatching(scope, selectorOf(hold), async (batch) => {
      await fn(batch);
      await descend(batch, 1);
    });
  }

  /**
   * After a cancellation: names to the recovery-point domain, in batches, the points of the hold
   * that no hold protects any more. A hold cancelled before it became ACTIVE has no links; its
   * selection is evaluated again, since the guard refused those points while it was CREATING.
   */
  async release(scope: Scope, hold: LegalHoldRecord): Promise<void> {
    const hook = this.recoveryPoints.onHoldsReleased?.bind(this.recoveryPoints);
    if (!hook) return;
    if (hold.activatedAt !== undefined) {
      let after = 0;
      for (;;) {
        const rows = await this.holds.unprotectedPoints(hold.id, after, RELEASE_BATCH);
        if (rows.length > 0) await hook(scope, rows.map((r) => r.pointArn));
        if (rows.length < RELEASE_BATCH) return;
        after = rows[rows.length - 1]!.position;
      }
    }
    const released = new Set<string>();
    await this.forEachCovered(scope, hold, async (batch) => {
      for (const p of batch) if (!(await this.holds.protectingHold(scope, p.arn))) released.add(p.arn);
    });
    const arns = [...released];
    for (let i = 0; i < arns.length; i += RELEASE_BATCH) await hook(scope, arns.slice(i, i + RELEASE_BATCH));
  }
}
