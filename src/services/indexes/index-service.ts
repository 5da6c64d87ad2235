/**
 * Backup indexes of recovery points (for AWS Backup search): UpdateRecoveryPointIndexSettings,
 * GetRecoveryPointIndexDetails and ListIndexedRecoveryPoints, the IndexStatus members of
 * recovery point outputs, and indexes that StartBackupJob's Index asks for. An index is PENDING,
 * then ACTIVE, or FAILED where the inventory says so (IndexWorker); disabling it makes it
 * DELETING, then it is gone. It also goes with its recovery point.
 */
import type { UpdateRecoveryPointIndexSettingsOutput } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest, missingParameter, notFound } from '../../protocol/errors.js';
import type { PointIndexesStore, PointIndexFilter } from '../../store/repos/recovery-point-indexes-store.js';
import type { Scope } from '../../store/types.js';
import type { JobsStore } from '../../store/repos/jobs-store.js';
import type { Inventory } from '../../resources/inventory.js';
import type { ServiceDeps } from '../deps.js';
import type { BackupJobRecord } from '../common/job-record.js';
import { INDEXABLE_TYPES } from '../../resources/resource-types.js';
import { validateRoleArn } from '../common/names.js';
import { pageFiltered } from '../pagination.js';
import type { PointAnnotation, PointAnnotator, PointsCreatedHook } from '../common/point-hooks.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { Handlers } from '../registry.js';
import { INDEX_CREATION_MS, INDEX_DELETION_MS, indexDetails, indexedPoint, STATUS_MESSAGES, type PointIndexRecord } from './index-record.js';


export class IndexService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly indexes: PointIndexesStore,
    private readonly points: RecoveryPointService,
    private readonly jobs: JobsStore,
    private readonly inventory: Inventory,
  ) {}

  /** Why this recovery point cannot have an index, or undefined when it can. */
  private ineligible(p: RecoveryPointRecord): { error: 'type' | 'state'; message: string } | undefined {
    if (!INDEXABLE_TYPES.has(p.resourceType)) {
      return { error: 'type', message: `Recovery point ${p.arn} is a backup of resource type ${p.resourceType}; backup indexes support only EBS and S3 recovery points.` };
    }
    if (p.status !== 'COMPLETED' && p.status !== 'AVAILABLE') {
      return { error: 'state', message: `Recovery point ${p.arn} is ${p.status}; only a COMPLETED recovery point can be indexed.` };
    }
    // Stricter reading: AWS indexes backups in warm storage only.
    if (p.storageClass !== 'WARM') return { error: 'state', message: `Recovery point ${p.arn} is in ${p.storageClass} storage; only recovery points in warm storage can be indexed.` };
    return undefined;
  }

  /** A new PENDING index of a point; it fails when the resource's inventory entry says so (indexOutcome FAILED). */
  private async newIndex(p: RecoveryPointRecord, iamRoleArn: string | undefined, nowMs: number): Promise<PointIndexRecord> {
    const entry = await this.inventory.get(p.resourceArn);
    return {
      arn: p.arn,
      accountId: p.accountId,
      region: p.region,
      sourceResourceArn: p.resourceArn,
      resourceType: p.resourceType,
      status: 'PENDING',
      statusMessage: STATUS_MESSAGES.PENDING,
      backupCreationDate: p.creationDate,
      vaultName: p.vaultName,
      vaultArn: p.vaultArn,
      iamRoleArn,
      indexCreationDate: nowMs,
      backupSizeInBytes: p.backupSizeInBytes,
      failsWith: entry?.indexOutcome === 'FAILED' ? (entry.indexFailureMessage ?? STATUS_MESSAGES.FAILED) : undefined,
      dueAt: nowMs + INDEX_CREATION_MS,
    };
  }

  /** New recovery points whose backup job asked for an index (StartBackupJob Index ENABLED) get one. */
  readonly onPointsCreated: PointsCreatedHook = async (points, nowMs, creators) => {
    for (const p of points) {
      if (!INDEXABLE_TYPES.has(p.resourceType)) continue;
      const creator = creators?.get(p.createdByJobId);
      const job = creator ? (creator.kind === 'backup' ? (creator as BackupJobRecord) : undefined) : await this.jobs.get<BackupJobRecord>('backup', p.createdByJobId);
      if (job?.index !== 'ENABLED' || this.ineligible(p)) continue;
      await this.indexes.put(await this.newIndex(p, job.iamRoleArn, nowMs));
    }
  };

  readonly annotator: PointAnnotator = async (points) => {
    const rows = await this.indexes.getMany<PointIndexRecord>(points.map((p) => p.arn));
    return new Map<string, PointAnnotation>(rows.map((i) => [i.arn, { IndexStatus: i.status, IndexStatusMessage: i.statusMessage }]));
  };

  private async update(scope: Scope, vaultName: string, arn: string, enable: boolean, iamRoleArn: string, nowMs: number): Promise<PointIndexRecord | undefined> {
    return this.deps.store.atomically(async () => {
      const p = await this.points.require(scope, vaultName, arn);
      const current = await this.indexes.get<PointIndexRecord>(arn);
      if (enable) {
        const why = this.ineligible(p);
        if (why) throw why.error === 'type' ? invalidParameter(why.message) : invalidRequest(why.message);
        if (current?.status === 'PENDING' || current?.status === 'ACTIVE') return current;
        if (current?.status === 'DELETING') {
          throw invalidRequest(`The backup index of recovery point ${arn} is being deleted; enable it again once the deletion has finished.`);
        }
        const index = await this.newIndex(p, iamRoleArn, nowMs);
        await this.indexes.put(index);
        return index;
      }
      // Stricter reading: there must be an index to delete, and one still being created cannot be.
      if (!current) throw invalidRequest(`Recovery point ${arn} has no backup index to delete.`);
      if (current.status === 'DELETING') return current;
      if (current.status === 'PENDING') {
        throw invalidRequest(`The backup index of recovery point ${arn} is still being created; delete it once it is ACTIVE or FAILED.`);
      }
      current.status = 'DELETING';
      current.statusMessage = STATUS_MESSAGES.DELETING;
      current.indexDeletionDate = nowMs;
      current.dueAt = nowMs + INDEX_DELETION_MS;
      await this.indexes.update([current]);
      return current;
    });
  }

  handlers(): Handlers {
    return {
      UpdateRecoveryPointIndexSettings: async (input, ctx): Promise<UpdateRecoveryPointIndexSettingsOutput> => {
        // The operation's documentation: "Required: BackupVaultName, RecoveryPointArn, and IAMRoleArn" (the model marks it optional).
        if (!input.IamRoleArn) throw missingParameter('IamRoleArn is required: the IAM role AWS Backup uses to create or delete the backup index.');
        validateRoleArn(input.IamRoleArn);
        const enable = input.Index === 'ENABLED';
        const index = await this.update(ctx, input.BackupVaultName!, input.RecoveryPointArn!, enable, input.IamRoleArn, ctx.now.getTime());
        return { BackupVaultName: input.BackupVaultName, RecoveryPointArn: input.RecoveryPointArn, IndexStatus: index?.status, Index: input.Index };
      },

      GetRecoveryPointIndexDetails: async (input, ctx) => {
        await this.points.require(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
        const index = await this.indexes.get<PointIndexRecord>(input.RecoveryPointArn!);
        if (!index) throw notFound(`Recovery point ${input.RecoveryPointArn} has no backup index.`, { Type: 'User' });
        return indexDetails(index);
      },

      ListIndexedRecoveryPoints: async (input, ctx) => {
        if (input.ResourceType !== undefined && !INDEXABLE_TYPES.has(input.ResourceType)) {
          throw invalidParameter(`Invalid ResourceType '${input.ResourceType}': backup indexes exist for EBS and S3 only.`);
        }
        const filter: PointIndexFilter = {
          accountId: ctx.accountId,
          region: ctx.region,
          sourceResourceArn: input.SourceResourceArn,
          resourceType: input.ResourceType,
          status: input.IndexStatus,
          createdBefore: input.CreatedBefore?.getTime(),
          createdAfter: input.CreatedAfter?.getTime(),
        };
        const page = await pageFiltered(this.deps.tokens, 'ListIndexedRecoveryPoints', filter, input, async (after, batch) =>
          (await this.indexes.list<PointIndexRecord>(filter, after, batch)).map((r) => ({ seq: r.seq, doc: r.index })),
        );
        return { IndexedRecoveryPoints: page.items.map(indexedPoint), NextToken: page.nextToken };
      },
    };
  }
}
