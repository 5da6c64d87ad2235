/**
 * Backup access points: CreateBackupAccessPoint, DescribeBackupAccessPoint,
 * DeleteBackupAccessPoint and the three lists. The rules are AWS's where its documentation states
 * them and the stricter reading where it is silent; docs/access-points.md lists both, with sources.
 * Statuses change on the clock (lifecycle.ts); the recovery point is protected by guard.ts.
 */
import { createHash } from 'node:crypto';
import { alreadyExists, conflict, invalidParameter, invalidRequest, limitExceeded, notFound } from '../../protocol/errors.js';
import type { OperationTypes } from '../../protocol/generated/model-types.js';
import type { AccessPointRecord, AccessPointStore } from '../../store/repos/access-points-store.js';
import type { DocRow, Scope } from '../../store/types.js';
import { parseArn } from '../common/arn.js';
import { validateTags } from '../common/tags.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { RecoveryPointRecord } from '../common/recovery-point-record.js';
import type { RecoveryPointService } from '../recovery-points/recovery-point-service.js';
import type { Handlers } from '../registry.js';
import { CREATING_SECONDS, DELETING_SECONDS, NAME_REUSE_SECONDS, s3AccessPointArn } from './lifecycle.js';
import { validateMetadata, validateName, validatePolicy } from './validation.js';

/** "Each account can have up to 5 backup access points per recovery point, regardless of their status." */
export const MAX_PER_RECOVERY_POINT = 5;
/**
 * Backup access point names share the S3 access point namespace, and S3 allows "a maximum of
 * 10,000 access points per AWS account per Region" (S3 user guide, access point restrictions).
 */
export const MAX_PER_ACCOUNT_REGION = 10_000;
/** The model's MaxResults range of the three lists. */
const MAX_PAGE = 100;
/** "The recovery point must be an Amazon S3 recovery point in the AVAILABLE, STOPPED, or COMPLETED state." */
const USABLE = new Set(['AVAILABLE', 'STOPPED', 'COMPLETED']);

/** A list member, typed through the operation map (botocore's types today, the SDK's once it has them). */
type AccessPointMember = NonNullable<OperationTypes['ListBackupAccessPoints']['output']['BackupAccessPoints']>[number];

export const accessPointArn = (scope: Scope, name: string): string => `arn:aws:backup:${scope.region}:${scope.accountId}:accesspoint/${name}`;

const inScope = (r: AccessPointRecord | undefined, scope: Scope): r is AccessPointRecord =>
  r !== undefined && r.deletedAt === undefined && r.accountId === scope.accountId && r.region === scope.region;

function fingerprint(pointArn: string, metadata: Record<string, string> | undefined, policy: string | undefined, tags: Record<string, string> | undefined): string {
  const sorted = (m: Record<string, string> | undefined) => Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([pointArn, sorted(metadata), policy ?? null, sorted(tags)])).digest('base64url');
}

export function memberOf(r: AccessPointRecord): AccessPointMember {
  return {
    AccessPointArn: r.arn,
    AccessPointMetadata: r.metadata,
    BackupVaultArn: r.vaultArn,
    BackupVaultName: r.vaultName,
    CreationTime: new Date(r.creationTime),
    Name: r.name,
    RecoveryPointArn: r.recoveryPointArn,
    ResourceArn: r.resourceArn,
    ResourceType: r.resourceType,
    Status: r.status,
    StatusMessage: r.statusMessage,
  };
}

export class AccessPointService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly store: AccessPointStore,
    private readonly recoveryPoints: RecoveryPointService,
  ) {}

  /** The live access point of that ARN in the caller's account and Region, or ResourceNotFoundException. */
  async require(scope: Scope, arn: string): Promise<AccessPointRecord> {
    const r = await this.store.get(arn);
    if (!inScope(r, scope)) throw notFound(`Backup access point ${arn} was not found.`, { Type: 'User' });
    return r;
  }

  /** Whether the caller's account and Region have a live access point of that ARN (the taggable registry asks). */
  async exists(scope: Scope, arn: string): Promise<boolean> {
    return inScope(await this.store.get(arn), scope);
  }

  /**
   * The recovery point an access point is asked for: an S3 point, usable, that the caller owns or
   * reaches through one of its AVAILABLE restore access backup vaults (the point's vault is that
   * vault's source; `via` names it). Holdfast has no RAM sharing (docs/access-points.md).
   */
  private async usablePoint(scope: Scope, arn: string): Promise<{ point: RecoveryPointRecord; via?: string }> {
    if (!parseArn(arn)) throw invalidParameter(`RecoveryPointArn '${arn}' is not an ARN; give the ARN of an Amazon S3 recovery point.`);
    const p = await this.recoveryPoints.points.get<RecoveryPointRecord>(arn);
    const own = p !== undefined && p.accountId === scope.accountId && p.region === scope.region;
    const via = p && !own && p.region === scope.region ? await this.restoreAccessVaultOver(scope, p) : undefined;
    if (!p || (!own && via === undefined)) {
      throw notFound(`Recovery point ${arn} was not found.`, { Type: 'User' });
    }
    if (p.resourceType !== 'S3') {
      throw invalidParameter(`Recovery point ${arn} backs up a resource of type ${p.resourceType}; backup access points are supported for Amazon S3 recovery points only.`);
    }
    if (!USABLE.has(p.status)) {
      throw invalidParameter(`Recovery point ${arn} is ${p.status}; a backup access point needs a recovery point in the AVAILABLE, STOPPED or COMPLETED state.`);
    }
    return { point: p, via };
  }

  /** The ARN of the caller's oldest AVAILABLE restore access backup vault whose source holds the point, if any. */
  private async restoreAccessVaultOver(scope: Scope, p: RecoveryPointRecord): Promise<string | undefined> {
    const source = { accountId: p.accountId, region: p.region };
    for (let after = 0; ; ) {
      const rows = await this.deps.store.restoreAccess.listBySource(source, p.vaultName, after, MAX_PAGE);
      const link = rows.find(({ doc }) => doc.accountId === scope.accountId && doc.region === scope.region && doc.vaultState === 'AVAILABLE');
      if (link) return link.doc.arn;
      if (rows.length < MAX_PAGE) return undefined;
      after = rows[rows.length - 1]!.seq;
    }
  }

  private async page(operation: string, filter: unknown, input: { NextToken?: string; MaxResults?: number }, fetch: (after: number, n: number) => Promise<DocRow<AccessPointRecord>[]>) {
    const limit = pageSize(input.MaxResults, 'MaxResults', MAX_PAGE);
    const page = await pageBySeq(this.deps.tokens, `${operation}:${JSON.stringify(filter)}`, input.NextToken, limit, fetch);
    return { BackupAccessPoints: page.items.map(memberOf), NextToken: page.nextToken };
  }

  handlers(): Handlers {
    return {
      CreateBackupAccessPoint: async (input, ctx) => {
        const name = input.Name!;
        validateName(name);
        validatePolicy(input.AccessPointPolicy, s3AccessPointArn(ctx, name));
        if (input.Tags) validateTags(input.Tags);
        const requested = fingerprint(input.RecoveryPointArn!, input.AccessPointMetadata, input.AccessPointPolicy, input.Tags);
        const nowMs = ctx.now.getTime();
        return this.deps.store.atomically(async () => {
          const arn = accessPointArn(ctx, name);
          const existing = await this.store.get(arn);
          if (existing?.deletedAt !== undefined) {
            throw conflict(`The name ${name} belonged to a backup access point deleted recently; it can be used again after ${new Date(existing.deletedAt + NAME_REUSE_SECONDS * 1000).toISOString()}. Choose another name or wait.`);
          }
          if (existing) {
            // The operation is idempotent: the same request again answers the same access point.
            if (existing.requestFingerprint === requested && existing.status !== 'DELETING') return { AccessPointArn: arn, Status: existing.status };
            throw alreadyExists(`A backup access point named ${name} already exists in this account and Region (${existing.status}).`, { Arn: arn });
          }
          const { point, via } = await this.usablePoint(ctx, input.RecoveryPointArn!);
          const metadata = validateMetadata(input.AccessPointMetadata, point, nowMs);
          const inRegion = await this.store.countInScope(ctx);
          if (inRegion >= MAX_PER_ACCOUNT_REGION) {
            throw limitExceeded(`This account has ${inRegion} access points in ${ctx.region}, the most Amazon S3 allows per account and Region. Delete one first.`);
          }
          const count = await this.store.countForRecoveryPoint(ctx.accountId, point.arn);
          if (count >= MAX_PER_RECOVERY_POINT) {
            throw limitExceeded(
              `Recovery point ${point.arn} already has ${count} backup access points, the most an account can have per recovery point, whatever their status. Delete one (FAILED and EXPIRED ones count too).`,
            );
          }
          const record: AccessPointRecord = {
            accountId: ctx.accountId,
            region: ctx.region,
            arn,
            name,
            recoveryPointArn: point.arn,
            resourceArn: point.resourceArn,
            resourceType: point.resourceType,
            vaultName: point.vaultName,
            vaultArn: point.vaultArn,
            status: 'CREATING',
            creationTime: nowMs,
            metadata,
            policy: input.AccessPointPolicy,
            requestFingerprint: requested,
            viaVaultArn: via,
          };
          await this.store.insert(record, nowMs + CREATING_SECONDS * 1000);
          if (input.Tags && Object.keys(input.Tags).length > 0) await this.deps.store.tags.put(ctx, arn, input.Tags);
          return { AccessPointArn: arn, Status: record.status };
        });
      },

      DescribeBackupAccessPoint: async (input, ctx) => memberOf(await this.require(ctx, input.AccessPointArn!)),

      DeleteBackupAccessPoint: async (input, ctx) =>
        this.deps.store.atomically(async () => {
          const r = await this.require(ctx, input.AccessPointArn!);
          // Idempotent: deleting an access point that is being deleted succeeds again.
          if (r.status === 'DELETING') return {};
          if (r.status === 'CREATING' || r.status === 'DISASSOCIATING') {
            // AWS is silent; stricter reading: its S3 access point is still being provisioned, or revoked.
            const next = r.status === 'CREATING' ? 'AVAILABLE or FAILED' : 'DISASSOCIATED';
            throw invalidRequest(`Backup access point ${r.arn} is ${r.status}; delete it once DescribeBackupAccessPoint says ${next}.`);
          }
          await this.store.update({ ...r, status: 'DELETING', statusMessage: undefined }, ctx.now.getTime() + DELETING_SECONDS * 1000);
          return {};
        }),

      ListBackupAccessPoints: async (input, ctx) => {
        const filter = { accountId: ctx.accountId, region: ctx.region };
        return this.page('ListBackupAccessPoints', filter, input, (after, n) => this.store.list(ctx, after, n));
      },

      ListBackupAccessPointsByRecoveryPoint: async (input, ctx) => {
        const pointArn = input.RecoveryPointArn!;
        // "If you own the recovery point ..., the response includes backup access points created by
        // those accounts": the owner sees every account's, anyone else only their own.
        const point = await this.recoveryPoints.points.get<RecoveryPointRecord>(pointArn);
        const owner = point !== undefined && point.accountId === ctx.accountId && point.region === ctx.region;
        const accountId = owner ? undefined : ctx.accountId;
        return this.page('ListBackupAccessPointsByRecoveryPoint', { pointArn, accountId }, input, (after, n) =>
          this.store.listByRecoveryPoint(pointArn, accountId, after, n),
        );
      },

      ListBackupAccessPointsByResource: async (input, ctx) => {
        const resourceArn = input.ResourceArn!;
        const filter = { accountId: ctx.accountId, region: ctx.region, resourceArn };
        return this.page('ListBackupAccessPointsByResource', filter, input, (after, n) => this.store.listByResource(ctx, resourceArn, after, n));
      },
    };
  }
}
