/**
 * The restore testing engine Worker.
 *
 * Firings: each plan fires on its cron schedule in its time zone. A firing asks the picker, per
 * selection, for the recovery points to restore and starts one restore job per point through
 * the restore job service (CreatedBy.RestoreTestingPlanArn, the inferred metadata with the
 * selection's overrides, the plan's start window), stamped with the firing's own instant.
 * Delivery is at least once: jobs carry an idempotency token of (plan, selection, resource,
 * instant), and the next firing is recorded after the jobs started.
 *
 * Tracked jobs: once a test restore completes, the restored resource is kept for the
 * selection's ValidationWindowHours (or until a final PutRestoreValidationResult), then deleted:
 * DeletionStatus DELETING, then SUCCESSFUL. A validation still VALIDATING when the window
 * closes becomes TIMED_OUT.
 */
import type { Worker } from '../../engine/engine.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { RestoreTestingScheduleRow, TrackedRestoreJob } from '../../store/repos/restore-testing-store.js';
import type { Scope, Store } from '../../store/types.js';
import { stableUuid } from '../common/arn.js';
import type { RestoreJobRecord } from '../jobs/job-record.js';
import type { RestoreJobService } from '../jobs/restore-jobs.js';
import { nextFireAfter } from '../plans/cron.js';
import { cronOf } from '../plans/plan-repository.js';
import { ServiceError } from '../../protocol/errors.js';
import { inferMetadata, withOverrides } from './inferred-metadata.js';
import type { RecoveryPointPicker } from './picker.js';
import type { RestoreTestingRepository } from './repository.js';
import { HOUR_MS, MINUTE_MS } from '../common/time.js';

const BATCH = 100;
/** How long deleting a restored test resource takes. */
const DELETION_MS = 5 * MINUTE_MS;

export interface TrackedJobData extends Scope {
  phase: 'running' | 'window' | 'deleting';
  validationWindowHours: number;
}

export class RestoreTestingWorker implements Worker {
  readonly name = 'restore-testing';

  constructor(
    private readonly store: Store,
    private readonly repo: RestoreTestingRepository,
    private readonly jobs: JobsStore,
    private readonly restoreJobs: RestoreJobService,
    private readonly picker: RecoveryPointPicker,
  ) {}

  async nextDue(): Promise<number | undefined> {
    const [fire, step] = [await this.repo.tables.earliestFire(), await this.repo.tables.earliestJobStep()];
    if (fire === undefined) return step;
    return step === undefined ? fire : Math.min(fire, step);
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const fires = await this.repo.tables.dueFires(nowMs, BATCH);
      const steps = await this.repo.tables.dueJobs<TrackedJobData>(nowMs, BATCH);
      if (fires.length === 0 && steps.length === 0) return;
      const fireAt = fires[0]?.nextFire ?? Infinity;
      const stepAt = steps[0]?.dueAt ?? Infinity;
      // Only the earliest instant of the batch: a catch-up pass still runs in time order.
      if (fireAt <= stepAt) {
        for (const row of fires) if (row.nextFire === fireAt) await this.fire(row);
      } else {
        for (const row of steps) if (row.dueAt === stepAt) await this.step(row, nowMs);
      }
    }
  }

  private async fire(row: RestoreTestingScheduleRow): Promise<void> {
    const scope: Scope = { accountId: row.accountId, region: row.region };
    const at = row.nextFire;
    const plan = await this.repo.plans.get(scope, row.planName);
    if (!plan) return this.repo.tables.setNextFire(scope, row.planName, undefined);
    let started = 0;
    for (const selection of await this.repo.selectionsOf(scope, plan.name)) {
      for (const point of await this.picker.pick(scope, plan.selection, selection, at)) {
        let job: RestoreJobRecord;
        try {
          job = await this.restoreJobs.start(scope, at, {
            recoveryPointArn: point.arn,
            iamRoleArn: selection.iamRoleArn,
            metadata: withOverrides(inferMetadata(point), selection.metadataOverrides),
            restoreTestingPlanArn: plan.arn,
            startBy: at + plan.startWindowHours * HOUR_MS,
            idempotencyToken: stableUuid(`restore-testing/${plan.arn}/${selection.name}/${point.resourceArn}/${at}`),
          });
        } catch (e) {
          if (e instanceof ServiceError) continue; // the point went away since it was picked
          throw e;
        }
        started++;
        await this.store.atomically(async () => {
          if (await this.repo.tables.getJob(job.id)) return;
          const data: TrackedJobData = { ...scope, phase: 'running', validationWindowHours: selection.validationWindowHours ?? 0 };
          await this.repo.tables.putJob({ jobId: job.id, dueAt: job.dueAt ?? at, data });
        });
      }
    }
    await this.store.atomically(async () => {
      // Re-read: an update or delete while the jobs were starting has rescheduled the plan itself.
      const fresh = await this.repo.plans.get(scope, plan.name);
      if (!fresh || fresh.arn !== plan.arn || (await this.repo.tables.nextFireOf(scope, plan.name)) !== at) return;
      await this.repo.tables.setNextFire(scope, plan.name, nextFireAfter(cronOf(fresh.scheduleExpression), at, fresh.timezone));
      if (started > 0) await this.repo.plans.update(scope, plan.name, { ...fresh, lastExecutionTime: at });
    });
  }

  private async step(row: TrackedRestoreJob<TrackedJobData>, nowMs: number): Promise<void> {
    const t = row.dueAt;
    await this.store.atomically(async () => {
      const job = await this.jobs.get<RestoreJobRecord>('restore', row.jobId);
      if (!job) return this.repo.tables.deleteJob(row.jobId);
      const data = row.data;
      if (data.phase === 'running') {
        if (job.dueAt !== undefined) {
          // Not final yet: look again when the job's next transition is due.
          return this.repo.tables.putJob({ ...row, dueAt: Math.max(job.dueAt, nowMs + 1) });
        }
        if (job.state !== 'COMPLETED') return this.repo.tables.deleteJob(row.jobId); // nothing was restored
        const windowEnd = (job.completionDate ?? t) + data.validationWindowHours * HOUR_MS;
        const finalResult = job.validationStatus !== undefined && job.validationStatus !== 'VALIDATING';
        return this.repo.tables.putJob({ ...row, dueAt: finalResult ? t : Math.max(t, windowEnd), data: { ...data, phase: 'window' } });
      }
      if (data.phase === 'window') {
        if (job.validationStatus === 'VALIDATING') {
          job.validationStatus = 'TIMED_OUT';
          job.validationStatusMessage = `The validation window of ${data.validationWindowHours} hours closed before a final validation result was sent.`;
        }
        job.deletionStatus = 'DELETING';
        job.deletionStatusMessage = `Deleting the resource this restore test created (${job.createdResourceArn ?? 'none recorded'}).`;
        await this.jobs.update([job]);
        return this.repo.tables.putJob({ ...row, dueAt: t + DELETION_MS, data: { ...data, phase: 'deleting' } });
      }
      job.deletionStatus = 'SUCCESSFUL';
      job.deletionStatusMessage = `Deleted the resource this restore test created (${job.createdResourceArn ?? 'none recorded'}).`;
      await this.jobs.update([job]);
      await this.repo.tables.deleteJob(row.jobId);
    });
  }

  /** A final validation result ends the validation window now (called inside a transaction). */
  async validationFinished(jobId: string, nowMs: number): Promise<void> {
    const row = await this.repo.tables.getJob<TrackedJobData>(jobId);
    if (row && row.data.phase === 'window' && row.dueAt > nowMs) await this.repo.tables.putJob({ ...row, dueAt: nowMs });
  }
}
