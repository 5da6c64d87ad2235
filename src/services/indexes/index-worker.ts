/** Backup indexes on the clock: PENDING -> ACTIVE (or FAILED, as the inventory says), DELETING -> gone, each at its own due instant. */
import type { Worker } from '../../engine/engine.js';
import type { PointIndexesStore } from '../../store/repos/recovery-point-indexes-store.js';
import type { ServiceDeps } from '../deps.js';
import { itemsIn, type PointIndexRecord } from './index-record.js';
import { indexEvents, type IndexNotificationsOf } from './index-events.js';
import type { Emitted } from '../common/events.js';

const BATCH = 5000;

export class IndexWorker implements Worker {
  readonly name = 'recovery-point-indexes';

  constructor(
    private readonly deps: ServiceDeps,
    private readonly indexes: PointIndexesStore,
    private readonly notificationsOf: IndexNotificationsOf,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.indexes.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.indexes.due<PointIndexRecord>(nowMs, BATCH);
      if (due.length === 0) return;
      await this.deps.store.atomically(async () => {
        const done: PointIndexRecord[] = [];
        const gone: string[] = [];
        const events: Emitted[] = [];
        for (const i of due) {
          if (i.status === 'DELETING') {
            gone.push(i.arn);
            events.push(...(await indexEvents(i, 'DELETED', i.dueAt ?? nowMs, this.notificationsOf)));
            continue;
          }
          const at = i.dueAt ?? nowMs;
          i.dueAt = undefined;
          done.push(i);
          if (i.failsWith !== undefined) {
            // AWS's API: IndexStatus FAILED with an IndexStatusMessage; nothing was indexed, nothing completed.
            i.status = 'FAILED';
            i.statusMessage = i.failsWith;
            events.push(...(await indexEvents(i, 'FAILED', at, this.notificationsOf)));
            continue;
          }
          i.status = 'ACTIVE';
          i.statusMessage = undefined;
          i.indexCompletionDate = at;
          i.totalItemsIndexed = itemsIn(i.backupSizeInBytes);
          events.push(...(await indexEvents(i, 'ACTIVE', at, this.notificationsOf)));
        }
        await this.indexes.update(done);
        await this.indexes.delete(gone);
        await this.deps.events.emit(events);
      });
    }
  }
}
