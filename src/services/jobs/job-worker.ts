/**
 * Backup, copy and restore jobs on the clock. Each pass takes every job whose next transition is
 * due, applies it at the job's own due instant, and writes all changes (jobs, new recovery
 * points, tags) in one transaction per batch, so thousands of jobs due at one instant cost one
 * engine pass.
 */
import type { Worker } from '../../engine/engine.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import { recoveryPointArnFor, restoredResourceArnFor } from '../../resources/resource-types.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { VaultService } from '../vaults/vault-service.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import { unavailableReason } from '../vaults/vault-creation.js';
import { policyAllowsCopy, type CopyRequester } from '../common/resource-policy.js';
import { principalOrg, type Organization } from '../organization/organization.js';
import type { BackupCompletedListener, BackupJobRecord, CopyJobRecord, JobRecord, RestoreJobRecord } from '../common/job-record.js';
import { lockViolation } from '../vaults/vault-lock.js';
import { backupPoint, copiedPoint } from '../recovery-points/job-points.js';
import { backupParentPoint, copyParentPoint } from '../composite/parent-points.js';
import { CompositeRollup, type DirtyParent } from '../composite/rollup.js';

const BATCH = 5000;
/** AWS retries a job that cannot start yet "at least every 10 minutes" within its start window. */
const START_RETRY_MS = 10 * 60_000;

/** Told, inside each batch's transaction, of the copy jobs that completed in it. */
export type CopyCompletedListener = (jobs: CopyJobRecord[]) => Promise<void>;
/** What a restore of one resource type does as it completes, beyond its CreatedResourceArn; answers why it fails instead. */
export type RestoreCompletion = (job: RestoreJobRecord) => Promise<string | undefined>;

/** Whom the worker tells of completed jobs, fixed when the jobs domain is built. */
export interface JobCompletions {
  /** Every domain's listeners in composition order, the jobs domain's own first (bound by the composer). */
  backupCompleted(): readonly BackupCompletedListener[];
  copyCompleted: readonly CopyCompletedListener[];
  /** By resource type: CloudFormation template restores (composite/template-restore.ts). */
  restore: ReadonlyMap<string, RestoreCompletion>;
}

const resourceKey = (r: Scope & { resourceArn: string }): string => `${r.accountId}/${r.region}/${r.resourceArn}`;

/** What one batch reads (cached) and writes. */
class Pass {
  private readonly vaultCache = new Map<string, VaultRecord | undefined>();
  private readonly pointCache = new Map<string, RecoveryPointRecord | undefined>();
  readonly newPoints: RecoveryPointRecord[] = [];
  readonly newTags: (Record<string, string> | undefined)[] = [];
  readonly touchedPoints = new Map<string, RecoveryPointRecord>();
  /** Composite parents whose children changed state in this batch. */
  readonly dirtyParents = new Map<string, DirtyParent>();
  private readonly jobCache = new Map<string, JobRecord | undefined>();
  readonly completedBackups: BackupJobRecord[] = [];
  readonly completedCopies: CopyJobRecord[] = [];
  /** The batch's backup jobs by resource, with their in-memory (newer than stored) states. */
  private readonly batchByResource = new Map<string, BackupJobRecord[]>();
  /** The stored RUNNING backups of the resources of the batch's jobs that may start, read in one statement on first use. */
  private storedRunning: Promise<Map<string, BackupJobRecord[]>> | undefined;

  constructor(
    private readonly vaults: VaultService,
    private readonly points: RecoveryPointService,
    private readonly jobs: JobsStore,
    batch: JobRecord[],
  ) {
    for (const j of batch) {
      if (j.kind !== 'backup') continue;
      const list = this.batchByResource.get(j.resourceArn);
      if (list) list.push(j);
      else this.batchByResource.set(j.resourceArn, [j]);
    }
  }

  /**
   * Another backup job of the same resource that is running (AWS runs one at a time per resource).
   * A composite parent does no work, so it never holds its stack back: a stack's template child
   * has the stack's ARN and must not wait for its own RUNNING parent.
   */
  async runningBackupOf(job: BackupJobRecord): Promise<BackupJobRecord | undefined> {
    const inBatch = this.batchByResource.get(job.resourceArn) ?? [];
    const running = inBatch.find((j) => j !== job && j.state === 'RUNNING' && !j.isParent);
    if (running) return running;
    this.storedRunning ??= this.readRunning();
    const rows =
      (await this.storedRunning).get(resourceKey(job)) ?? (await this.jobs.runningBackups<BackupJobRecord>(job, job.resourceArn, inBatch.length + 1));
    return rows.find((r) => r.id !== job.id && !inBatch.some((j) => j.id === r.id));
  }

  /**
   * runningBackupOf's stored rows for every resource of the batch with a job that may start, in
   * one statement. Each resource gets as many rows as its busiest batch needs (the batch's own
   * jobs and one more): the first row that is not one of the batch's is then the same as a read
   * of its own would find, and nothing the pass writes is stored before the batch ends.
   */
  private async readRunning(): Promise<Map<string, BackupJobRecord[]>> {
    const resources = new Map<string, BackupJobRecord>();
    let limit = 1;
    for (const jobs of this.batchByResource.values()) {
      limit = Math.max(limit, jobs.length + 1);
      for (const j of jobs) if (!j.isParent && (j.state === 'CREATED' || j.state === 'PENDING')) resources.set(resourceKey(j), j);
    }
    const asked = [...resources.values()].map((j) => ({ accountId: j.accountId, region: j.region, resourceArn: j.resourceArn }));
    // One resource (a scheduled job's first step): the plain statement, cheaper than the batch's.
    const rows =
      asked.length === 1 ? [await this.jobs.runningBackups<BackupJobRecord>(asked[0]!, asked[0]!.resourceArn, limit)] : await this.jobs.runningBackupsOf<BackupJobRecord>(asked, limit);
    return new Map(asked.map((r, i) => [resourceKey(r), rows[i]!]));
  }

  async job<J extends JobRecord>(kind: J['kind'], id: string): Promise<J | undefined> {
    if (!this.jobCache.has(id)) this.jobCache.set(id, await this.jobs.get<J>(kind, id));
    return this.jobCache.get(id) as J | undefined;
  }

  touch(p: RecoveryPointRecord): void {
    this.touchedPoints.set(p.arn, p);
  }

  async vault(scope: Scope, name: string): Promise<VaultRecord | undefined> {
    const key = `${scope.accountId}/${scope.region}/${name}`;
    if (!this.vaultCache.has(key)) this.vaultCache.set(key, await this.vaults.vaults.get(scope, name));
    return this.vaultCache.get(key);
  }

  async point(arn: string): Promise<RecoveryPointRecord | undefined> {
    if (!this.pointCache.has(arn)) this.pointCache.set(arn, await this.points.points.get<RecoveryPointRecord>(arn));
    return this.pointCache.get(arn);
  }

  addPoint(p: RecoveryPointRecord, tags: Record<string, string> | undefined): void {
    this.newPoints.push(p);
    this.newTags.push(tags);
    this.pointCache.set(p.arn, p);
  }
}

const finish = (job: JobRecord, t: number, state: string, message?: string, category?: string): void => {
  job.state = state;
  job.completionDate = t;
  job.dueAt = undefined;
  if (message !== undefined) job.statusMessage = message;
  if (category !== undefined) job.messageCategory = category;
};

/** Starts a job at t, or fails it with the first reason found; answers whether it started. */
function startOrFail(job: JobRecord, t: number, failure: [string, string] | undefined): void {
  if (failure) return finish(job, t, 'FAILED', failure[0], failure[1]);
  job.state = 'RUNNING';
  job.startedAt = t;
  const end = t + job.durationMs;
  job.dueAt = job.completeBy !== undefined ? Math.max(t, Math.min(end, job.completeBy)) : end;
}

export class JobWorker implements Worker {
  readonly name = 'jobs';
  /** Store reads and writes only (listeners too): the engine may group its commits. */
  readonly groupCommit = true;

  private readonly rollup: CompositeRollup;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
    private readonly vaults: VaultService,
    private readonly points: RecoveryPointService,
    private readonly completions: JobCompletions,
    /** Where a cross-account copy's aws:PrincipalOrgID and aws:PrincipalOrgPaths come from. */
    private readonly organization: Organization,
  ) {
    this.rollup = new CompositeRollup(jobs, points);
  }

  nextDue(): Promise<number | undefined> {
    return this.jobs.nextDue();
  }

  /**
   * Takes a new backup job's first step at t, before it is stored, when it is due by then: what
   * this worker's next pass at t would do (start it, fail it, expire it or make it wait), without
   * the store writing and re-reading it in between. Inside an engine pass only (backup plans), so
   * that t is the pass's instant; not for stacks (their parent settles through the rollup).
   */
  async stepNew(job: BackupJobRecord, t: number): Promise<void> {
    if (job.isParent || job.parentJobId || job.dueAt === undefined || job.dueAt > t || job.state !== 'CREATED') return;
    await this.stepBackup(job, t, new Pass(this.vaults, this.points, this.jobs, [job]));
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.jobs.due<JobRecord>(nowMs, BATCH);
      if (due.length === 0) return;
      const pass = new Pass(this.vaults, this.points, this.jobs, due);
      await this.deps.store.atomically(async () => {
        for (const job of due) {
          const before = job.state;
          const t = job.dueAt!;
          await this.step(job, t, pass);
          if (job.parentJobId && job.state !== before && job.kind !== 'restore') {
            pass.dirtyParents.set(job.parentJobId, { kind: job.kind, scope: job, t: Math.max(t, pass.dirtyParents.get(job.parentJobId)?.t ?? t) });
          }
        }
        await this.jobs.update(due);
        // A due job was open, so a COMPLETED restore job here has just completed.
        await this.jobs.noteRestores(due.filter((j) => j.kind === 'restore' && j.state === 'COMPLETED'));
        await this.points.create(pass.newPoints, pass.newTags, new Map(due.map((j) => [j.id, j])));
        await this.rollup.apply(pass.dirtyParents, pass);
        await this.points.points.update([...pass.touchedPoints.values()]);
        // In the same transaction: the jobs a listener starts (copy actions) exist iff the completions do.
        if (pass.completedBackups.length) for (const listener of this.completions.backupCompleted()) await listener(pass.completedBackups);
        if (pass.completedCopies.length) for (const listener of this.completions.copyCompleted) await listener(pass.completedCopies);
      });
    }
  }

  private async step(job: JobRecord, t: number, pass: Pass): Promise<void> {
    if (job.state === 'ABORTING') return finish(job, t, 'ABORTED');
    if (job.kind === 'backup') return this.stepBackup(job, t, pass);
    if (job.kind === 'copy') return this.stepCopy(job, t, pass);
    return this.stepRestore(job, t, pass);
  }

  /** A running job whose complete window ended before its work did. */
  private timedOut(job: JobRecord, t: number): boolean {
    return job.state === 'RUNNING' && job.startedAt !== undefined && t < job.startedAt + job.durationMs;
  }

  private async stepBackup(job: BackupJobRecord, t: number, pass: Pass): Promise<void> {
    if (job.isParent) {
      // A parent does no work of its own (every stack backup has its template's child job): the rollup settles it.
      job.dueAt = undefined;
      pass.dirtyParents.set(job.id, { kind: 'backup', scope: job, t });
      return;
    }
    if (job.state === 'CREATED' || job.state === 'PENDING') {
      const minutes = Math.round(((job.startBy ?? t) - job.creationDate) / 60000);
      if (job.startAt > (job.startBy ?? Infinity)) {
        return finish(job, t, 'EXPIRED', `The backup job did not start within its start window of ${minutes} minutes.`);
      }
      // AWS quota: one concurrent backup job per resource. A job that cannot start waits in
      // CREATED, retried at least every 10 minutes, and EXPIRES when its start window runs out.
      const running = await pass.runningBackupOf(job);
      if (running) {
        const reason = `backup job ${running.id} of the same resource was still running (AWS runs one backup job per resource at a time)`;
        if (t >= (job.startBy ?? Infinity)) return finish(job, t, 'EXPIRED', `The backup job did not start within its start window of ${minutes} minutes: ${reason}.`);
        job.statusMessage = `Waiting to start: ${reason}.`;
        job.dueAt = Math.min(running.dueAt ?? Infinity, t + START_RETRY_MS, job.startBy ?? Infinity);
        return;
      }
      if (job.statusMessage?.startsWith('Waiting to start')) job.statusMessage = undefined;
      const vault = await pass.vault(job, job.vault);
      let failure: [string, string] | undefined;
      if (!vault) failure = [`Backup vault ${job.vault} does not exist.`, 'ResourceNotFound'];
      else if (job.unknownResource) failure = [`Resource not found: ${job.resourceArn} is not in the Holdfast resource inventory.`, 'ResourceNotFound'];
      else {
        const violation = lockViolation(vault, job.lifecycle);
        if (violation) failure = [violation, 'InvalidParameters'];
      }
      return startOrFail(job, t, failure);
    }
    if (this.timedOut(job, t)) {
      return finish(job, t, 'ABORTED', 'The backup job was cancelled because it did not complete within its complete window.', 'Aborted');
    }
    if (job.outcome === 'FAILED') return finish(job, t, 'FAILED', job.outcomeMessage, job.outcomeCategory);
    const vault = await pass.vault(job, job.vault);
    if (!vault) return finish(job, t, 'FAILED', `Backup vault ${job.vault} was deleted while the job ran.`, 'ResourceNotFound');
    if (job.parentRecoveryPointArn) {
      let parentPoint = await pass.point(job.parentRecoveryPointArn);
      const parentJob = await pass.job<BackupJobRecord>('backup', job.parentJobId!);
      if (!parentPoint && parentJob) pass.addPoint((parentPoint = backupParentPoint(parentJob, vault, t)), parentJob.recoveryPointTags);
      if (parentPoint) {
        parentPoint.backupSizeInBytes += job.sizeBytes;
        pass.touch(parentPoint);
      }
    }
    pass.addPoint(backupPoint(job, vault, t), job.recoveryPointTags);
    finish(job, t, 'COMPLETED', job.outcomeMessage, job.outcomeCategory);
    pass.completedBackups.push(job);
  }

  /** The copying account's request context for the destination vault's access policy. */
  private async requester(account: string): Promise<CopyRequester> {
    return { account, ...principalOrg(await this.organization.get(), account) };
  }

  private async stepCopy(job: CopyJobRecord, t: number, pass: Pass): Promise<void> {
    const dest = job.destination;
    if (job.state === 'CREATED') {
      const source = await pass.point(job.sourceRecoveryPointArn);
      const vault = await pass.vault(dest, dest.vaultName);
      let failure: [string, string] | undefined;
      if (!source) failure = [`Source recovery point ${job.sourceRecoveryPointArn} no longer exists.`, 'ResourceNotFound'];
      else if (!vault) failure = [`Destination backup vault ${job.vault} does not exist.`, 'ResourceNotFound'];
      else if (vault.vaultState !== 'AVAILABLE') failure = [unavailableReason(vault, 'copy jobs can copy into it')!, 'InvalidParameters'];
      else if (dest.accountId !== job.accountId && !policyAllowsCopy(vault.accessPolicy, await this.requester(job.accountId), vault.arn)) {
        failure = [
          `Access denied: the access policy of destination backup vault ${vault.arn} does not allow account ${job.accountId} to perform backup:CopyIntoBackupVault.`,
          'AccessDenied',
        ];
      } else {
        const violation = lockViolation(vault, job.lifecycle);
        if (violation) failure = [violation, 'InvalidParameters'];
      }
      return startOrFail(job, t, failure);
    }
    const source = await pass.point(job.sourceRecoveryPointArn);
    const vault = await pass.vault(dest, dest.vaultName);
    if (!source || !vault) return finish(job, t, 'FAILED', 'The source recovery point or the destination vault disappeared while the copy ran.', 'ResourceNotFound');
    // A copy keeps its source's form: a DynamoDB point made with advanced features has the generic ARN.
    const advanced = source.arn.startsWith('arn:aws:backup:');
    const arn = recoveryPointArnFor(job.resourceType, job.resourceName, dest.region, dest.accountId, t, advanced);
    if (job.parentRecoveryPointArn) {
      let parentPoint = await pass.point(job.parentRecoveryPointArn);
      const parentJob = await pass.job<CopyJobRecord>('copy', job.parentJobId!);
      const sourceParent = parentJob ? await pass.point(parentJob.sourceRecoveryPointArn) : undefined;
      if (!parentPoint && parentJob) {
        parentPoint = copyParentPoint(parentJob, sourceParent ?? source, vault, t);
        pass.addPoint(parentPoint, sourceParent ? await this.deps.store.tags.get(sourceParent.arn) : undefined);
      }
      if (parentPoint) {
        parentPoint.backupSizeInBytes += source.backupSizeInBytes;
        pass.touch(parentPoint);
      }
    }
    pass.addPoint(copiedPoint(job, source, vault, arn, t), await this.deps.store.tags.get(source.arn));
    job.destinationRecoveryPointArn = arn;
    job.destinationEncryptionKeyArn = vault.encryptionKeyArn;
    finish(job, t, 'COMPLETED', undefined, 'SUCCESS');
    pass.completedCopies.push(job);
  }

  private async stepRestore(job: RestoreJobRecord, t: number, pass: Pass): Promise<void> {
    const point = await pass.point(job.sourceRecoveryPointArn);
    if (job.state === 'PENDING') {
      return startOrFail(job, t, point ? undefined : [`Recovery point ${job.sourceRecoveryPointArn} no longer exists.`, 'ResourceNotFound']);
    }
    if (!point) return finish(job, t, 'FAILED', `Recovery point ${job.sourceRecoveryPointArn} was deleted while the restore ran.`);
    job.createdResourceArn = restoredResourceArnFor(job.resourceType, job.region, job.accountId, job.metadata);
    const failure = await this.completions.restore.get(job.resourceType)?.(job);
    if (failure) {
      job.createdResourceArn = undefined;
      return finish(job, t, 'FAILED', failure);
    }
    point.lastRestoreTime = t;
    pass.touchedPoints.set(point.arn, point);
    finish(job, t, 'COMPLETED', job.outcomeMessage);
  }
}
