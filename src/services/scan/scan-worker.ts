/**
 * Scan jobs on the clock: CREATED -> RUNNING (GuardDuty gets a scan id) -> an end state that the
 * resource inventory decides (scanResult, scanOutcome, scanDurationSeconds of the scanned
 * resource). Each batch of due jobs is applied at each job's own due instant and written in one
 * transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Worker } from '../../engine/engine.js';
import type { Inventory } from '../../resources/inventory.js';
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import { DEFAULT_SCAN_SECONDS, type ScanJobRecord } from './scan-job-record.js';

const BATCH = 5000;

export class ScanWorker implements Worker {
  readonly name = 'scan-jobs';

  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: ScanJobsStore,
    private readonly points: RecoveryPointService,
    private readonly inventory: Inventory,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.jobs.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.jobs.due<ScanJobRecord>(nowMs, BATCH);
      if (due.length === 0) return;
      await this.deps.store.atomically(async () => {
        for (const job of due) await this.step(job, job.dueAt!);
        await this.jobs.update(due);
      });
    }
  }

  private finish(job: ScanJobRecord, t: number, state: string, result: string, message?: string): void {
    job.state = state;
    job.scanResult = result;
    job.completionDate = t;
    job.dueAt = undefined;
    job.statusMessage = message;
  }

  private async step(job: ScanJobRecord, t: number): Promise<void> {
    const point = await this.points.points.get(job.recoveryPointArn);
    if (!point) {
      return this.finish(job, t, 'FAILED', 'UNKNOWN', `Recovery point ${job.recoveryPointArn} was deleted before the scan could read it.`);
    }
    const entry = await this.inventory.get(job.resourceArn);
    if (job.state === 'CREATED') {
      job.state = 'RUNNING';
      job.startedAt = t;
      job.scanId = randomBytes(16).toString('hex');
      job.dueAt = t + (entry?.scanDurationSeconds ?? DEFAULT_SCAN_SECONDS) * 1000;
      return;
    }
    const outcome = entry?.scanOutcome ?? 'COMPLETED';
    if (outcome === 'FAILED') {
      return this.finish(job, t, 'FAILED', 'UNKNOWN', `The malware scan of ${job.recoveryPointArn} failed; GuardDuty could not read the backup.`);
    }
    const result = entry?.scanResult ?? 'NO_THREATS_FOUND';
    const message = outcome === 'COMPLETED_WITH_ISSUES' ? 'The scan completed, but some files or objects could not be scanned.' : undefined;
    this.finish(job, t, outcome, result, message);
  }
}
