/**
 * Events and notifications (docs/events.md): the EventPort every domain emits through, the
 * outbox it writes, the delivery worker that sends entries after commit, and the log's routes.
 */
import type { AdminRoute } from '../../server/admin.js';
import type { Store } from '../../store/types.js';
import type { EventPort } from '../common/events.js';
import { DeliveryWorker } from './delivery-worker.js';
import { eventRoutes } from './event-routes.js';
import { OutboxEmitter } from './outbox-emitter.js';
import { makeSinks, type SinkOptions } from './sinks.js';

export interface EventsDomain {
  port: EventPort;
  adminRoutes: AdminRoute[];
  /** Starts delivering (outside any transaction); a no-op when no sink is configured. */
  start(): void;
  stop(): Promise<void>;
}

export function buildEvents(store: Store, options: SinkOptions = {}): EventsDomain {
  const outbox = store.outbox;
  const sinks = makeSinks(options);
  const worker = sinks.size ? new DeliveryWorker(outbox, sinks) : undefined;
  return {
    port: new OutboxEmitter(outbox, new Set(sinks.keys()), () => worker?.wake()),
    adminRoutes: eventRoutes(outbox),
    start: () => worker?.start(),
    stop: async () => worker?.stop(),
  };
}
