/** StartCopyJob, DescribeCopyJob and ListCopyJobs. */
import type { CopyJob } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest } from '../../protocol/errors.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import type { Inventory } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import type { Handlers } from '../registry.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { VaultService } from '../vaults/vault-service.js';
import { assertVaultAvailable } from '../vaults/vault-creation.js';
import { insertUnlessRepeated, jobDurationMs } from './job-start.js';
import { newJobId, type CopyJobRecord } from './job-record.js';
import { accountFilter, categoryFilter, pageJobs, timeFilters } from './list-filters.js';
import { validateLifecycle } from '../common/lifecycle.js';
import { parseVaultArn, validateRoleArn } from '../common/names.js';
import type { RecoveryPointRecord } from '../recovery-points/record.js';
import { compositeCopyJobs } from '../composite/composite-copy.js';
import { timeOrderedUuid } from '../../resources/time-ordered-ids.js';
import { requireJob } from './job-lookup.js';
import { optionalDate as date } from '../common/time.js';

export function copyJobOutput(j: CopyJobRecord): CopyJob {
  return {
    AccountId: j.accountId,
    CopyJobId: j.id,
    SourceBackupVaultArn: j.sourceVaultArn,
    SourceRecoveryPointArn: j.sourceRecoveryPointArn,
    DestinationBackupVaultArn: j.vault,
    DestinationVaultType: j.destinationVaultType,
    DestinationRecoveryPointArn: j.destinationRecoveryPointArn,
    DestinationEncryptionKeyArn: j.destinationEncryptionKeyArn,
    DestinationRecoveryPointLifecycle: j.lifecycle,
    ResourceArn: j.resourceArn,
    CreationDate: new Date(j.creationDate),
    CompletionDate: date(j.completionDate),
    State: j.state as CopyJob['State'],
    StatusMessage: j.statusMessage,
    BackupSizeInBytes: j.sizeBytes,
    IamRoleArn: j.iamRoleArn,
    CreatedBy: j.createdBy,
    CreatedByBackupJobId: j.createdByBackupJobId,
    ResourceType: j.resourceType,
    ParentJobId: j.parentJobId,
    IsParent: j.isParent ?? false,
    CompositeMemberIdentifier: j.compositeMemberIdentifier,
    NumberOfChildJobs: j.numberOfChildJobs,
    ChildJobsInState: j.childJobsInState,
    ResourceName: j.resourceName,
    MessageCategory: j.messageCategory,
  };
}

export interface CopyRequest {
  RecoveryPointArn: string;
  SourceBackupVaultName: string;
  DestinationBackupVaultArn: string;
  IamRoleArn: string;
  IdempotencyToken?: string;
  Lifecycle?: CopyJobRecord['lifecycle'];
}

export class CopyJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobsStore,
    private readonly vaults: VaultService,
    private readonly points: RecoveryPointService,
    private readonly inventory: Inventory,
  ) {}

  /**
   * Checks and records a copy job (StartCopyJob, and backup plans' copy actions). With
   * refuseUnavailableDestination (StartCopyJob), a destination vault of Holdfast's that is not
   * AVAILABLE yet is refused at once; a plan's copy job into one fails when it starts (job-worker.ts).
   */
  async start(
    scope: Scope,
    nowMs: number,
    input: CopyRequest,
    extra: Pick<CopyJobRecord, 'createdBy' | 'createdByBackupJobId' | 'parentJobId' | 'compositeMemberIdentifier' | 'removesSource'> = {},
    options: { refuseUnavailableDestination?: boolean } = {},
  ): Promise<CopyJobRecord> {
    validateRoleArn(input.IamRoleArn);
    validateLifecycle(input.Lifecycle);
    if (input.IdempotencyToken) {
      const existing = await this.jobs.byIdempotencyToken<CopyJobRecord>('copy', scope, input.IdempotencyToken);
      if (existing) return existing;
    }
    const source = await this.points.require(scope, input.SourceBackupVaultName, input.RecoveryPointArn);
    // A composite that lost children (PARTIAL) can still be copied: what is there is copied.
    const copyable = source.status === 'COMPLETED' || (source.isParent && source.status === 'PARTIAL');
    if (!copyable) throw invalidRequest(`Recovery point ${source.arn} is ${source.status}; only a COMPLETED recovery point can be copied.`);
    const destination = parseVaultArn(input.DestinationBackupVaultArn);
    if (!destination) {
      throw invalidParameter(`Invalid DestinationBackupVaultArn '${input.DestinationBackupVaultArn}': expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME.`);
    }
    if (input.DestinationBackupVaultArn === source.vaultArn) throw invalidParameter('The destination backup vault must differ from the source backup vault.');
    if (options.refuseUnavailableDestination) {
      // A logically air-gapped vault that is still CREATING takes no copies (the stricter reading).
      const target = await this.vaults.vaults.get(destination, destination.vaultName);
      if (target?.arn === input.DestinationBackupVaultArn) assertVaultAvailable(target, 'copy jobs can copy into it');
    }
    const build = async (point: RecoveryPointRecord): Promise<CopyJobRecord> => {
      const entry = await this.inventory.get(point.resourceArn);
      return {
        kind: 'copy',
        id: newJobId(timeOrderedUuid(nowMs)),
        accountId: scope.accountId,
        region: scope.region,
        state: 'CREATED',
        resourceArn: point.resourceArn,
        resourceType: point.resourceType,
        resourceName: point.resourceName,
        vault: input.DestinationBackupVaultArn,
        destination,
        sourceRecoveryPointArn: point.arn,
        sourceVaultArn: point.vaultArn,
        sourceVaultName: point.vaultName,
        iamRoleArn: input.IamRoleArn,
        lifecycle: input.Lifecycle,
        creationDate: nowMs,
        startAt: nowMs,
        durationMs: jobDurationMs(this.deps, entry),
        sizeBytes: point.backupSizeInBytes,
        outcome: 'COMPLETED',
        dueAt: nowMs,
        ...extra,
      };
    };
    // A composite recovery point: a parent copy job and one child copy job per nested point.
    const jobs = source.isParent ? await compositeCopyJobs(this.points, source, build) : [await build(source)];
    jobs[0]!.idempotencyToken = input.IdempotencyToken || undefined;
    return insertUnlessRepeated(this.deps, this.jobs, scope, jobs);
  }

  handlers(): Handlers {
    return {
      StartCopyJob: async (input, ctx) => {
        const job = await this.start(ctx, ctx.now.getTime(), input as CopyRequest, {}, { refuseUnavailableDestination: true });
        return { CopyJobId: job.id, CreationDate: new Date(job.creationDate), IsParent: job.isParent ?? false };
      },

      DescribeCopyJob: async (input, ctx) => {
        return { CopyJob: copyJobOutput(await requireJob<CopyJobRecord>(this.jobs, 'copy', ctx, input.CopyJobId!)) };
      },

      ListCopyJobs: async (input, ctx) => {
        const page = await pageJobs<CopyJobRecord>(
          this.jobs,
          this.deps.tokens,
          ctx,
          'ListCopyJobs',
          {
            kind: 'copy',
            region: ctx.region,
            accountId: accountFilter(ctx, input.ByAccountId),
            state: input.ByState,
            resourceArn: input.ByResourceArn,
            resourceType: input.ByResourceType,
            vault: input.ByDestinationVaultArn,
            sourceRecoveryPointArn: input.BySourceRecoveryPointArn,
            parentJobId: input.ByParentJobId,
            messageCategory: categoryFilter(input.ByMessageCategory),
            ...timeFilters(input),
          },
          input,
        );
        return { CopyJobs: page.items.map(copyJobOutput), NextToken: page.nextToken };
      },
    };
  }
}
