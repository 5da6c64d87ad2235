/**
 * Recovery points: describe, list (by vault, by resource), delete, lifecycle updates, restore
 * metadata and disassociation. Implements the RecoveryPointQuery contract and asks
 * deps.removalGuards (every domain's contributed guards) before any removal.
 */
import type { DescribeRecoveryPointOutput, RecoveryPointByBackupVault, RecoveryPointByResource } from '@aws-sdk/client-backup';
import { invalidParameter, invalidRequest, notFound } from '../../protocol/errors.js';
import { pointChange, pointModifiedNotification, pointStateChange, withPointEvents } from './point-events.js';
import type { RecoveryPointFilter, RecoveryPointsStore } from '../../store/repos/recovery-points-store.js';
import type { JobColumns } from '../../store/repos/jobs-store.js';
import type { Scope } from '../../store/types.js';
import { supportsColdStorage } from '../../resources/resource-types.js';
import { pageFiltered } from '../pagination.js';
import type { Handlers } from '../registry.js';
import type { VaultService } from '../vaults/vault-service.js';
import { recoveryPointSource } from '../vaults/restore-access-source.js';
import { validateLifecycle } from '../common/lifecycle.js';
import { assertLockAllowsUpdate } from '../vaults/vault-lock.js';
import type { DeletionRefusal, RecoveryPointDeps, RecoveryPointQuery, RecoveryPointRemovals, RecoveryPointSelector } from './contract.js';
import type { RecoveryPointRef, RemovalKind } from '../common/removal.js';
import { calculatedLifecycleOutput, nextLifecycleDue, refOf, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import { childDeletionRefusal, CompositePoints } from './composite-points.js';
import { annotate } from './annotations.js';
import { type PointAnnotation, type PointExtensions } from '../common/point-hooks.js';
import { optionalDate as date } from '../common/time.js';

/** Recovery points handed to forEachMatching's callback at a time. */
const MATCH_BATCH = 2000;

export { refOf };

/** The annotations list outputs carry (ScanResults is DescribeRecoveryPoint's). */
const listOnly = (a: PointAnnotation | undefined): Omit<PointAnnotation, 'ScanResults'> => {
  if (!a) return {};
  const { ScanResults: _describeOnly, ...rest } = a;
  return rest;
};

export class RecoveryPointService implements RecoveryPointQuery, RecoveryPointRemovals {
  readonly points: RecoveryPointsStore;
  readonly composite: CompositePoints;
  /**
   * extensions: output members other domains own (index status, scan results: annotations.ts),
   * and their hooks on created points (backup indexes requested by the job) and deleted points
   * (scan jobs), read when used: the composer binds them once every domain is built.
   */
  constructor(
    private readonly deps: RecoveryPointDeps,
    private readonly vaults: VaultService,
    private readonly extensions: () => PointExtensions,
  ) {
    this.points = withPointEvents(deps.store.recoveryPoints, deps.events, () => deps.clock.nowMs());
    this.composite = new CompositePoints(deps, this);
  }

  /** Stores new points (inside the caller's transaction), with their tags and first lifecycle step (creators: see PointsCreatedHook). */
  async create(points: RecoveryPointRecord[], tags: (Record<string, string> | undefined)[], creators?: ReadonlyMap<string, JobColumns>): Promise<void> {
    for (const p of points) p.lifecycleDue = nextLifecycleDue(p);
    await this.points.insert(points);
    for (let i = 0; i < points.length; i++) {
      const t = tags[i];
      if (t && Object.keys(t).length) await this.deps.store.tags.put(points[i]!, points[i]!.arn, t);
    }
    for (const hook of this.extensions().created) await hook(points, this.deps.clock.nowMs(), creators);
  }

  /** Removes points and their tags (inside the caller's transaction); guards must have been asked. */
  async remove(points: RecoveryPointRecord[]): Promise<void> {
    const at = this.deps.clock.nowMs();
    await this.deps.events.emit(points.map((p) => pointStateChange(p, 'DELETING', at)));
    // Before the delete: rows that go with a point (its backup index) are still there to read.
    for (const hook of this.extensions().removed) await hook(points);
    await this.points.delete(points.map((p) => p.arn));
    await this.deps.store.tags.deleteAll(points.map((p) => p.arn));
  }

  count(scope: Scope, vaultName: string): Promise<number> {
    return this.points.count(scope, vaultName);
  }

  /** The point with this ARN in this vault, or ResourceNotFoundException. */
  async require(scope: Scope, vaultName: string, arn: string): Promise<RecoveryPointRecord> {
    await this.vaults.requireVault(scope, vaultName);
    const p = await this.points.get<RecoveryPointRecord>(arn);
    if (!p || p.accountId !== scope.accountId || p.region !== scope.region || p.vaultName !== vaultName) {
      throw notFound(`Recovery point ${arn} was not found in backup vault ${vaultName}.`, { Type: 'User' });
    }
    return p;
  }

  async guard(p: RecoveryPointRecord, kind: RemovalKind): Promise<void> {
    const reason = await this.deps.removalGuards.check(refOf(p), kind);
    // AWS documents the refusal ("The recovery point cannot be deleted because it has active legal
    // hold(s)") but not its error name. InvalidRequestException is the one the model lists for all
    // three removal operations (DisassociateRecoveryPointFromParent lists no
    // InvalidResourceStateException, which means "another action is in progress, try again later").
    if (reason) throw invalidRequest(reason);
  }

  /**
   * Every reason DeleteRecoveryPoint would refuse this point now, in the order it asks them
   * (empty: it may be deleted). A legal hold is the more useful answer, so the guards come before
   * the composite rule.
   */
  async deletionRefusals(p: RecoveryPointRecord): Promise<DeletionRefusal[]> {
    if (p.isParent) return this.composite.deletionRefusals(p);
    const refusals: DeletionRefusal[] = await this.deps.removalGuards.refusals(refOf(p), 'delete');
    if (p.parentRecoveryPointArn) refusals.push({ source: 'composite-parent', message: childDeletionRefusal(p), id: p.parentRecoveryPointArn });
    return refusals;
  }

  async recheckRemovals(): Promise<void> {
    await this.points.retryExpired(this.deps.clock.nowMs());
  }

  /** The legal-holds hook (RecoveryPointQuery.onHoldsReleased on main): retries these points' lifecycle deletion now. */
  async onHoldsReleased(_scope: Scope, arns: string[]): Promise<void> {
    // A held nested point kept its whole composite: retry the composite's deletion too.
    const parents = new Set<string>();
    for (const arn of arns) {
      const parent = (await this.points.get<RecoveryPointRecord>(arn))?.parentRecoveryPointArn;
      if (parent) parents.add(parent);
    }
    await this.points.retryExpired(this.deps.clock.nowMs(), [...arns, ...parents]);
  }

  /** One recovery point of the scope by ARN (RecoveryPointQuery.get on main). */
  async get(scope: Scope, arn: string): Promise<RecoveryPointRef | undefined> {
    const p = await this.points.get<RecoveryPointRecord>(arn);
    return p && p.accountId === scope.accountId && p.region === scope.region ? refOf(p) : undefined;
  }

  // --- RecoveryPointQuery -------------------------------------------------------------------

  async forEachMatching(scope: Scope, selector: RecoveryPointSelector, fn: (batch: RecoveryPointRef[]) => Promise<void>): Promise<void> {
    const filter: RecoveryPointFilter = {
      accountId: scope.accountId,
      region: scope.region,
      vaultNames: selector.vaultNames,
      resourceArns: selector.resourceArns,
      createdAfter: selector.createdFrom,
      createdBefore: selector.createdTo,
    };
    // All matching seqs first, then the columns in batches: linear for any selection.
    const seqs = await this.points.matchingSeqs(filter);
    for (let i = 0; i < seqs.length; i += MATCH_BATCH) {
      const batch = await this.points.columnsBySeq(seqs.slice(i, i + MATCH_BATCH));
      // A point deleted between the two reads is simply absent.
      if (batch.length > 0) await fn(batch.map(refOf));
    }
  }

  async children(scope: Scope, parentArn: string): Promise<RecoveryPointRef[]> {
    const rows = await this.points.list<RecoveryPointRecord>({ accountId: scope.accountId, region: scope.region, parentRecoveryPointArn: parentArn }, 0, -1);
    return rows.map((r) => refOf(r.point));
  }

  // --- outputs ------------------------------------------------------------------------------

  describe(p: RecoveryPointRecord): DescribeRecoveryPointOutput & RecoveryPointByBackupVault {
    return {
      RecoveryPointArn: p.arn,
      BackupVaultName: p.vaultName,
      BackupVaultArn: p.vaultArn,
      SourceBackupVaultArn: p.sourceBackupVaultArn,
      ResourceArn: p.resourceArn,
      ResourceType: p.resourceType,
      CreatedBy: p.createdBy,
      IamRoleArn: p.iamRoleArn,
      Status: p.status as DescribeRecoveryPointOutput['Status'],
      StatusMessage: p.statusMessage,
      CreationDate: new Date(p.creationDate),
      InitiationDate: date(p.initiationDate),
      CompletionDate: new Date(p.completionDate),
      BackupSizeInBytes: p.backupSizeInBytes,
      CalculatedLifecycle: calculatedLifecycleOutput(p),
      Lifecycle: p.lifecycle,
      EncryptionKeyArn: p.isEncrypted === false ? undefined : p.encryptionKeyArn,
      IsEncrypted: p.isEncrypted !== false,
      StorageClass: p.storageClass as DescribeRecoveryPointOutput['StorageClass'],
      LastRestoreTime: date(p.lastRestoreTime),
      ParentRecoveryPointArn: p.parentRecoveryPointArn,
      CompositeMemberIdentifier: p.compositeMemberIdentifier,
      IsParent: p.isParent ?? false,
      ResourceName: p.resourceName,
      VaultType: p.vaultType as DescribeRecoveryPointOutput['VaultType'],
    };
  }

  private byResource(p: RecoveryPointRecord): RecoveryPointByResource {
    return {
      RecoveryPointArn: p.arn,
      CreationDate: new Date(p.creationDate),
      Status: p.status as RecoveryPointByResource['Status'],
      StatusMessage: p.statusMessage,
      EncryptionKeyArn: p.encryptionKeyArn,
      BackupSizeBytes: p.backupSizeInBytes,
      BackupVaultName: p.vaultName,
      IsParent: p.isParent ?? false,
      ParentRecoveryPointArn: p.parentRecoveryPointArn,
      ResourceName: p.resourceName,
      VaultType: p.vaultType as RecoveryPointByResource['VaultType'],
    };
  }

  /** One page of a recovery point list, with what the annotators add to each point. */
  private async listPage(operation: string, filter: RecoveryPointFilter, input: { NextToken?: string; MaxResults?: number }) {
    const page = await pageFiltered(this.deps.tokens, operation, filter, input, async (after, batch) =>
      (await this.points.list<RecoveryPointRecord>(filter, after, batch)).map((r) => ({ seq: r.seq, doc: r.point })),
    );
    return { page, extra: await annotate(this.extensions().annotators, page.items) };
  }

  handlers(): Handlers {
    const scopeOf = (ctx: Scope, accountId: string | undefined): Scope => ({ accountId: accountId ?? ctx.accountId, region: ctx.region });
    return {
      DescribeRecoveryPoint: async (input, ctx) => {
        const p = await this.require(scopeOf(ctx, input.BackupVaultAccountId), input.BackupVaultName!, input.RecoveryPointArn!);
        const { AggregatedScanResult: _listOnly, ...extra } = (await annotate(this.extensions().annotators, [p])).get(p.arn) ?? {};
        return { ...this.describe(p), ...extra };
      },

      ListRecoveryPointsByBackupVault: async (input, ctx) => {
        const scope = scopeOf(ctx, input.BackupVaultAccountId);
        // A restore access vault lists (read-only) the recovery points of its source vault.
        const { vaultName, ...pointsScope } = recoveryPointSource(scope, await this.vaults.requireVault(scope, input.BackupVaultName!));
        const filter: RecoveryPointFilter = {
          ...pointsScope,
          vaultName,
          resourceArn: input.ByResourceArn,
          resourceType: input.ByResourceType,
          backupPlanId: input.ByBackupPlanId,
          parentRecoveryPointArn: input.ByParentRecoveryPointArn,
          createdAfter: input.ByCreatedAfter?.getTime(),
          createdBefore: input.ByCreatedBefore?.getTime(),
        };
        const { page, extra } = await this.listPage('ListRecoveryPointsByBackupVault', filter, input);
        return { RecoveryPoints: page.items.map((p) => ({ ...this.describe(p), ...listOnly(extra.get(p.arn)) })), NextToken: page.nextToken };
      },

      ListRecoveryPointsByResource: async (input, ctx) => {
        const filter: RecoveryPointFilter = { accountId: ctx.accountId, region: ctx.region, resourceArn: input.ResourceArn! };
        const { page, extra } = await this.listPage('ListRecoveryPointsByResource', filter, input);
        return { RecoveryPoints: page.items.map((p) => ({ ...this.byResource(p), ...listOnly(extra.get(p.arn)) })), NextToken: page.nextToken };
      },

      DeleteRecoveryPoint: async (input, ctx) => {
        const p = await this.require(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
        if (p.isParent) {
          await this.composite.deleteParent(p);
          return {};
        }
        const [refusal] = await this.deletionRefusals(p);
        if (refusal) throw invalidRequest(refusal.message);
        await this.deps.store.atomically(() => this.remove([p]));
        return {};
      },

      DisassociateRecoveryPoint: async (input, ctx) => {
        const p = await this.require(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
        if (!p.continuous) {
          throw invalidRequest(`Recovery point ${p.arn} is not a continuous backup; only continuous backups can be disassociated.`);
        }
        await this.guard(p, 'disassociate');
        await this.deps.store.atomically(() => this.remove([p]));
        return {};
      },

      DisassociateRecoveryPointFromParent: async (input, ctx) => {
        await this.composite.disassociate(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
        return {};
      },

      UpdateRecoveryPointLifecycle: async (input, ctx) => {
        const lifecycle = input.Lifecycle ?? {};
        validateLifecycle(lifecycle);
        return this.deps.store.atomically(async () => {
          const p = await this.require(ctx, input.BackupVaultName!, input.RecoveryPointArn!);
          if (p.parentRecoveryPointArn) this.composite.refuseChildLifecycle(p);
          if (p.status === 'CREATING') {
            // Stricter reading: children still to come would miss the new lifecycle.
            throw invalidRequest(`Composite recovery point ${p.arn} is still being created by job ${p.createdByJobId}; update its lifecycle once the job has ended.`);
          }
          if (lifecycle.MoveToColdStorageAfterDays !== undefined && !supportsColdStorage(p.resourceType)) {
            throw invalidParameter(`Recovery points of resource type ${p.resourceType} cannot move to cold storage; remove MoveToColdStorageAfterDays.`);
          }
          if (p.storageClass === 'COLD' && lifecycle.MoveToColdStorageAfterDays !== p.lifecycle?.MoveToColdStorageAfterDays) {
            throw invalidParameter(
              `Recovery point ${p.arn} is already in cold storage; MoveToColdStorageAfterDays cannot be changed after the transition (it is ${p.lifecycle?.MoveToColdStorageAfterDays}).`,
            );
          }
          const vault = await this.vaults.requireVault(ctx, p.vaultName);
          assertLockAllowsUpdate(vault, p.arn, p.lifecycle, lifecycle);
          p.lifecycle = lifecycle;
          if (p.status === 'EXPIRED') {
            p.status = 'COMPLETED';
            p.statusMessage = undefined;
          }
          if (p.isParent) {
            // Lifecycle applies to the whole composite.
            const present = await this.composite.updateChildrenLifecycle(p, lifecycle);
            if (p.status === 'COMPLETED' && present < (p.expectedChildren ?? 0)) p.status = 'PARTIAL';
          }
          p.lifecycleDue = nextLifecycleDue(p);
          await this.points.update([p]);
          const at = ctx.now.getTime();
          const notify = (scope: Scope, name: string) => this.vaults.vaults.get(scope, name).then((v) => v?.notifications);
          await this.deps.events.emit([pointChange(p, 'LIFECYCLE', at), ...(await pointModifiedNotification(p, at, notify))]);
          return { BackupVaultArn: p.vaultArn, RecoveryPointArn: p.arn, Lifecycle: p.lifecycle, CalculatedLifecycle: calculatedLifecycleOutput(p) };
        });
      },

      GetRecoveryPointRestoreMetadata: async (input, ctx) => {
        const p = await this.require(scopeOf(ctx, input.BackupVaultAccountId), input.BackupVaultName!, input.RecoveryPointArn!);
        return { BackupVaultArn: p.vaultArn, RecoveryPointArn: p.arn, RestoreMetadata: p.restoreMetadata, ResourceType: p.resourceType };
      },
    };
  }
}
