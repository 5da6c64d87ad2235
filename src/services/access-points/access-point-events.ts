/**
 * Backup access point events (docs/events.md): an EventBridge event of detail type "Backup Access
 * Point State Change" on every status an access point enters, and the ACCESS_POINT_* vault
 * notifications the model lists (to the SNS topic of the recovery point's vault, when its
 * BackupVaultEvents name them). AWS says it emits "EventBridge events, and Amazon SNS
 * notifications for backup access point status changes (creation, deletion, failure etc.)" but
 * publishes no sample: the detail (DescribeBackupAccessPoint's members, camel-cased as every
 * AWS Backup event's detail is) and the messages are Holdfast's choice.
 *
 * One hook, as for jobs and scan jobs: the domain's store is wrapped, so every insert and update
 * announces the status the record has not announced yet (`announced`), whichever code path
 * writes it; a record marked deleted announces DELETED.
 */
import type { AccessPointRecord, AccessPointStore } from '../../store/repos/access-points-store.js';
import type { Scope } from '../../store/types.js';
import { detailDate, eventBridgeEvent, NOTIFICATION_SUBJECT, type Emitted, type EventPort } from '../common/events.js';
import { overriding } from '../common/overriding.js';

export const ACCESS_POINT_DETAIL_TYPE = 'Backup Access Point State Change';

/** A vault's notification settings (the composer answers from the vaults domain). */
export type AccessPointNotificationsOf = (scope: Scope, vaultName: string) => Promise<{ topicArn: string; events: string[] } | undefined>;

/** The BackupVaultEvents value of each announced status, and its message. CREATING, DELETING and DISASSOCIATING have none in the model. */
const NOTIFICATION: Record<string, { event: string; message: string } | undefined> = {
  AVAILABLE: { event: 'ACCESS_POINT_AVAILABLE', message: 'An AWS Backup access point is available.' },
  CREATE_FAILED: { event: 'ACCESS_POINT_CREATION_FAILED', message: 'An AWS Backup access point failed to create.' },
  DELETED: { event: 'ACCESS_POINT_DELETED', message: 'An AWS Backup access point was deleted.' },
  DELETE_FAILED: { event: 'ACCESS_POINT_DELETION_FAILED', message: 'An AWS Backup access point failed to delete.' },
  EXPIRED: { event: 'ACCESS_POINT_EXPIRED', message: 'An AWS Backup access point expired.' },
  DISASSOCIATED: { event: 'ACCESS_POINT_DISASSOCIATED', message: 'An AWS Backup access point was disassociated.' },
};

/** What the record announces: its status, DELETED once gone. */
const statusOf = (r: AccessPointRecord): string => (r.deletedAt === undefined ? r.status : 'DELETED');

/** The vault (and its account) whose topic hears about the access point: the recovery point's. */
function vaultScope(r: AccessPointRecord): Scope & { vaultName: string } {
  const [, , , region, accountId] = r.vaultArn.split(':');
  return { accountId: accountId ?? r.accountId, region: region ?? r.region, vaultName: r.vaultName };
}

async function announce(r: AccessPointRecord, previous: string | undefined, at: number, notificationsOf: AccessPointNotificationsOf): Promise<Emitted[]> {
  const status = statusOf(r);
  const detail = {
    accessPointArn: r.arn,
    accessPointName: r.name,
    status,
    statusMessage: r.statusMessage,
    recoveryPointArn: r.recoveryPointArn,
    resourceArn: r.resourceArn,
    resourceType: r.resourceType,
    backupVaultName: r.vaultName,
    backupVaultArn: r.vaultArn,
    creationTime: detailDate(r.creationTime),
    s3AccessPointArn: r.metadata.S3AccessPointArn,
    s3AccessPointAlias: r.metadata.S3AccessPointAlias,
    accessPointInTime: r.metadata.AccessPointInTime,
  };
  const related = [r.recoveryPointArn, r.resourceArn];
  const out: Emitted[] = [eventBridgeEvent(r, ACCESS_POINT_DETAIL_TYPE, at, [r.arn, r.recoveryPointArn], detail, r.arn, related)];
  // FAILED says which operation failed through the status it left.
  const key = status === 'FAILED' ? (previous === 'DELETING' ? 'DELETE_FAILED' : 'CREATE_FAILED') : status;
  const n = NOTIFICATION[key];
  const vault = vaultScope(r);
  const settings = n && (await notificationsOf(vault, vault.vaultName));
  if (n && settings?.events.includes(n.event)) {
    out.push({
      channel: 'sns',
      scope: { accountId: vault.accountId, region: vault.region },
      notification: {
        topicArn: settings.topicArn,
        event: n.event,
        subject: NOTIFICATION_SUBJECT,
        message: `${n.message} Access point ARN: ${r.arn}. Recovery point ARN: ${r.recoveryPointArn}`,
        attributes: { EventType: 'ACCESS_POINT', State: status, AccountId: r.accountId, Id: r.arn, RecoveryPointArn: r.recoveryPointArn },
      },
      orderKey: r.arn,
      related,
      at,
    });
  }
  return out;
}

export function withAccessPointEvents(store: AccessPointStore, port: EventPort, notificationsOf: AccessPointNotificationsOf, nowMs: () => number): AccessPointStore {
  const emitFor = async (r: AccessPointRecord): Promise<void> => {
    const status = statusOf(r);
    if (r.announced === status) return;
    const previous = r.announced;
    r.announced = status;
    await port.emit(await announce(r, previous, nowMs(), notificationsOf));
  };
  return overriding(store, {
    insert: async (r, dueAt) => {
      await emitFor(r);
      await store.insert(r, dueAt);
    },
    update: async (r, dueAt) => {
      await emitFor(r);
      await store.update(r, dueAt);
    },
  });
}
