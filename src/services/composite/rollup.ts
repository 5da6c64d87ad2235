/**
 * A composite (parent) job follows its children: the job worker marks a parent dirty whenever one
 * of its children changes state, and after the batch is written this settles each dirty parent
 * once, from one indexed GROUP BY over its children:
 *   CREATED until a child starts, then RUNNING while any child is not final;
 *   COMPLETED when every child completed, PARTIAL when some did not, FAILED when none did
 *   (ABORTED when the parent was stopped).
 * When a parent ends, its composite recovery point (the backup's, or the copy's destination)
 * leaves CREATING: COMPLETED when every child it set out to make is there, else PARTIAL.
 */
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { BackupJobRecord, CopyJobRecord } from '../jobs/job-record.js';
import type { RecoveryPointRecord } from '../recovery-points/record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';

export const FINAL_STATES = new Set(['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL']);
const WAITING = new Set(['CREATED', 'PENDING']);

export type ParentJob = BackupJobRecord | CopyJobRecord;

/** A parent job the worker must settle, with the instant of its latest child change. */
export interface DirtyParent {
  kind: 'backup' | 'copy';
  scope: Scope;
  t: number;
}

/** What the rollup reads and writes through the worker's batch. */
export interface RollupPass {
  point(arn: string): Promise<RecoveryPointRecord | undefined>;
  touch(point: RecoveryPointRecord): void;
  /** Backup jobs that ended with a recovery point in this batch (plans start copy actions for them). */
  readonly completedBackups: BackupJobRecord[];
}

const sum = (counts: Record<string, number>, states: Iterable<string>): number => [...states].reduce((n, s) => n + (counts[s] ?? 0), 0);

/** The share of a parent's children that are final, as AWS writes PercentDone. */
export function compositePercent(parent: ParentJob): string {
  const total = parent.numberOfChildJobs ?? 0;
  if (parent.state === 'COMPLETED' || total === 0) return parent.state === 'COMPLETED' ? '100.0' : '0.0';
  const done = sum(parent.childJobsInState ?? {}, FINAL_STATES);
  return (Math.floor((done / total) * 1000) / 10).toFixed(1);
}

/** Applies the children's counts to the parent at instant t; answers whether the parent ended. */
export function settle(parent: ParentJob, counts: Record<string, number>, t: number): boolean {
  parent.childJobsInState = counts;
  const total = parent.numberOfChildJobs ?? 0;
  const done = sum(counts, FINAL_STATES);
  if (done < total) {
    const started = total - sum(counts, WAITING) > 0;
    if (started && WAITING.has(parent.state)) {
      parent.state = 'RUNNING';
      parent.startedAt ??= t;
    }
    return false;
  }
  const completed = counts.COMPLETED ?? 0;
  const kind = parent.kind;
  const listOp = kind === 'backup' ? 'ListBackupJobs' : 'ListCopyJobs';
  const others = Object.entries(counts)
    .filter(([s]) => s !== 'COMPLETED')
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  let state: string;
  let message: string;
  // Every composite job has a child: a stack backup its template's, a copy its source's nested points.
  if (completed === total) {
    state = 'COMPLETED';
    message = `All ${total} child ${kind} jobs completed.`;
  } else {
    state = parent.state === 'ABORTING' ? 'ABORTED' : completed > 0 || (counts.PARTIAL ?? 0) > 0 ? 'PARTIAL' : 'FAILED';
    message = `${completed} of ${total} child ${kind} jobs completed (${others}); see ${listOp} with ByParentJobId ${parent.id}.`;
  }
  parent.state = state;
  parent.statusMessage = message;
  parent.messageCategory = state === 'COMPLETED' ? 'SUCCESS' : state === 'ABORTED' ? 'Aborted' : undefined;
  parent.completionDate = t;
  parent.startedAt ??= t;
  parent.dueAt = undefined;
  return true;
}

export class CompositeRollup {
  constructor(
    private readonly jobs: JobsStore,
    private readonly points: RecoveryPointService,
  ) {}

  /** Settles the dirty parents (the batch's job changes and new points are already written). */
  async apply(dirty: Map<string, DirtyParent>, pass: RollupPass): Promise<void> {
    for (const [id, d] of dirty) {
      const parent = await this.jobs.get<ParentJob>(d.kind, id);
      if (!parent?.isParent || FINAL_STATES.has(parent.state)) continue;
      const counts = await this.jobs.childStates(d.kind, d.scope, id);
      if (settle(parent, counts, d.t)) {
        await this.finishPoint(parent, d.t, pass);
        // A stack backup that made its composite point (whole or PARTIAL) is "completed" for copy actions.
        if (parent.kind === 'backup' && (parent.state === 'COMPLETED' || parent.state === 'PARTIAL')) pass.completedBackups.push(parent);
      }
      await this.jobs.update([parent]);
    }
  }

  private async finishPoint(parent: ParentJob, t: number, pass: RollupPass): Promise<void> {
    const arn = parent.kind === 'backup' ? parent.recoveryPointArn : parent.plannedDestinationArn;
    const point = arn ? await pass.point(arn) : undefined;
    if (!point) return;
    const present = (await this.points.children(point, point.arn)).length;
    const expected = point.expectedChildren ?? 0;
    point.status = present >= expected ? 'COMPLETED' : 'PARTIAL';
    point.statusMessage = present >= expected ? undefined : `${expected - present} of the ${expected} nested recovery points of this composite are missing.`;
    point.completionDate = t;
    pass.touch(point);
    if (parent.kind === 'copy') {
      parent.destinationRecoveryPointArn = point.arn;
      parent.destinationEncryptionKeyArn = point.encryptionKeyArn;
    }
  }
}
