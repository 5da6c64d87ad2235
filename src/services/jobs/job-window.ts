/**
 * How long a job is seen, and when its record goes (docs/jobs.md). AWS lists backup and scan
 * jobs "for the last 30 days" (ListBackupJobs, ListScanJobs) and its job summaries count jobs
 * "created or running within the most recent 30 days"; it names no window for copy and restore
 * jobs nor for describing an old job. Stricter reading, one rule for every kind: a job is seen
 * (listed and described) while it runs and for 30 days after it ended; then it is gone
 * (ResourceNotFoundException), and a RetentionWorker deletes its record.
 */
import type { Worker } from '../../engine/engine.js';
import type { Store } from '../../store/types.js';
import { DAY_MS } from '../common/time.js';

export const JOB_WINDOW_MS = 30 * DAY_MS;

/** The completion date a job must be later than to be seen at nowMs. */
export const windowStart = (nowMs: number): number => nowMs - JOB_WINDOW_MS;

/** Whether a job is seen at nowMs: still open, or ended less than 30 days ago. */
export const inWindow = (job: { completionDate?: number }, nowMs: number): boolean =>
  job.completionDate === undefined || job.completionDate > windowStart(nowMs);

/** The records a RetentionWorker deletes: ended ones that nothing reads any more. */
export interface PurgeableJobs {
  /** The completion date of the oldest record that may be deleted once it is out of the window. */
  oldestPurgeable(): Promise<number | undefined>;
  /** Deletes up to limit such records that ended at or before endedBy; answers how many. */
  purge(endedBy: number, limit: number): Promise<number>;
}

const BATCH = 2000;

/**
 * Deletes job records once they are out of the window, in batches of BATCH (one transaction
 * each). It runs at most once per business day (at UTC midnight): a record outlives its window
 * by less than a day, unseen (every read checks the window itself), and a year of jobs adds one
 * engine instant per day rather than one per completion instant.
 */
export class RetentionWorker implements Worker {
  /** Store reads and writes only: the engine may group its commits. */
  readonly groupCommit = true;

  constructor(
    readonly name: string,
    private readonly store: Pick<Store, 'atomically'>,
    private readonly records: PurgeableJobs,
  ) {}

  async nextDue(): Promise<number | undefined> {
    const oldest = await this.records.oldestPurgeable();
    return oldest === undefined ? undefined : Math.ceil((oldest + JOB_WINDOW_MS) / DAY_MS) * DAY_MS;
  }

  async run(nowMs: number): Promise<void> {
    const endedBy = windowStart(nowMs);
    for (let purged = BATCH; purged === BATCH; ) purged = await this.store.atomically(() => this.records.purge(endedBy, BATCH));
  }
}
