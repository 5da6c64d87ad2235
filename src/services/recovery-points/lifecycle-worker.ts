/**
 * The recovery point lifecycle on the clock: WARM -> COLD at MoveToColdStorageAfterDays (for the
 * types that support it) and deletion at DeleteAfterDays. Every point due at an instant is
 * handled in one transaction. A deletion that a removal guard refuses (a legal hold) leaves the
 * point with Status EXPIRED and tries again a day later, or at once when recheckRemovals() or
 * onHoldsReleased() runs; a refused move to cold storage waits the same way.
 */
import type { Worker } from '../../engine/engine.js';
import type { ServiceDeps } from '../deps.js';
import { DAY_MS } from '../jobs/job-record.js';
import { calculatedLifecycle, nextLifecycleDue, type RecoveryPointRecord } from './record.js';
import { refOf, type RecoveryPointService } from './recovery-point-service.js';

const BATCH = 5000;
/** How long a guarded, overdue deletion waits before it is tried again on its own. */
export const GUARDED_RETRY_MS = DAY_MS;

export class LifecycleWorker implements Worker {
  readonly name = 'recovery-point-lifecycle';

  constructor(
    private readonly deps: ServiceDeps,
    private readonly service: RecoveryPointService,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.service.points.nextLifecycleDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.service.points.lifecycleDue<RecoveryPointRecord>(nowMs, BATCH);
      if (due.length === 0) return;
      await this.deps.store.atomically(async () => {
        const updated: RecoveryPointRecord[] = [];
        const removed: RecoveryPointRecord[] = [];
        for (const p of due) {
          const { coldAt, deleteAt } = calculatedLifecycle(p);
          const coldDue = p.storageClass === 'WARM' && coldAt !== undefined && coldAt <= nowMs;
          if (deleteAt !== undefined && deleteAt <= nowMs) {
            const reason = await this.deps.removalGuards.check(refOf(p), 'lifecycle-delete');
            if (!reason) {
              removed.push(p);
              continue;
            }
            // AWS: EXPIRED means the retention has passed but the point cannot be deleted. It
            // stays in its storage class: a hold delays every lifecycle change.
            p.status = 'EXPIRED';
            p.statusMessage = `Retention ended at ${new Date(deleteAt).toISOString()}, but the recovery point cannot be deleted: ${reason}`;
            p.lifecycleDue = nowMs + GUARDED_RETRY_MS;
          } else if (coldDue && (await this.deps.removalGuards.check(refOf(p), 'lifecycle-cold'))) {
            // Under a legal hold the move to cold storage waits too (retried like a deletion).
            p.lifecycleDue = Math.min(nowMs + GUARDED_RETRY_MS, deleteAt ?? Infinity);
          } else {
            if (coldDue) p.storageClass = 'COLD';
            p.lifecycleDue = nextLifecycleDue(p);
          }
          updated.push(p);
        }
        await this.service.points.update(updated);
        await this.service.remove(removed);
      });
      if (due.length < BATCH) return;
    }
  }
}
