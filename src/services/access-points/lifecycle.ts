/**
 * A backup access point on the clock: CREATING for CREATING_SECONDS, then AVAILABLE with its S3
 * access point's ARN and alias in AccessPointMetadata; after DeleteBackupAccessPoint, DELETING for
 * DELETING_SECONDS, then gone, its name kept from reuse for NAME_REUSE_SECONDS (AWS: "wait for
 * sometime before you attempt to create a new backup access point with the same name ...
 * returns a ConflictException"). AWS documents none of the durations; Holdfast's are short so
 * that a client on a running clock sees each status without waiting long (docs/access-points.md).
 *
 * An access point of another account (reached through a restore access backup vault) whose access
 * is revoked is DISASSOCIATING for DISASSOCIATING_SECONDS, then DISASSOCIATED (revocation.ts). A
 * fault injected through the admin API (faults.ts) turns a create or a delete FAILED when it ends.
 *
 * When the last access point protecting a recovery point is gone or DISASSOCIATED, the point's
 * lifecycle resumes at once (RecoveryPointQuery.onHoldsReleased: a deletion it refused is retried
 * at this instant).
 */
import { createHash } from 'node:crypto';
import type { Worker } from '../../engine/engine.js';
import type { AccessPointRecord, AccessPointStatus, AccessPointStore } from '../../store/repos/access-points-store.js';
import type { Scope } from '../../store/types.js';
import type { ServiceDeps } from '../deps.js';
import type { RecoveryPointQuery } from '../recovery-points/contract.js';

export const CREATING_SECONDS = 10;
export const DELETING_SECONDS = 10;
/** How long a revoked access point is DISASSOCIATING before it is DISASSOCIATED. */
export const DISASSOCIATING_SECONDS = 10;
export const NAME_REUSE_SECONDS = 300;

/**
 * Statuses in which an access point keeps its recovery point from deletion and lifecycle. AWS:
 * an EXPIRED one keeps the protection "until you delete the orphaned backup access point"; a
 * DISASSOCIATED one does not ("Lifecycle protection ... is removed if the recovery point has no
 * more associated access points"). Stricter reading for the rest: protected from the moment the
 * create call is accepted (CREATING) until the access point is gone (DELETING included).
 */
export const UNPROTECTING: readonly AccessPointStatus[] = ['DISASSOCIATED'];

const BATCH = 200;
/** An S3 alias is a bucket name: at most 63 characters, `-ext-s3alias` at the end for backup access points. */
const ALIAS_SUFFIX = '-ext-s3alias';
const ALIAS_RANDOM = 10;

/** The ARN of the S3 access point behind a backup access point (same name, account and Region). */
export const s3AccessPointArn = (scope: Scope, name: string): string => `arn:aws:s3:${scope.region}:${scope.accountId}:accesspoint/${name}`;

/** What AccessPointMetadata says once the S3 access point exists. */
export function s3AccessPoint(r: AccessPointRecord): Record<string, string> {
  const random = createHash('sha256').update(`${r.arn}@${r.creationTime}`).digest('hex').slice(0, ALIAS_RANDOM);
  const prefix = r.name.slice(0, 63 - ALIAS_SUFFIX.length - 1 - ALIAS_RANDOM);
  return {
    S3AccessPointArn: s3AccessPointArn(r, r.name),
    S3AccessPointAlias: `${prefix}-${random}${ALIAS_SUFFIX}`,
  };
}

export class AccessPointWorker implements Worker {
  readonly name = 'backup-access-points';
  /** Store reads and writes only: the engine may group its commits. */
  readonly groupCommit = true;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly store: AccessPointStore,
    private readonly recoveryPoints: Pick<RecoveryPointQuery, 'onHoldsReleased'>,
  ) {}

  nextDue(): Promise<number | undefined> {
    return this.store.nextDue();
  }

  async run(nowMs: number): Promise<void> {
    for (;;) {
      const due = await this.store.due(nowMs, BATCH);
      await this.deps.store.atomically(async () => {
        for (const { record } of due) await this.step(record, nowMs);
      });
      if (due.length < BATCH) return;
    }
  }

  private async step(r: AccessPointRecord, nowMs: number): Promise<void> {
    if (r.deletedAt !== undefined) {
      await this.store.purge(r.arn);
      return;
    }
    const { fault, ...rest } = r;
    if (r.status === 'CREATING') {
      if (fault === 'CREATE_FAILS') {
        await this.store.update({ ...rest, status: 'FAILED', statusMessage: `Creation failed: Amazon S3 could not create access point ${r.name} (a fault injected through /_holdfast/access-points/faults). Delete this backup access point; it still protects its recovery point.` }, null);
      } else {
        await this.store.update({ ...rest, status: 'AVAILABLE', metadata: { ...r.metadata, ...s3AccessPoint(r) } }, null);
      }
      return;
    }
    if (r.status === 'DISASSOCIATING') {
      await this.store.update({ ...r, status: 'DISASSOCIATED' }, null);
      await this.releaseIfUnprotected(r);
      return;
    }
    if (r.status !== 'DELETING') return;
    if (fault === 'DELETE_FAILS') {
      await this.store.update({ ...rest, status: 'FAILED', statusMessage: `Deletion failed: Amazon S3 could not delete access point ${r.name} (a fault injected through /_holdfast/access-points/faults). Call DeleteBackupAccessPoint again.` }, null);
      return;
    }
    await this.store.update({ ...r, deletedAt: nowMs }, nowMs + NAME_REUSE_SECONDS * 1000);
    await this.deps.store.tags.delete(r.arn);
    await this.releaseIfUnprotected(r);
  }

  /** The recovery point's lifecycle resumes at once when no access point protects it any more. */
  private async releaseIfUnprotected(r: AccessPointRecord): Promise<void> {
    if ((await this.store.onRecoveryPoint(r.recoveryPointArn, UNPROTECTING)).length === 0) {
      await this.recoveryPoints.onHoldsReleased?.(r, [r.recoveryPointArn]);
    }
  }
}
