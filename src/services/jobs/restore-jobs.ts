/** StartRestoreJob, DescribeRestoreJob, ListRestoreJobs, ListRestoreJobsByProtectedResource, GetRestoreJobMetadata. */
import type { DescribeRestoreJobOutput, RestoreJobsListMember } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { Inventory } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import type { RequestContext } from '../context.js';
import type { Handlers } from '../registry.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import { insertUnlessRepeated, jobDurationMs } from './job-start.js';
import { newJobId, percentDone, type RestoreJobRecord } from '../common/job-record.js';
import { accountFilter, pageJobs, timeFilters } from './list-filters.js';
import { validateRoleArn } from '../common/names.js';
import { timeOrderedUuid } from '../../resources/time-ordered-ids.js';
import { requireJob } from './job-lookup.js';
import { checkTemplateRestoreMetadata } from '../composite/template-restore.js';
import { optionalDate as date } from '../common/time.js';

export function restoreJobOutput(j: RestoreJobRecord, nowMs: number): DescribeRestoreJobOutput & RestoreJobsListMember {
  return {
    AccountId: j.accountId,
    RestoreJobId: j.id,
    RecoveryPointArn: j.sourceRecoveryPointArn,
    SourceResourceArn: j.resourceArn,
    BackupVaultArn: j.vault,
    CreationDate: new Date(j.creationDate),
    CompletionDate: date(j.completionDate),
    Status: j.state as RestoreJobsListMember['Status'],
    StatusMessage: j.statusMessage,
    PercentDone: percentDone(j, nowMs),
    BackupSizeInBytes: j.sizeBytes,
    IamRoleArn: j.iamRoleArn,
    ExpectedCompletionTimeMinutes: Math.max(1, Math.ceil(j.durationMs / 60000)),
    CreatedResourceArn: j.createdResourceArn,
    ResourceType: j.resourceType,
    RecoveryPointCreationDate: new Date(j.recoveryPointCreationDate),
    CreatedBy: j.planArn ? { RestoreTestingPlanArn: j.planArn } : undefined,
    ValidationStatus: j.validationStatus as RestoreJobsListMember['ValidationStatus'],
    ValidationStatusMessage: j.validationStatusMessage,
    DeletionStatus: j.deletionStatus as RestoreJobsListMember['DeletionStatus'],
    DeletionStatusMessage: j.deletionStatusMessage,
    IsParent: j.isParent ?? false,
    ParentJobId: j.parentJobId,
  };
}

/** What a restore job is started with (StartRestoreJob's input, or a restore testing plan's firing). */
export interface RestoreRequest {
  recoveryPointArn: string;
  iamRoleArn?: string;
  metadata?: Record<string, string>;
  resourceType?: string;
  copySourceTags?: boolean;
  idempotencyToken?: string;
  /** Set for the jobs of a restore testing plan (CreatedBy.RestoreTestingPlanArn). */
  restoreTestingPlanArn?: string;
  /** Epoch ms by which the job must have started (a restore testing plan's StartWindowHours). */
  startBy?: number;
}

export class RestoreJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
    private readonly points: RecoveryPointService,
    private readonly inventory: Inventory,
  ) {}

  private async require(ctx: RequestContext, id: string): Promise<RestoreJobRecord> {
    return requireJob<RestoreJobRecord>(this.jobs, 'restore', ctx, id);
  }

  /**
   * Starts a restore job at nowMs (StartRestoreJob, and restore testing plans with
   * restoreTestingPlanArn); answers the stored job, or the earlier one of a repeated token.
   * Runs in a transaction of its own, or joins the caller's when called inside store.atomically.
   */
  async start(scope: Scope, nowMs: number, request: RestoreRequest): Promise<RestoreJobRecord> {
    if (request.idempotencyToken) {
      const existing = await this.jobs.byIdempotencyToken<RestoreJobRecord>('restore', scope, request.idempotencyToken);
      if (existing) return existing;
    }
    const point = await this.points.points.get<RecoveryPointRecord>(request.recoveryPointArn);
    if (!point || point.accountId !== scope.accountId || point.region !== scope.region) {
      throw notFound(`Recovery point ${request.recoveryPointArn} was not found.`, { Type: 'User' });
    }
    if (point.isParent) throw invalidRequest(`Recovery point ${point.arn} is a composite parent and cannot be restored; restore its children.`);
    if (point.status !== 'COMPLETED') throw invalidRequest(`Recovery point ${point.arn} is ${point.status}; only a COMPLETED recovery point can be restored.`);
    if (request.resourceType !== undefined && request.resourceType !== point.resourceType) {
      throw invalidParameter(`ResourceType ${request.resourceType} does not match the recovery point's resource type ${point.resourceType}.`);
    }
    // A stack's template point: a new stack and change set (composite/template-restore.ts).
    if (point.resourceType === 'CloudFormation') checkTemplateRestoreMetadata(request.metadata ?? {});
    const entry = await this.inventory.get(point.resourceArn);
    const job: RestoreJobRecord = {
      kind: 'restore',
      id: newJobId(timeOrderedUuid(nowMs)),
      accountId: scope.accountId,
      region: scope.region,
      state: 'PENDING',
      resourceArn: point.resourceArn,
      resourceType: point.resourceType,
      vault: point.vaultArn,
      sourceRecoveryPointArn: point.arn,
      recoveryPointCreationDate: point.creationDate,
      metadata: request.metadata ?? {},
      iamRoleArn: request.iamRoleArn,
      copySourceTags: request.copySourceTags,
      creationDate: nowMs,
      startAt: nowMs,
      startBy: request.startBy,
      durationMs: jobDurationMs(this.deps, entry),
      sizeBytes: point.backupSizeInBytes,
      outcome: 'COMPLETED',
      // AWS: an S3 restore that leaves objects out still completes ("the restore job completes
      // successfully, but objects with public ACLs are not restored"); the message says which.
      outcomeMessage: [entry?.restoreFailureMessage, entry?.restoreSkippedMessage].filter((m) => m !== undefined).join(' ') || undefined,
      objectsFailed: entry?.restoreFailureMessage,
      objectsSkipped: entry?.restoreSkippedMessage,
      planArn: request.restoreTestingPlanArn,
      idempotencyToken: request.idempotencyToken,
      dueAt: nowMs,
    };
    return insertUnlessRepeated(this.deps, this.jobs, scope, [job]);
  }

  handlers(): Handlers {
    return {
      StartRestoreJob: async (input, ctx) => {
        validateRoleArn(input.IamRoleArn);
        const job = await this.start(ctx, ctx.now.getTime(), {
          recoveryPointArn: input.RecoveryPointArn!,
          iamRoleArn: input.IamRoleArn,
          metadata: input.Metadata,
          resourceType: input.ResourceType,
          copySourceTags: input.CopySourceTagsToRestoredResource,
          idempotencyToken: input.IdempotencyToken || undefined,
        });
        return { RestoreJobId: job.id };
      },

      DescribeRestoreJob: async (input, ctx) => restoreJobOutput(await this.require(ctx, input.RestoreJobId!), ctx.now.getTime()),

      GetRestoreJobMetadata: async (input, ctx) => {
        const job = await this.require(ctx, input.RestoreJobId!);
        return { RestoreJobId: job.id, Metadata: job.metadata };
      },

      ListRestoreJobs: async (input, ctx) => {
        const page = await pageJobs<RestoreJobRecord>(
          this.jobs,
          this.deps.tokens,
          ctx,
          'ListRestoreJobs',
          {
            kind: 'restore',
            region: ctx.region,
            accountId: accountFilter(ctx, input.ByAccountId),
            state: input.ByStatus,
            resourceType: input.ByResourceType,
            planArn: input.ByRestoreTestingPlanArn,
            parentJobId: input.ByParentJobId,
            ...timeFilters(input),
          },
          input,
        );
        const now = ctx.now.getTime();
        return { RestoreJobs: page.items.map((j) => restoreJobOutput(j, now)), NextToken: page.nextToken };
      },

      ListRestoreJobsByProtectedResource: async (input, ctx) => {
        const page = await pageJobs<RestoreJobRecord>(
          this.jobs,
          this.deps.tokens,
          ctx,
          'ListRestoreJobsByProtectedResource',
          {
            kind: 'restore',
            region: ctx.region,
            accountId: ctx.accountId,
            resourceArn: input.ResourceArn!,
            state: input.ByStatus,
            rpCreatedAfter: input.ByRecoveryPointCreationDateAfter?.getTime(),
            rpCreatedBefore: input.ByRecoveryPointCreationDateBefore?.getTime(),
          },
          input,
        );
        const now = ctx.now.getTime();
        return { RestoreJobs: page.items.map((j) => restoreJobOutput(j, now)), NextToken: page.nextToken };
      },
    };
  }
}
