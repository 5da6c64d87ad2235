/**
 * Malware scan jobs (GuardDuty Malware Protection for AWS Backup): StartScanJob,
 * DescribeScanJob, ListScanJobs and GetPITRMalwareScanResults. A job scans one recovery point
 * (FULL_SCAN), or what changed since an older point of the same resource (INCREMENTAL_SCAN);
 * ScanWorker moves it CREATED -> RUNNING -> COMPLETED / COMPLETED_WITH_ISSUES / FAILED, and the
 * resource inventory decides what it finds (Holdfast has no malware engine).
 */
import { randomUUID } from 'node:crypto';
import type { GetPITRMalwareScanResultsOutput, ScanJobCreator, StartScanJobInput } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest, missingParameter, notFound } from '../../protocol/errors.js';
import type { ScanJobsStore } from '../../store/repos/scan-jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import type { RequestContext } from '../context.js';
import { accountFilter } from '../jobs/list-filters.js';
import { inWindow, windowStart } from '../jobs/job-window.js';
import { newJobId } from '../jobs/job-record.js';
import { validateRoleArn, validateVaultName } from '../common/names.js';
import { pageFiltered } from '../pagination.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../recovery-points/record.js';
import type { Handlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import { SCAN_RESOURCE_TYPES, SCAN_START_DELAY_MS, scanJobOutput, type ScanJobRecord } from './scan-job-record.js';

/** Recovery point statuses a scan (and an index) can read. */
const READABLE = new Set(['COMPLETED', 'AVAILABLE']);
/** Completed scans of a resource read per step while looking for an incremental scan's base. */
const BASE_BATCH = 20;

export class ScanJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: ScanJobsStore,
    private readonly vaults: VaultService,
    private readonly points: RecoveryPointService,
  ) {}

  /** Checks and records a scan job; answers the existing job for a repeated IdempotencyToken (createdBy: a plan rule's ScanActions). */
  async start(scope: Scope, nowMs: number, input: StartScanJobInput, createdBy?: ScanJobCreator): Promise<ScanJobRecord> {
    validateRoleArn(input.IamRoleArn);
    validateRoleArn(input.ScannerRoleArn, 'ScannerRoleArn');
    validateVaultName(input.BackupVaultName!);
    const incremental = input.ScanMode === 'INCREMENTAL_SCAN';
    const baseArn = input.ScanBaseRecoveryPointArn || undefined;
    if (incremental && !baseArn) throw missingParameter('ScanBaseRecoveryPointArn is required when ScanMode is INCREMENTAL_SCAN.');
    // Stricter reading: a base point is meaningless for a full scan, so it is refused rather than ignored.
    if (!incremental && baseArn) throw invalidParameter('ScanBaseRecoveryPointArn applies only to ScanMode INCREMENTAL_SCAN; remove it for a FULL_SCAN.');
    if (baseArn === input.RecoveryPointArn) throw invalidParameter('ScanBaseRecoveryPointArn must be an earlier recovery point than RecoveryPointArn, not the same one.');
    if (input.IdempotencyToken) {
      const existing = await this.jobs.byIdempotencyToken<ScanJobRecord>(scope, input.IdempotencyToken);
      if (existing) return existing;
    }
    const vault = await this.vaults.requireVault(scope, input.BackupVaultName!);
    const point = await this.points.require(scope, vault.name, input.RecoveryPointArn!);
    this.checkScannable(point);
    const continuous = this.continuousRange(point, input, nowMs);
    const base = baseArn ? await this.requireBase(scope, point, baseArn) : undefined;
    const job: ScanJobRecord = {
      id: newJobId(randomUUID()),
      accountId: scope.accountId,
      region: scope.region,
      state: 'CREATED',
      vaultName: vault.name,
      vaultArn: vault.arn,
      recoveryPointArn: point.arn,
      resourceArn: point.resourceArn,
      resourceType: point.resourceType,
      resourceName: point.resourceName,
      malwareScanner: input.MalwareScanner!,
      iamRoleArn: input.IamRoleArn!,
      scannerRoleArn: input.ScannerRoleArn!,
      scanMode: incremental ? 'INCREMENTAL_SCAN' : 'FULL_SCAN',
      scanBaseRecoveryPointArn: base?.arn,
      continuousScanStartTime: continuous?.[0],
      continuousScanEndTime: continuous?.[1],
      createdBy,
      creationDate: nowMs,
      dueAt: nowMs + SCAN_START_DELAY_MS,
      idempotencyToken: input.IdempotencyToken || undefined,
    };
    return this.deps.store.atomically(async () => {
      if (job.idempotencyToken) {
        const existing = await this.jobs.byIdempotencyToken<ScanJobRecord>(scope, job.idempotencyToken);
        if (existing) return existing;
      }
      await this.jobs.insert(job);
      return job;
    });
  }

  private checkScannable(point: RecoveryPointRecord): void {
    if (!SCAN_RESOURCE_TYPES.has(point.resourceType)) {
      throw invalidParameter(
        `Recovery point ${point.arn} is a backup of resource type ${point.resourceType}; malware scanning supports only EBS, EC2 and S3 recovery points.`,
      );
    }
    if (!READABLE.has(point.status)) {
      throw invalidRequest(`Recovery point ${point.arn} is ${point.status}; only a COMPLETED recovery point can be scanned.`);
    }
    // Stricter reading: GuardDuty reads the backup's data, which an archived (cold) backup does not offer.
    if (point.storageClass !== 'WARM') {
      throw invalidRequest(`Recovery point ${point.arn} is in ${point.storageClass} storage; only recovery points in warm storage can be scanned.`);
    }
  }

  /** [start, end] of a continuous point's scan; undefined for a snapshot backup. */
  private continuousRange(point: RecoveryPointRecord, input: StartScanJobInput, nowMs: number): [number, number] | undefined {
    const end = input.ContinuousScanEndTime?.getTime();
    if (!point.continuous) {
      if (end !== undefined) throw invalidParameter(`ContinuousScanEndTime applies only to continuous backups; recovery point ${point.arn} is a snapshot backup.`);
      return undefined;
    }
    // GuardDuty: "You cannot trigger partial or incremental scans for PITR" on demand.
    if (input.ScanMode === 'INCREMENTAL_SCAN') throw invalidParameter(`Recovery point ${point.arn} is a continuous backup; scan it with ScanMode FULL_SCAN.`);
    const upTo = end ?? nowMs;
    if (upTo > nowMs) throw invalidParameter(`ContinuousScanEndTime ${new Date(upTo).toISOString()} is in the future.`);
    if (upTo < point.creationDate) {
      throw invalidParameter(`ContinuousScanEndTime ${new Date(upTo).toISOString()} is before the continuous backup began (${new Date(point.creationDate).toISOString()}).`);
    }
    return [point.creationDate, upTo];
  }

  private async requireBase(scope: Scope, target: RecoveryPointRecord, arn: string): Promise<RecoveryPointRecord> {
    const base = await this.points.points.get<RecoveryPointRecord>(arn);
    if (!base || base.accountId !== scope.accountId || base.region !== scope.region) {
      throw notFound(`Base recovery point ${arn} was not found.`, { Type: 'User' });
    }
    if (base.resourceArn !== target.resourceArn) {
      throw invalidParameter(`An incremental scan compares two recovery points of one resource: base ${arn} is of ${base.resourceArn}, the target of ${target.resourceArn}.`);
    }
    if (base.creationDate >= target.creationDate) {
      throw invalidParameter(`The base recovery point ${arn} must have been created before the target recovery point ${target.arn}.`);
    }
    if (!READABLE.has(base.status)) throw invalidRequest(`Base recovery point ${arn} is ${base.status}; it must be COMPLETED.`);
    return base;
  }

  /**
   * The base of an incremental scan of target: the newest earlier recovery point of the same
   * resource that a scan has COMPLETED and that still exists and can be read. GuardDuty skips an
   * incremental scan whose base "was not previously scanned or no completed scan was found"
   * (BASE_RESOURCE_NOT_SCANNED); stricter reading, a scan that COMPLETED_WITH_ISSUES left files
   * unscanned, so it is no base. A continuous backup is none either (no incremental scans of PITR).
   */
  async scannedBase(target: RecoveryPointRecord): Promise<RecoveryPointRecord | undefined> {
    const seen = new Set<string>([target.arn]);
    let before: number | undefined;
    for (;;) {
      const rows = await this.jobs.ofResource<ScanJobRecord>(target, target.resourceArn, ['COMPLETED'], before, BASE_BATCH);
      for (const { job } of rows) {
        if (seen.has(job.recoveryPointArn)) continue;
        seen.add(job.recoveryPointArn);
        const p = await this.points.points.get<RecoveryPointRecord>(job.recoveryPointArn);
        if (p && p.accountId === target.accountId && p.region === target.region && !p.continuous && READABLE.has(p.status) && p.creationDate < target.creationDate) return p;
      }
      if (rows.length < BASE_BATCH) return undefined;
      before = rows[rows.length - 1]!.seq;
    }
  }

  /** The scan job, or ResourceNotFoundException when it is not the caller's or is out of the window (jobs/job-window.ts). */
  async require(ctx: RequestContext, id: string): Promise<ScanJobRecord> {
    const job = await this.jobs.get<ScanJobRecord>(id);
    if (!job || job.accountId !== ctx.accountId || job.region !== ctx.region || !inWindow(job, ctx.now.getTime())) {
      throw notFound(`Scan job ${id} was not found.`, { Type: 'User' });
    }
    return job;
  }

  /** GetPITRMalwareScanResults: the latest ended scan whose time range covers the instant. */
  private async pitrResult(scope: Scope, vaultName: string, arn: string, at: number, nowMs: number): Promise<GetPITRMalwareScanResultsOutput> {
    validateVaultName(vaultName);
    const point = await this.points.require(scope, vaultName, arn);
    if (!point.continuous) {
      throw invalidParameter(`Recovery point ${arn} is not a continuous (point-in-time recovery) backup; use DescribeScanJob or DescribeRecoveryPoint for its scan results.`);
    }
    if (at > nowMs) throw invalidParameter(`ScanEndTime ${new Date(at).toISOString()} is in the future.`);
    const ended = await this.jobs.endedForPoints<ScanJobRecord>(scope, [arn]);
    const covering = ended.filter((j) => j.state !== 'FAILED' && (j.continuousScanStartTime ?? 0) <= at && at <= (j.continuousScanEndTime ?? -1)).pop();
    if (!covering) return { ScanEndTime: new Date(at), ScanResult: { ScanResultStatus: 'UNKNOWN' } };
    return {
      ScanEndTime: new Date(at),
      ScanResult: { ScanResultStatus: (covering.scanResult ?? 'UNKNOWN') as 'UNKNOWN' },
      LastScanJobTime: new Date(covering.completionDate!),
      ScanId: covering.scanId,
      ScanMode: covering.scanMode,
    };
  }

  handlers(): Handlers {
    return {
      StartScanJob: async (input, ctx) => {
        const job = await this.start(ctx, ctx.now.getTime(), input);
        return { ScanJobId: job.id, CreationDate: new Date(job.creationDate) };
      },

      DescribeScanJob: async (input, ctx) => scanJobOutput(await this.require(ctx, input.ScanJobId!)),

      ListScanJobs: async (input, ctx) => {
        const filter = {
          region: ctx.region,
          accountId: accountFilter(ctx, input.ByAccountId),
          state: input.ByState,
          vaultName: input.ByBackupVaultName,
          recoveryPointArn: input.ByRecoveryPointArn,
          resourceArn: input.ByResourceArn,
          resourceType: input.ByResourceType,
          malwareScanner: input.ByMalwareScanner,
          scanResult: input.ByScanResultStatus,
          completeAfter: input.ByCompleteAfter?.getTime(),
          completeBefore: input.ByCompleteBefore?.getTime(),
        };
        // The window bounds the list whatever the filter says (jobs/job-window.ts); the NextToken is bound to the filter alone.
        const windowed = { ...filter, endedAfter: windowStart(ctx.now.getTime()) };
        const page = await pageFiltered(this.deps.tokens, 'ListScanJobs', filter, input, async (after, batch) =>
          (await this.jobs.list<ScanJobRecord>(windowed, after, batch)).map((r) => ({ seq: r.seq, doc: r.job })),
        );
        return { ScanJobs: page.items.map(scanJobOutput), NextToken: page.nextToken };
      },

      GetPITRMalwareScanResults: async (input, ctx) =>
        this.pitrResult(ctx, input.BackupVaultName!, input.RecoveryPointArn!, input.ScanEndTime!.getTime(), ctx.now.getTime()),
    };
  }
}
