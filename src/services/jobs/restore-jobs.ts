/** StartRestoreJob, DescribeRestoreJob, ListRestoreJobs, ListRestoreJobsByProtectedResource, GetRestoreJobMetadata. */
import { randomUUID } from 'node:crypto';
import type { DescribeRestoreJobOutput, RestoreJobsListMember } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { Inventory } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import type { Handlers } from '../registry.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../recovery-points/record.js';
import { DEFAULT_JOB_SECONDS } from './backup-jobs.js';
import { newJobId, percentDone, type RestoreJobRecord } from './job-record.js';
import { accountFilter, pageJobs } from './list-filters.js';
import { validateRoleArn } from './validation.js';

export function restoreJobOutput(j: RestoreJobRecord, nowMs: number): DescribeRestoreJobOutput & RestoreJobsListMember {
  return {
    AccountId: j.accountId,
    RestoreJobId: j.id,
    RecoveryPointArn: j.sourceRecoveryPointArn,
    SourceResourceArn: j.resourceArn,
    BackupVaultArn: j.vault,
    CreationDate: new Date(j.creationDate),
    CompletionDate: j.completionDate !== undefined ? new Date(j.completionDate) : undefined,
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
    IsParent: j.isParent ?? false,
    ParentJobId: j.parentJobId,
  };
}

export class RestoreJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
    private readonly points: RecoveryPointService,
    private readonly inventory: Inventory,
  ) {}

  private async require(scope: Scope, id: string): Promise<RestoreJobRecord> {
    const job = await this.jobs.get<RestoreJobRecord>('restore', id);
    if (!job || job.accountId !== scope.accountId || job.region !== scope.region) throw notFound(`Restore job ${id} was not found.`, { Type: 'User' });
    return job;
  }

  handlers(): Handlers {
    return {
      StartRestoreJob: async (input, ctx) => {
        validateRoleArn(input.IamRoleArn);
        if (input.IdempotencyToken) {
          const existing = await this.jobs.byIdempotencyToken<RestoreJobRecord>('restore', ctx, input.IdempotencyToken);
          if (existing) return { RestoreJobId: existing.id };
        }
        const point = await this.points.points.get<RecoveryPointRecord>(input.RecoveryPointArn!);
        if (!point || point.accountId !== ctx.accountId || point.region !== ctx.region) {
          throw notFound(`Recovery point ${input.RecoveryPointArn} was not found.`, { Type: 'User' });
        }
        if (point.isParent) throw invalidRequest(`Recovery point ${point.arn} is a composite parent and cannot be restored; restore its children.`);
        if (point.status !== 'COMPLETED') throw invalidRequest(`Recovery point ${point.arn} is ${point.status}; only a COMPLETED recovery point can be restored.`);
        if (input.ResourceType !== undefined && input.ResourceType !== point.resourceType) {
          throw invalidParameter(`ResourceType ${input.ResourceType} does not match the recovery point's resource type ${point.resourceType}.`);
        }
        const now = ctx.now.getTime();
        const entry = await this.inventory.get(point.resourceArn);
        const job: RestoreJobRecord = {
          kind: 'restore',
          id: newJobId(randomUUID()),
          accountId: ctx.accountId,
          region: ctx.region,
          state: 'PENDING',
          resourceArn: point.resourceArn,
          resourceType: point.resourceType,
          vault: point.vaultArn,
          sourceRecoveryPointArn: point.arn,
          recoveryPointCreationDate: point.creationDate,
          metadata: input.Metadata ?? {},
          iamRoleArn: input.IamRoleArn,
          copySourceTags: input.CopySourceTagsToRestoredResource,
          creationDate: now,
          startAt: now,
          durationMs: (entry?.backupDurationSeconds ?? this.deps.jobSettings?.defaultJobSeconds ?? DEFAULT_JOB_SECONDS) * 1000,
          sizeBytes: point.backupSizeInBytes,
          outcome: 'COMPLETED',
          idempotencyToken: input.IdempotencyToken || undefined,
          dueAt: now,
        };
        const stored = await this.deps.store.atomically(async () => {
          if (job.idempotencyToken) {
            const existing = await this.jobs.byIdempotencyToken<RestoreJobRecord>('restore', ctx, job.idempotencyToken);
            if (existing) return existing;
          }
          await this.jobs.insert(job);
          return job;
        });
        return { RestoreJobId: stored.id };
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
          'ListRestoreJobs',
          {
            kind: 'restore',
            region: ctx.region,
            accountId: accountFilter(ctx, input.ByAccountId),
            state: input.ByStatus,
            resourceType: input.ByResourceType,
            planArn: input.ByRestoreTestingPlanArn,
            parentJobId: input.ByParentJobId,
            createdAfter: input.ByCreatedAfter?.getTime(),
            createdBefore: input.ByCreatedBefore?.getTime(),
            completeAfter: input.ByCompleteAfter?.getTime(),
            completeBefore: input.ByCompleteBefore?.getTime(),
          },
          input.NextToken,
          input.MaxResults,
        );
        const now = ctx.now.getTime();
        return { RestoreJobs: page.items.map((j) => restoreJobOutput(j, now)), NextToken: page.nextToken };
      },

      ListRestoreJobsByProtectedResource: async (input, ctx) => {
        const page = await pageJobs<RestoreJobRecord>(
          this.jobs,
          this.deps.tokens,
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
          input.NextToken,
          input.MaxResults,
        );
        const now = ctx.now.getTime();
        return { RestoreJobs: page.items.map((j) => restoreJobOutput(j, now)), NextToken: page.nextToken };
      },
    };
  }
}
