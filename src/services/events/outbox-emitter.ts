/**
 * The EventPort over the outbox: each emitted event becomes one outbox entry, in the caller's
 * transaction, addressed to the sinks configured for its channel (the log keeps every entry,
 * with or without sinks). After the append it wakes the delivery worker, whose read waits for
 * the transaction to commit.
 *
 * Retention: the log keeps the newest `logMaxEntries` entries; every min(logMaxEntries,
 * PRUNE_EVERY) appended entries, the older finished ones (delivered, or logged without a sink) are
 * removed in the appending transaction. Entries still to deliver are never removed.
 */
import type { NewOutboxEntry, OutboxSink, OutboxStore } from '../../store/repos/outbox-store.js';
import type { Emitted, EventPort } from '../common/events.js';
import type { SnsPayload } from './sinks.js';

/** The default event bus of an account and Region, where AWS Backup sends its events. */
export const defaultBusArn = (accountId: string, region: string): string => `arn:aws:events:${region}:${accountId}:event-bus/default`;

/** Entries appended between two prunes, at most (fewer when the log keeps fewer). */
const PRUNE_EVERY = 1000;

export class OutboxEmitter implements EventPort {
  private readonly eventSinks: OutboxSink[];
  private readonly snsSinks: OutboxSink[];
  private sinceLastPrune = 0;

  constructor(
    private readonly outbox: OutboxStore,
    configured: ReadonlySet<OutboxSink>,
    private readonly wake: () => void,
    private readonly logMaxEntries: number,
  ) {
    const webhook: OutboxSink[] = configured.has('webhook') ? ['webhook'] : [];
    this.eventSinks = [...(configured.has('eventbridge') ? (['eventbridge'] as const) : []), ...webhook];
    this.snsSinks = [...(configured.has('sns') ? (['sns'] as const) : []), ...webhook];
  }

  async emit(events: Emitted[]): Promise<void> {
    if (events.length === 0) return;
    await this.outbox.append(events.map((e) => this.entryOf(e)));
    this.sinceLastPrune += events.length;
    if (this.sinceLastPrune >= Math.min(this.logMaxEntries, PRUNE_EVERY)) {
      this.sinceLastPrune = 0;
      await this.outbox.prune(this.logMaxEntries);
    }
    if (this.eventSinks.length || this.snsSinks.length) this.wake();
  }

  private entryOf(e: Emitted): NewOutboxEntry {
    if (e.channel === 'eventbridge') {
      const ev = e.event;
      return {
        channel: 'eventbridge',
        target: defaultBusArn(ev.account, ev.region),
        accountId: ev.account,
        region: ev.region,
        detailType: ev['detail-type'],
        orderKey: e.orderKey,
        resources: e.related,
        time: e.at,
        payload: ev,
        sinks: this.eventSinks,
      };
    }
    const n = e.notification;
    const payload: SnsPayload = {
      Subject: n.subject,
      Message: n.message,
      MessageAttributes: Object.fromEntries(Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
    };
    return {
      channel: 'sns',
      target: n.topicArn,
      accountId: e.scope.accountId,
      region: e.scope.region,
      detailType: n.event,
      orderKey: e.orderKey,
      resources: e.related,
      time: e.at,
      payload,
      sinks: this.snsSinks,
    };
  }
}
