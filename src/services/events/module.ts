/**
 * Events and notifications (docs/events.md): the EventPort every domain emits through, the
 * outbox it writes, the delivery worker that sends entries after commit, and the log's routes.
 */
import type { Store } from '../../store/types.js';
import type { EventPort } from '../common/events.js';
import type { DomainModule } from '../module.js';
import { DeliveryWorker } from './delivery-worker.js';
import { eventRoutes } from './event-routes.js';
import { OutboxEmitter } from './outbox-emitter.js';
import { makeSinks, type SinkOptions } from './sinks.js';

export interface EventsPorts {
  store: Store;
  /** Where deliveries go (--events-endpoint, --sns-endpoint, --webhook); none: the log only. */
  sinks: SinkOptions;
  /** How many entries the log keeps, besides older ones still to deliver (--event-log-max-entries; default DEFAULT_LOG_MAX_ENTRIES). */
  logMaxEntries?: number;
}

/** The entries the event log keeps by default (docs/events.md, "The event log"). */
export const DEFAULT_LOG_MAX_ENTRIES = 200_000;
export const LOG_MAX_ENTRIES_RULE = 'must be a whole number of entries of at least 1';
export const isLogMaxEntries = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

export interface EventsExports {
  /** Handed to every other domain as deps.events. */
  port: EventPort;
}

/**
 * Composed first (domains.ts): its port is part of the other domains' deps. The delivery worker
 * starts once the server listens (`start`, outside any transaction) and stops on close; without
 * a sink there is none.
 */
export const eventsModule: DomainModule<EventsPorts, EventsExports> = {
  name: 'events',
  build({ store, sinks: options, logMaxEntries = DEFAULT_LOG_MAX_ENTRIES }) {
    const outbox = store.outbox;
    const sinks = makeSinks(options);
    const worker = sinks.size ? new DeliveryWorker(outbox, sinks, (fn) => store.atomically(fn), store.instances) : undefined;
    return {
      adminRoutes: eventRoutes(outbox),
      start: () => worker?.start(),
      close: async () => worker?.stop(),
      exports: { port: new OutboxEmitter(outbox, new Set(sinks.keys()), () => worker?.wake(), logMaxEntries) },
    };
  },
};
