/**
 * Recovery Point State Change and Recovery Point Change events, and RECOVERY_POINT_MODIFIED
 * notifications (docs/events.md). The recovery point store is wrapped: inserts announce the new
 * status (COMPLETED, PARTIAL, CREATING), updates announce a status or storage-class change the
 * record has not announced yet (`eventStatus`, `eventStorageClass`); RecoveryPointService.remove
 * announces DELETING. All in the transaction of the write.
 *
 * AWS gives a sample of the State Change only; the Recovery Point Change detail (a move to cold
 * storage, a lifecycle update) is Holdfast's choice: the State Change's members plus
 * `previousStorageClass` and `changeType` (STORAGE_CLASS or LIFECYCLE).
 */
import type { RecoveryPointsStore } from '../../store/repos/recovery-points-store.js';
import type { Scope } from '../../store/types.js';
import { compact, detailDate, eventBridgeEvent, NOTIFICATION_SUBJECT, type Emitted, type EventPort } from '../common/events.js';
import type { VaultNotifications } from '../vaults/vault-record.js';
import { calculatedLifecycle, type RecoveryPointRecord } from '../common/recovery-point-record.js';
import { overriding } from '../common/overriding.js';

/** What a point's events remember of what they announced (kept in the record). */
interface Announced {
  eventStatus?: string;
  eventStorageClass?: string;
}

type Point = RecoveryPointRecord & Announced;

export type PointNotificationsOf = (scope: Scope, vaultName: string) => Promise<VaultNotifications | undefined>;

function pointDetail(p: RecoveryPointRecord): Record<string, unknown> {
  const { deleteAt, coldAt } = calculatedLifecycle(p);
  const c = p.createdBy;
  return {
    backupVaultName: p.vaultName,
    backupVaultArn: p.vaultArn,
    creationDate: detailDate(p.creationDate),
    iamRoleArn: p.iamRoleArn,
    resourceType: p.resourceType,
    resourceArn: p.resourceArn,
    status: p.status,
    statusMessage: p.statusMessage,
    // AWS writes it as a string ("isEncrypted": "false").
    isEncrypted: String(p.isEncrypted !== false),
    storageClass: p.storageClass,
    completionDate: p.status === 'CREATING' ? undefined : detailDate(p.completionDate),
    createdBy: c?.BackupPlanId
      ? { backupPlanId: c.BackupPlanId, backupPlanArn: c.BackupPlanArn, backupPlanVersion: c.BackupPlanVersion, backupPlanRuleId: c.BackupRuleId }
      : undefined,
    lifecycle: p.lifecycle && compact({ deleteAfterDays: p.lifecycle.DeleteAfterDays, moveToColdStorageAfterDays: p.lifecycle.MoveToColdStorageAfterDays }),
    calculatedLifeCycle: deleteAt !== undefined || coldAt !== undefined ? compact({ deleteAt: detailDate(deleteAt), moveToColdStorageAt: detailDate(coldAt) }) : undefined,
  };
}

export function pointStateChange(p: RecoveryPointRecord, status: string, at: number): Emitted {
  return eventBridgeEvent(p, 'Recovery Point State Change', at, [p.arn], { ...pointDetail(p), status }, p.arn, [p.resourceArn, p.vaultArn]);
}

export function pointChange(p: RecoveryPointRecord, changeType: 'STORAGE_CLASS' | 'LIFECYCLE', at: number, previousStorageClass?: string): Emitted {
  return eventBridgeEvent(p, 'Recovery Point Change', at, [p.arn], { ...pointDetail(p), changeType, previousStorageClass }, p.arn, [p.resourceArn, p.vaultArn]);
}

/** The point's transitions since it last announced one; marks them announced. */
function transitions(p: Point, at: number): Emitted[] {
  const out: Emitted[] = [];
  if (p.eventStatus !== p.status) {
    out.push(pointStateChange(p, p.status, at));
    p.eventStatus = p.status;
  }
  if (p.eventStorageClass !== undefined && p.eventStorageClass !== p.storageClass) out.push(pointChange(p, 'STORAGE_CLASS', at, p.eventStorageClass));
  p.eventStorageClass = p.storageClass;
  return out;
}

/** The recovery point store with its writes announced (see the file comment). */
export function withPointEvents(store: RecoveryPointsStore, port: EventPort, nowMs: () => number): RecoveryPointsStore {
  return overriding(store, {
    insert: async (points) => {
      await port.emit((points as Point[]).flatMap((p) => transitions(p, p.status === 'CREATING' ? p.creationDate : (p.completionDate ?? nowMs()))));
      await store.insert(points);
    },
    update: async (points) => {
      const at = nowMs();
      await port.emit((points as Point[]).flatMap((p) => transitions(p, at)));
      await store.update(points);
    },
  });
}

/** RECOVERY_POINT_MODIFIED, when the point's vault asks for it (its lifecycle was updated). */
export async function pointModifiedNotification(p: RecoveryPointRecord, at: number, notificationsOf: PointNotificationsOf): Promise<Emitted[]> {
  const settings = await notificationsOf(p, p.vaultName);
  if (!settings?.events.includes('RECOVERY_POINT_MODIFIED')) return [];
  return [
    {
      channel: 'sns',
      scope: { accountId: p.accountId, region: p.region },
      notification: {
        topicArn: settings.topicArn,
        event: 'RECOVERY_POINT_MODIFIED',
        subject: NOTIFICATION_SUBJECT,
        message: `An AWS Backup recovery point was modified. Recovery point ARN: ${p.arn}. Resource ARN : ${p.resourceArn}`,
        attributes: { EventType: 'RECOVERY_POINT', State: 'MODIFIED', AccountId: p.accountId, Id: p.arn, StartTime: new Date(p.creationDate).toISOString() },
      },
      orderKey: p.arn,
      related: [p.arn, p.resourceArn],
      at,
    },
  ];
}
