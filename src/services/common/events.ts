/**
 * The events port: how a domain says that something AWS Backup reports happened. A domain calls
 * `events.emit` inside the transaction (store.atomically) that commits the change, so the event
 * exists exactly when the change does; delivery happens after commit (services/events/,
 * docs/events.md). Each domain builds its own events with the helpers below; none imports another
 * domain to emit.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../../store/types.js';

/** An EventBridge event as AWS Backup writes it (source aws.backup, to the account's default bus). */
export interface BackupEventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: 'aws.backup';
  account: string;
  /** The business instant of the transition, to the second, as AWS writes it (2020-07-15T21:41:17Z). */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** What AWS Backup publishes to a vault's SNS topic. */
export interface VaultNotification {
  topicArn: string;
  /** The BackupVaultEvents value that selected it (BACKUP_JOB_COMPLETED, ...). */
  event: string;
  subject: string;
  message: string;
  /** String message attributes (EventType, State, AccountId, Id, StartTime, ...). */
  attributes: Record<string, string>;
}

/** One thing to emit: an EventBridge event, or an SNS notification. */
export type Emitted =
  | { channel: 'eventbridge'; event: BackupEventEnvelope; orderKey: string; related: string[]; at: number }
  | { channel: 'sns'; scope: Scope; notification: VaultNotification; orderKey: string; related: string[]; at: number };

export interface EventPort {
  /** Records events in the caller's transaction; delivered once it commits. */
  emit(events: Emitted[]): Promise<void>;
}

/** 2020-07-15T21:41:17Z: the envelope's `time` (seconds). */
export const envelopeTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** An ISO instant with milliseconds, as the detail's dates are written (2020-07-15T21:40:31.207Z). */
export const detailDate = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Detail members without the undefined ones (JSON drops them anyway; the log shows what is sent). */
export function compact(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * An EventBridge event of detail type `detailType` about `orderKey` (the resource whose events
 * keep their order), at business instant `at`. `related`: ARNs and ids the log's `resource`
 * filter finds it by, besides `resources`.
 */
export function eventBridgeEvent(
  scope: Scope,
  detailType: string,
  at: number,
  resources: string[],
  detail: Record<string, unknown>,
  orderKey: string,
  related: string[] = [],
): Emitted {
  return {
    channel: 'eventbridge',
    event: {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source: 'aws.backup',
      account: scope.accountId,
      time: envelopeTime(at),
      region: scope.region,
      resources,
      detail: compact(detail),
    },
    orderKey,
    related: [...new Set([orderKey, ...resources, ...related])],
    at,
  };
}

/** AWS Backup's subject for every vault notification. */
export const NOTIFICATION_SUBJECT = 'Notification from AWS Backup';
