/**
 * Recovery Point Index State Change events and the RECOVERY_POINT_INDEX_COMPLETED / _DELETED /
 * RECOVERY_POINT_INDEXING_FAILED notifications (docs/events.md), with the developer guide's members and messages.
 */
import type { PointIndexesStore } from '../../store/repos/recovery-point-indexes-store.js';
import type { Scope } from '../../store/types.js';
import { detailDate, eventBridgeEvent, NOTIFICATION_SUBJECT, type Emitted, type EventPort } from '../common/events.js';
import type { PointsRemovedHook } from '../common/point-hooks.js';
import type { PointIndexRecord } from './index-record.js';

/** A vault's notification settings (the composition root answers from the vaults domain). */
export type IndexNotificationsOf = (scope: Scope, vaultName: string) => Promise<{ topicArn: string; events: string[] } | undefined>;

const MESSAGE = {
  ACTIVE: 'An AWS Backup recovery point index was successfully completed.',
  DELETED: 'An AWS Backup recovery point index was deleted.',
  FAILED: 'An AWS Backup recovery point index failed to create.',
} as const;

const NOTIFICATION = {
  ACTIVE: { event: 'RECOVERY_POINT_INDEX_COMPLETED', type: 'RECOVERY_POINT_INDEXING_COMPLETED', message: 'An AWS Backup backup index job was completed.' },
  DELETED: { event: 'RECOVERY_POINT_INDEX_DELETED', type: 'RECOVERY_POINT_INDEX_DELETED', message: 'An AWS Backup backup index was deleted.' },
  FAILED: { event: 'RECOVERY_POINT_INDEXING_FAILED', type: 'RECOVERY_POINT_INDEXING_FAILED', message: 'An AWS Backup backup index job failed.' },
} as const;

export async function indexEvents(i: PointIndexRecord, status: keyof typeof MESSAGE, at: number, notificationsOf: IndexNotificationsOf): Promise<Emitted[]> {
  const detail = {
    recoveryPointArn: i.arn,
    accountId: i.accountId,
    indexStatus: status,
    iamRoleArn: i.iamRoleArn,
    resourceType: i.resourceType,
    backupVaultArn: i.vaultArn,
    indexCreationTime: detailDate(i.indexCreationDate),
    isIndexingContinuous: false,
    sourceResourceArn: i.sourceResourceArn,
    backupCreationTime: detailDate(i.backupCreationDate),
    // A failed index says why, as GetRecoveryPointIndexDetails's IndexStatusMessage does (Holdfast's choice: no AWS sample).
    indexStatusMessage: `${MESSAGE[status]} Indexed recovery point arn : ${i.arn}${status === 'FAILED' ? `. ${i.statusMessage}` : ''}`,
    indexCompletionTime: status === 'ACTIVE' ? detailDate(at) : undefined,
    indexDeletionTime: status === 'DELETED' ? detailDate(at) : undefined,
  };
  const out = [eventBridgeEvent(i, 'Recovery Point Index State Change', at, [i.arn], detail, `index:${i.arn}`, [i.arn, i.sourceResourceArn])];
  const settings = await notificationsOf(i, i.vaultName);
  const n = NOTIFICATION[status];
  if (settings?.events.includes(n.event)) {
    out.push({
      channel: 'sns',
      scope: { accountId: i.accountId, region: i.region },
      notification: {
        topicArn: settings.topicArn,
        event: n.event,
        subject: NOTIFICATION_SUBJECT,
        message: `${n.message} Indexed recovery point arn: ${i.arn}${status === 'FAILED' ? `. Status message: ${i.statusMessage}` : ''}`,
        attributes: { EventType: n.type, AccountId: i.accountId, IndexStatus: status, IsIndexingContinuous: 'false', RecoveryPointArn: i.arn },
      },
      orderKey: `index:${i.arn}`,
      related: [i.arn, i.sourceResourceArn],
      at,
    });
  }
  return out;
}

/**
 * The indexes' PointsRemovedHook: a deleted recovery point (DeleteRecoveryPoint, its lifecycle,
 * Disassociate, a composite's deletion) takes its index along (ON DELETE CASCADE), and AWS reports
 * that index DELETED (with RECOVERY_POINT_INDEX_DELETED) as it does for DeleteRecoveryPointIndex.
 */
export function announceIndexesOfRemovedPoints(indexes: PointIndexesStore, events: EventPort, nowMs: () => number, notificationsOf: IndexNotificationsOf): PointsRemovedHook {
  return async (points) => {
    const gone = await indexes.getMany<PointIndexRecord>(points.map((p) => p.arn));
    const at = nowMs();
    const out: Emitted[] = [];
    for (const i of gone) out.push(...(await indexEvents(i, 'DELETED', at, notificationsOf)));
    await events.emit(out);
  };
}
