/** StartBackupJob, DescribeBackupJob, ListBackupJobs and StopBackupJob. */
import type { BackupJob, DescribeBackupJobOutput, StartBackupJobInput } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import { DEFAULT_SIZE_BYTES, type Inventory } from '../../resources/inventory.js';
import { checkResourceArn, INDEXABLE_TYPES, recoveryPointArnFor, SOURCE_ENCRYPTION_TYPES } from '../../resources/resource-types.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import type { RequestContext } from '../context.js';
import type { Handlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import type { VaultRecord } from '../vaults/vault-record.js';
import { assertVaultAvailable } from '../vaults/vault-creation.js';
import { stackBackupJobs, type ResourceFacts } from '../composite/stack-backup.js';
import { compositePercent } from '../composite/rollup.js';
import { bytesTransferred, newJobId, percentDone, type BackupJobRecord } from '../common/job-record.js';
import { accountFilter, categoryFilter, pageJobs, timeFilters } from './list-filters.js';
import { validateWindow } from './validation.js';
import { validateLifecycle } from '../common/lifecycle.js';
import { validateRoleArn } from '../common/names.js';
import { jobDurationMs } from './job-start.js';
import { airGappedRoute, requireAirGappedVault } from './air-gapped-target.js';
import { timeOrderedUuid } from '../../resources/time-ordered-ids.js';
import { requireJob } from './job-lookup.js';
import { MINUTE_MS, optionalDate as date } from '../common/time.js';

export const DEFAULT_START_WINDOW_MINUTES = 8 * 60;
const ACTIVE = new Set(['CREATED', 'PENDING', 'RUNNING']);

export function backupJobOutput(j: BackupJobRecord, nowMs: number): DescribeBackupJobOutput & BackupJob {
  const percent = j.isParent ? compositePercent(j) : percentDone(j, nowMs);
  return {
    AccountId: j.accountId,
    BackupJobId: j.id,
    BackupVaultName: j.vault,
    BackupVaultArn: j.vaultArn,
    VaultType: j.vaultType,
    RecoveryPointArn: j.recoveryPointArn,
    RecoveryPointLifecycle: j.lifecycle,
    EncryptionKeyArn: j.unencrypted ? undefined : j.encryptionKeyArn,
    IsEncrypted: j.unencrypted !== true,
    ResourceArn: j.resourceArn,
    CreationDate: new Date(j.creationDate),
    CompletionDate: date(j.completionDate),
    State: j.state as BackupJob['State'],
    StatusMessage: j.statusMessage,
    PercentDone: percent,
    BackupSizeInBytes: j.sizeBytes,
    BytesTransferred: j.isParent ? Math.round((Number(percent) / 100) * j.sizeBytes) : bytesTransferred(j, nowMs),
    IamRoleArn: j.iamRoleArn,
    CreatedBy: j.createdBy,
    ResourceType: j.resourceType,
    ExpectedCompletionDate: new Date((j.startedAt ?? j.startAt) + j.durationMs),
    StartBy: date(j.startBy),
    BackupOptions: j.backupOptions,
    BackupType: j.backupType,
    ParentJobId: j.parentJobId,
    IsParent: j.isParent ?? false,
    NumberOfChildJobs: j.numberOfChildJobs,
    ChildJobsInState: j.childJobsInState,
    ResourceName: j.resourceName,
    InitiationDate: date(j.initiationDate),
    MessageCategory: j.messageCategory,
  };
}

/**
 * Whether StartBackupJob answers the job's RecoveryPointArn. AWS: "This field is only returned
 * for Amazon EFS and Advanced DynamoDB resources." A stack's parent job (CloudFormation) is
 * neither. Stricter reading: DynamoDB counts as advanced only when its full-management preference
 * was on when the job started, so a repeated IdempotencyToken answers as the first call did.
 */
export const startAnswersRecoveryPointArn = (j: BackupJobRecord): boolean =>
  j.isParent !== true && (j.resourceType === 'EFS' || (j.resourceType === 'DynamoDB' && j.advancedDynamoDB === true));

/** Whether AWS Backup fully manages a resource type in a region (SettingsService.isFullyManaged). */
export type FullManagement = (scope: Scope, resourceType: string) => Promise<boolean>;

/** What backup plans add to a job (and to every child job of a stack). */
export type BackupJobExtra = Pick<BackupJobRecord, 'createdBy' | 'initiationDate' | 'continuous' | 'parentJobId'>;

/** How a caller inside an engine pass has a new job take its first step at once (JobWorker.stepNew). */
export type FirstStep = (job: BackupJobRecord, t: number) => Promise<void>;

export class BackupJobService {
  /** firstStep: JobWorker.stepNew. */
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
    private readonly vaults: VaultService,
    private readonly inventory: Inventory,
    private readonly fullyManaged: FullManagement,
    private readonly firstStep: FirstStep,
  ) {}

  /**
   * Checks and records a backup job (StartBackupJob, and backup plans through the same door).
   * Answers the existing job for a repeated IdempotencyToken.
   */
  async start(
    scope: Scope,
    nowMs: number,
    input: StartBackupJobInput,
    extra: BackupJobExtra = {},
    options: { stepAtOnce?: boolean } = {},
  ): Promise<BackupJobRecord> {
    validateRoleArn(input.IamRoleArn);
    validateWindow(input.StartWindowMinutes, 'StartWindowMinutes', 60);
    validateWindow(input.CompleteWindowMinutes, 'CompleteWindowMinutes', 1);
    validateLifecycle(input.Lifecycle);
    if (input.RecoveryPointTags) validateTags(input.RecoveryPointTags);
    // One transaction from the token's check to the insert: the check is asked once (a plan's
    // firing starts thousands of jobs inside its own transaction, which this joins).
    return this.deps.store.atomically(async () => {
      if (input.IdempotencyToken) {
        const existing = await this.jobs.byIdempotencyToken<BackupJobRecord>('backup', scope, input.IdempotencyToken);
        if (existing) return existing;
      }
      return this.create(scope, nowMs, input, extra, options.stepAtOnce === true);
    });
  }

  /** The checks and the insert of start(), inside its transaction. */
  private async create(scope: Scope, nowMs: number, input: StartBackupJobInput, extra: BackupJobExtra, stepAtOnce: boolean): Promise<BackupJobRecord> {
    let vault = await this.vaults.requireVault(scope, input.BackupVaultName!);
    // A logically air-gapped vault that is still CREATING takes no backups (the stricter reading).
    assertVaultAvailable(vault, 'backup jobs can start in it');
    const lagArn = input.LogicallyAirGappedBackupVaultArn;
    const lagVault = lagArn ? await requireAirGappedVault(this.vaults, scope, lagArn) : undefined;
    const arn = input.ResourceArn!;
    const check = checkResourceArn(arn);
    if (check.verdict !== 'supported') throw invalidParameter(`Invalid ResourceArn: '${arn}' ${check.problem}.`);
    const info = (await this.inventory.info(arn))!;
    // Stricter reading: a backup job runs in the resource's own account and region.
    if (info.region !== '' && info.region !== scope.region) {
      throw invalidParameter(`Resource ${arn} is in ${info.region}; start the backup job in that Region (this request is for ${scope.region}).`);
    }
    if (info.accountId !== '' && info.accountId !== scope.accountId) {
      throw invalidParameter(`Resource ${arn} belongs to account ${info.accountId}, not to the calling account ${scope.accountId}.`);
    }
    if (input.Index === 'ENABLED' && !INDEXABLE_TYPES.has(info.type)) {
      throw invalidParameter(`Index ENABLED applies only to resource types that support backup indexes (EBS and S3); ${arn} is ${info.type}.`);
    }
    let backupType: string | undefined;
    if (input.BackupOptions && Object.keys(input.BackupOptions).length) {
      const options = input.BackupOptions;
      const valid = (info.type === 'EC2' || info.type === 'CloudFormation') && Object.keys(options).every((k) => k === 'WindowsVSS') && ['enabled', 'disabled'].includes(options.WindowsVSS ?? '');
      if (!valid) throw invalidParameter('Invalid BackupOptions: only {"WindowsVSS": "enabled" | "disabled"} is supported, and only for EC2 instances (or stacks with EC2 instances).');
      if (options.WindowsVSS === 'enabled') backupType = 'WindowsVSS';
    }
    // DynamoDB's advanced features (a region setting) decide what StartBackupJob answers; a stack may hold tables.
    const advancedDynamoDB = (info.type === 'DynamoDB' || info.type === 'CloudFormation') && (await this.fullyManaged(scope, 'DynamoDB'));
    // A logically air-gapped target: directly there, through a temporary point and a copy, or ignored (air-gapped-target.ts).
    let airGappedCopyTo: string | undefined;
    if (lagVault) {
      const managed = info.type === 'DynamoDB' ? advancedDynamoDB : await this.fullyManaged(scope, info.type);
      const route = airGappedRoute(info.type, managed);
      if (route === 'direct') vault = lagVault;
      else if (route === 'copy') airGappedCopyTo = lagVault.arn;
    }
    const target = vault;
    const build = (resourceArn: string, resource: ResourceFacts): BackupJobRecord =>
      this.buildJob(scope, nowMs, input, target, resourceArn, resource, { ...extra, airGappedCopyTo }, backupType, advancedDynamoDB);
    // An application stack: a parent job and one child job per supported member (composite/).
    const jobs = info.type === 'CloudFormation' ? await stackBackupJobs(this.inventory, arn, info, build) : [build(arn, info)];
    const job = jobs[0]!;
    job.idempotencyToken = input.IdempotencyToken || undefined;
    if (stepAtOnce && jobs.length === 1) await this.firstStep(job, nowMs);
    await this.jobs.insertAll(jobs);
    return job;
  }

  /** One backup job record of one resource (not stored). */
  private buildJob(
    scope: Scope,
    nowMs: number,
    input: StartBackupJobInput,
    vault: VaultRecord,
    arn: string,
    info: ResourceFacts,
    extra: BackupJobExtra & Pick<BackupJobRecord, 'airGappedCopyTo'>,
    backupType: string | undefined,
    advancedDynamoDB: boolean,
  ): BackupJobRecord {
    const entry = info.entry;
    const startAt = nowMs + (entry?.startDelaySeconds ?? 0) * 1000;
    const startBy = nowMs + (input.StartWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES) * MINUTE_MS;
    const failed = entry?.backupOutcome === 'FAILED';
    return {
      kind: 'backup',
      id: newJobId(timeOrderedUuid(nowMs)),
      accountId: scope.accountId,
      region: scope.region,
      state: 'CREATED',
      resourceArn: arn,
      resourceType: info.type,
      resourceName: info.name,
      vault: vault.name,
      vaultArn: vault.arn,
      vaultType: vault.vaultType,
      encryptionKeyArn: vault.encryptionKeyArn,
      iamRoleArn: input.IamRoleArn!,
      recoveryPointArn: recoveryPointArnFor(info.type, info.name, scope.region, scope.accountId, nowMs, advancedDynamoDB),
      creationDate: nowMs,
      startAt,
      startBy,
      completeBy: input.CompleteWindowMinutes !== undefined ? nowMs + input.CompleteWindowMinutes * MINUTE_MS : undefined,
      durationMs: jobDurationMs(this.deps, entry),
      sizeBytes: entry?.sizeBytes ?? DEFAULT_SIZE_BYTES,
      outcome: failed ? 'FAILED' : 'COMPLETED',
      outcomeMessage: failed ? (entry.failureMessage ?? `The backup of ${arn} failed.`) : entry?.failureMessage,
      outcomeCategory: entry?.messageCategory ?? (failed ? 'InternalFailure' : 'SUCCESS'),
      unencrypted: entry?.encrypted === false && SOURCE_ENCRYPTION_TYPES.has(info.type) ? true : undefined,
      unknownResource: !entry && this.deps.jobSettings?.strictResources === true ? true : undefined,
      lifecycle: input.Lifecycle,
      recoveryPointTags: input.RecoveryPointTags,
      backupOptions: input.BackupOptions,
      backupType,
      dueAt: Math.min(startAt, startBy),
      index: input.Index === 'ENABLED' ? 'ENABLED' : undefined,
      advancedDynamoDB: info.type === 'DynamoDB' && advancedDynamoDB ? true : undefined,
      ...extra,
    };
  }

  async require(ctx: RequestContext, id: string): Promise<BackupJobRecord> {
    return requireJob<BackupJobRecord>(this.jobs, 'backup', ctx, id);
  }

  handlers(): Handlers {
    return {
      StartBackupJob: async (input, ctx) => {
        const job = await this.start(ctx, ctx.now.getTime(), input);
        return {
          BackupJobId: job.id,
          RecoveryPointArn: startAnswersRecoveryPointArn(job) ? job.recoveryPointArn : undefined,
          CreationDate: new Date(job.creationDate),
          IsParent: job.isParent ?? false,
        };
      },

      DescribeBackupJob: async (input, ctx) => backupJobOutput(await this.require(ctx, input.BackupJobId!), ctx.now.getTime()),

      StopBackupJob: async (input, ctx) => {
        await this.deps.store.atomically(async () => {
          const job = await this.require(ctx, input.BackupJobId!);
          if (!ACTIVE.has(job.state)) {
            throw invalidRequest(`Backup job ${job.id} is ${job.state}; only a CREATED, PENDING or RUNNING job can be stopped.`);
          }
          job.state = 'ABORTING';
          job.statusMessage = 'The backup job was stopped by a StopBackupJob request.';
          const stopped: BackupJobRecord[] = [job];
          if (job.isParent) {
            // A stack's job stops its running children; it ends (ABORTED) when they have.
            const children = await this.jobs.list<BackupJobRecord>({ kind: 'backup', region: ctx.region, accountId: ctx.accountId, parentJobId: job.id }, 0, -1);
            for (const { job: child } of children) {
              if (!ACTIVE.has(child.state)) continue;
              child.state = 'ABORTING';
              child.statusMessage = `The backup job was stopped with its parent job ${job.id}.`;
              child.dueAt = ctx.now.getTime();
              stopped.push(child);
            }
            if (job.numberOfChildJobs) job.dueAt = undefined;
          } else job.dueAt = ctx.now.getTime();
          await this.jobs.update(stopped);
        });
        return {};
      },

      ListBackupJobs: async (input, ctx) => {
        const page = await pageJobs<BackupJobRecord>(
          this.jobs,
          this.deps.tokens,
          ctx,
          'ListBackupJobs',
          {
            kind: 'backup',
            region: ctx.region,
            accountId: accountFilter(ctx, input.ByAccountId),
            state: input.ByState,
            resourceArn: input.ByResourceArn,
            resourceType: input.ByResourceType,
            vault: input.ByBackupVaultName,
            parentJobId: input.ByParentJobId,
            messageCategory: categoryFilter(input.ByMessageCategory),
            ...timeFilters(input),
          },
          input,
        );
        const now = ctx.now.getTime();
        return { BackupJobs: page.items.map((j) => backupJobOutput(j, now)), NextToken: page.nextToken };
      },
    };
  }
}
