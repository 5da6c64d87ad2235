/**
 * The recovery point lifecycle on the clock: WARM -> COLD at MoveToColdStorageAfterDays (for the
 * types that support it) and deletion at DeleteAfterDays. Every point due at an instant is
 * handled in one transaction. A composite is deleted as a whole (its nested points wait for it).
 * A deletion that a removal guard refuses (a legal hold) leaves the point with Status EXPIRED and
 * tries again a day later, or at once when recheckRemovals() or onHoldsReleased() runs; a refused
 * move to cold storage waits the same way.
 */
import type { Worker } from '../../engine/engine.js';
import type { RecoveryPointDeps } from './contract.js';
import { DAY_MS } from '../common/time.js';
import { calculatedLifecycle, nextLifecycleDue, refOf, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from './recovery-point-service.js';
import type { RemovalKind } from '../common/removal.js';

const BATCH = 5000;
/** How long a guarded, overdue deletion waits before it is tried again on its own. */
export const GUARDED_RETRY_MS = DAY_MS;

export class LifecycleWorker implements Worker {
  readonly name = 'recovery-point-lifecycle';
  /** Store reads and writes only (listeners too): the engine may group its commits. */
  readonly groupCommit = true;

  constructor(
    private readonly deps: RecoveryPointDeps,
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
        const guarded = await this.guardedBatch(due, nowMs);
        const updated = new Map<string, RecoveryPointRecord>();
        const removed = new Map<string, RecoveryPointRecord>();
        const inBatch = new Map(due.map((p) => [p.arn, p]));
        for (const p of due) {
          if (removed.has(p.arn)) continue;
          const { coldAt, deleteAt } = calculatedLifecycle(p);
          if (deleteAt === undefined || deleteAt > nowMs) {
            const coldDue = p.storageClass === 'WARM' && coldAt !== undefined && coldAt <= nowMs;
            if (coldDue && (await guarded([p], 'lifecycle-cold'))[0]) {
              // Under a legal hold the move to cold storage waits too (retried like a deletion).
              p.lifecycleDue = Math.min(nowMs + GUARDED_RETRY_MS, deleteAt ?? Infinity);
              updated.set(p.arn, p);
              continue;
            }
            if (coldDue) p.storageClass = 'COLD';
            p.lifecycleDue = nextLifecycleDue(p);
            updated.set(p.arn, p);
            continue;
          }
          if (p.parentRecoveryPointArn && (await this.service.points.get(p.parentRecoveryPointArn))) {
            // A nested point is deleted with its composite (the parent's own step), not alone.
            const coldDue = p.storageClass === 'WARM' && coldAt !== undefined && coldAt <= nowMs;
            if (coldDue && !(await guarded([p], 'lifecycle-cold'))[0]) p.storageClass = 'COLD';
            p.lifecycleDue = undefined;
            updated.set(p.arn, p);
            continue;
          }
          if (p.status === 'CREATING') {
            // A composite whose job still runs is deleted once it has settled.
            p.lifecycleDue = nowMs + GUARDED_RETRY_MS;
            updated.set(p.arn, p);
            continue;
          }
          // A composite goes as a whole: the parent and every nested point, or nothing.
          const group = p.isParent ? [p, ...(await this.service.composite.children(p)).map((c) => inBatch.get(c.arn) ?? c)] : [p];
          const reason = (await guarded(group, 'lifecycle-delete')).find((r) => r !== undefined);
          if (!reason) {
            for (const member of group) removed.set(member.arn, member);
            continue;
          }
          // AWS: EXPIRED means the retention has passed but the point cannot be deleted.
          for (const member of group) {
            member.status = 'EXPIRED';
            member.statusMessage = `Retention ended at ${new Date(deleteAt).toISOString()}, but the recovery point cannot be deleted: ${reason}`;
            // A hold delays every lifecycle change of the composite, the move to cold storage too.
            member.lifecycleDue = member === p ? nowMs + GUARDED_RETRY_MS : undefined;
            updated.set(member.arn, member);
          }
        }
        await this.service.points.update([...updated.values()].filter((u) => !removed.has(u.arn)));
        await this.service.remove([...removed.values()]);
      });
      if (due.length < BATCH) return;
    }
  }

  /**
   * The removal guards' answers for a batch, asked in two batches up front (every move to cold
   * storage due, every deletion due of a point that is not part of a composite) rather than a
   * few statements per point; what the batch asks beyond them (a composite's members) is asked
   * group by group. Nothing the batch writes comes before its last answer, so the answers hold.
   */
  private async guardedBatch(due: RecoveryPointRecord[], nowMs: number): Promise<(points: RecoveryPointRecord[], kind: RemovalKind) => Promise<(string | undefined)[]>> {
    const answers = new Map<string, string | undefined>();
    const ask = async (points: RecoveryPointRecord[], kind: RemovalKind): Promise<(string | undefined)[]> => {
      const unknown = points.filter((p) => !answers.has(`${kind} ${p.arn}`));
      if (unknown.length) {
        const reasons = await this.deps.removalGuards.checkMany(unknown.map(refOf), kind);
        unknown.forEach((p, i) => answers.set(`${kind} ${p.arn}`, reasons[i]));
      }
      return points.map((p) => answers.get(`${kind} ${p.arn}`));
    };
    const cold: RecoveryPointRecord[] = [];
    const deletions: RecoveryPointRecord[] = [];
    for (const p of due) {
      const { coldAt, deleteAt } = calculatedLifecycle(p);
      if (deleteAt !== undefined && deleteAt <= nowMs) {
        if (!p.isParent && !p.parentRecoveryPointArn && p.status !== 'CREATING') deletions.push(p);
      } else if (p.storageClass === 'WARM' && coldAt !== undefined && coldAt <= nowMs) cold.push(p);
    }
    await ask(cold, 'lifecycle-cold');
    await ask(deletions, 'lifecycle-delete');
    return ask;
  }
}
