/**
 * Legal holds: CreateLegalHold, GetLegalHold, ListLegalHolds, CancelLegalHold and
 * ListRecoveryPointsByLegalHold. A hold is CREATING until the engine attaches the recovery
 * points it covers (then ACTIVE); a cancelled hold is CANCELING until the engine has released
 * its points (then CANCELED), and its record goes once RetainRecordUntil has passed. While a
 * hold is CREATING or ACTIVE, the guard registered on deps.removalGuards protects its points.
 */
import { randomUUID } from 'node:crypto';
import type { GetLegalHoldOutput, RecoveryPointSelection } from '@aws-sdk/client-backup';
import { invalidParameter, invalidState, limitExceeded, notFound } from '../../protocol/errors.js';
import type { LegalHoldRecord, LegalHoldStatus, LegalHoldStore } from '../../store/repos/legal-hold-store.js';
import type { Scope } from '../../store/types.js';
import { backupArn } from '../common/arn.js';
import type { ServiceDeps } from '../deps.js';
import { pageBySeq, pageSize } from '../pagination.js';
import type { RecoveryPointQuery } from '../recovery-points/contract.js';
import type { Handlers } from '../registry.js';
import { HoldCoverage } from './coverage.js';
import { legalHoldGuard } from './guard.js';
import { requestFingerprint, validateCancel, validateCreate } from './validation.js';
import { LegalHoldWorker } from './worker.js';
import { optionalDate as date } from '../common/time.js';

/**
 * AWS: "Legal holds per account: 50, not adjustable". Unlike its other quotas, AWS does not say
 * "per Region", so (stricter reading) the 50 count across all Regions of the account, and a
 * CANCELING hold still counts until it is CANCELED.
 */
export const MAX_LIVE_HOLDS_PER_ACCOUNT = 50;
const LIVE: LegalHoldStatus[] = ['CREATING', 'ACTIVE', 'CANCELING'];

export class LegalHoldService {
  readonly holds: LegalHoldStore;
  readonly coverage: HoldCoverage;
  readonly worker: LegalHoldWorker;

  constructor(
    private readonly deps: ServiceDeps,
    recoveryPoints: RecoveryPointQuery,
  ) {
    this.holds = deps.store.legalHolds;
    this.coverage = new HoldCoverage(deps.store, this.holds, recoveryPoints);
    this.worker = new LegalHoldWorker(deps.store, this.holds, this.coverage);
    deps.engine.register(this.worker);
    deps.removalGuards.register(legalHoldGuard(this.holds, recoveryPoints));
    deps.taggable.registerBackup('legal-hold', async (scope, arn, parsed) => {
      const hold = await this.visibleHold(scope, parsed.resource.slice('legal-hold:'.length), deps.clock.nowMs());
      return hold?.arn === arn;
    });
  }

  /** The hold, if its record is still retained at nowMs (the engine drops it right after). */
  private async visibleHold(scope: Scope, id: string, nowMs: number): Promise<LegalHoldRecord | undefined> {
    const hold = await this.holds.get(scope, id);
    return hold && (hold.retainRecordUntil === undefined || hold.retainRecordUntil > nowMs) ? hold : undefined;
  }

  private async requireHold(scope: Scope, id: string, nowMs: number): Promise<LegalHoldRecord> {
    const hold = await this.visibleHold(scope, id, nowMs);
    if (!hold) throw notFound(`Legal hold ${id} does not exist.`, { Type: 'User' });
    return hold;
  }

  handlers(): Handlers {
    return {
      CreateLegalHold: async (input, ctx) => {
        const now = ctx.now.getTime();
        const { title, description, selection } = validateCreate(input, now);
        const fingerprint = requestFingerprint(input, selection);
        const token = input.IdempotencyToken;
        const hold = await this.deps.store.atomically(async () => {
          if (token !== undefined) {
            const existing = await this.holds.byIdempotencyToken(ctx, token);
            if (existing) {
              // AWS: a retry with the same token succeeds with no action taken. A different
              // request reusing the token is refused (stricter reading).
              if (existing.requestFingerprint !== fingerprint) {
                throw invalidParameter(
                  `IdempotencyToken '${token}' was already used to create legal hold ${existing.id} with different parameters.`,
                );
              }
              return existing;
            }
          }
          const live = await this.holds.countInAccount(ctx.accountId, LIVE);
          if (live >= MAX_LIVE_HOLDS_PER_ACCOUNT) {
            throw limitExceeded(
              `Account ${ctx.accountId} already has ${live} legal holds (the limit is ${MAX_LIVE_HOLDS_PER_ACCOUNT} across all Regions, ` +
                `counting CREATING, ACTIVE and CANCELING holds). Cancel a legal hold first.`,
            );
          }
          const id = randomUUID();
          const record: LegalHoldRecord = {
            id,
            arn: backupArn(ctx, 'legal-hold', id),
            title,
            description,
            status: 'CREATING',
            creationDate: now,
            idempotencyToken: token,
            requestFingerprint: fingerprint,
            selection,
          };
          // Due at once: the engine attaches the covered recovery points at its next pass.
          await this.holds.insert(ctx, record, now);
          if (input.Tags && Object.keys(input.Tags).length > 0) await this.deps.store.tags.put(ctx, record.arn, input.Tags);
          return record;
        });
        return {
          Title: hold.title,
          Status: hold.status,
          Description: hold.description,
          LegalHoldId: hold.id,
          LegalHoldArn: hold.arn,
          CreationDate: new Date(hold.creationDate),
          RecoveryPointSelection: selectionOutput(hold),
        };
      },

      GetLegalHold: async (input, ctx) => {
        const hold = await this.requireHold(ctx, input.LegalHoldId!, ctx.now.getTime());
        return describe(hold);
      },

      ListLegalHolds: async (input, ctx) => {
        const limit = pageSize(input.MaxResults);
        const now = ctx.now.getTime();
        const page = await pageBySeq(this.deps.tokens, 'ListLegalHolds', input.NextToken, limit, (after, batch) =>
          this.holds.list(ctx, { afterSeq: after, limit: batch, visibleAt: now }),
        );
        return {
          LegalHolds: page.items.map((h) => ({
            Title: h.title,
            Status: h.status,
            Description: h.description,
            LegalHoldId: h.id,
            LegalHoldArn: h.arn,
            CreationDate: new Date(h.creationDate),
            CancellationDate: date(h.cancellationDate),
          })),
          NextToken: page.nextToken,
        };
      },

      CancelLegalHold: async (input, ctx) => {
        const now = ctx.now.getTime();
        const id = input.LegalHoldId!;
        const { cancelDescription, retainRecordUntil } = validateCancel(input.CancelDescription, input.RetainRecordInDays, now);
        await this.deps.store.atomically(async () => {
          const hold = await this.requireHold(ctx, id, now);
          if (hold.status === 'CANCELING' || hold.status === 'CANCELED') {
            throw invalidState(`Legal hold ${id} is already ${hold.status}; it cannot be cancelled again.`);
          }
          // Protection ends now; the engine releases the points (CANCELING -> CANCELED) at once.
          await this.holds.deactivate(id);
          await this.holds.update(
            ctx,
            { ...hold, status: 'CANCELING', cancellationDate: now, cancelDescription, retainRecordUntil },
            now,
          );
        });
        return {};
      },

      ListRecoveryPointsByLegalHold: async (input, ctx) => {
        const id = input.LegalHoldId!;
        const limit = pageSize(input.MaxResults);
        if (!(await this.visibleHold(ctx, id, ctx.now.getTime()))) {
          // The model lists no ResourceNotFoundException for this operation; use one it lists.
          throw invalidParameter(`Legal hold ${id} does not exist.`);
        }
        const fingerprint = `ListRecoveryPointsByLegalHold:${id}`;
        const after = this.deps.tokens.decode<number>(fingerprint, input.NextToken);
        const rows = await this.holds.points(id, typeof after === 'number' ? after : 0, limit + 1);
        const items = rows.slice(0, limit);
        return {
          RecoveryPoints: items.map((p) => ({
            RecoveryPointArn: p.pointArn,
            ResourceArn: p.resourceArn,
            ResourceType: p.resourceType,
            BackupVaultName: p.vaultName,
          })),
          NextToken: rows.length > limit ? this.deps.tokens.encode(fingerprint, items[items.length - 1]!.position) : undefined,
        };
      },
    };
  }
}

function selectionOutput(hold: LegalHoldRecord): RecoveryPointSelection | undefined {
  const sel = hold.selection;
  if (!sel) return undefined;
  return {
    VaultNames: sel.vaultNames,
    ResourceIdentifiers: sel.resourceIdentifiers,
    DateRange: sel.dateRange ? { FromDate: new Date(sel.dateRange.fromDate), ToDate: new Date(sel.dateRange.toDate) } : undefined,
  };
}

function describe(hold: LegalHoldRecord): GetLegalHoldOutput {
  return {
    Title: hold.title,
    Status: hold.status,
    Description: hold.description,
    CancelDescription: hold.cancelDescription,
    LegalHoldId: hold.id,
    LegalHoldArn: hold.arn,
    CreationDate: new Date(hold.creationDate),
    CancellationDate: date(hold.cancellationDate),
    RetainRecordUntil: date(hold.retainRecordUntil),
    RecoveryPointSelection: selectionOutput(hold),
  };
}
