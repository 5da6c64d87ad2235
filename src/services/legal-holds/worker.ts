/**
 * The legal-hold engine worker: CREATING -> ACTIVE (attach the covered recovery points),
 * CANCELING -> CANCELED (tell the recovery-point domain what was released), and dropping a
 * cancelled hold's record once its RetainRecordUntil has passed. Each hold is handled at its
 * own due time; nextDue is one indexed MIN query.
 */
import type { Worker } from '../../engine/engine.js';
import type { DueHold, LegalHoldStore } from '../../store/repos/legal-hold-store.js';
import type { Store } from '../../store/types.js';
import type { HoldCoverage } from './coverage.js';

const BATCH = 100;

export class LegalHoldWorker implements Worker {
  readonly name = 'legal-holds';

  constructor(
    private readonly store: Store,
    private readonly holds: LegalHoldStore,
    private readonly coverage: HoldCoverage,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.holds.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.holds.due(nowMs, BATCH);
      for (const item of due) await this.step(item);
      if (due.length < BATCH) return;
    }
  }

  private async step({ hold, dueAt, ...scope }: DueHold): Promise<void> {
    switch (hold.status) {
      case 'CREATING':
        await this.coverage.activate(scope, hold.id, dueAt);
        return;
      case 'CANCELING':
        // Outside the transaction (the hook may write); repeated after a crash, which is harmless.
        await this.coverage.release(scope, hold);
        await this.store.atomically(async () => {
          const current = await this.holds.get(scope, hold.id);
          if (current?.status !== 'CANCELING') return;
          await this.holds.update(scope, { ...current, status: 'CANCELED' }, current.retainRecordUntil ?? null);
        });
        return;
      case 'CANCELED':
        await this.store.atomically(async () => {
          await this.holds.delete(scope, hold.id);
          await this.store.tags.delete(hold.arn);
        });
        return;
      default:
        // An ACTIVE hold has no engine work; clear a stray due time so the engine cannot spin.
        await this.holds.update(scope, hold, null);
    }
  }
}
