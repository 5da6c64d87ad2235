/**
 * Delivers outbox entries after commit. It is not an engine Worker: delivery is real I/O on
 * real time, so it never runs inside a transaction or on the business clock, and an advance of
 * the clock never waits for it. It runs as one loop started outside any transaction (its store
 * reads wait for an open transaction to end, so it only ever sees committed entries), woken by
 * the emitter after each append and by its own retry timers.
 *
 * - Order: entries of one order key (a job, a vault, a recovery point) are delivered one after
 *   the other in seq order; a failed entry holds back the later entries of its key until it is
 *   delivered. Different keys are delivered concurrently (CONCURRENCY at a time).
 * - Retries: a failed delivery is retried after 1 s, then 2, 4, ... up to 5 minutes, for ever;
 *   each failure is recorded (attempts, last error, next attempt) and shown by GET /_holdfast/events.
 * - Several instances on one database (Store.instances): each round runs under the instances'
 *   delivery lock, so one instance at a time reads the pending entries and delivers them; the
 *   next round, on any instance, reads what the last one recorded. No entry goes out twice from
 *   two instances, and order per key holds across them. The lock is the claim's lease: an
 *   instance that dies mid-round lets go of it, and its unrecorded entries are pending again.
 * - At least once: a sink may see an entry twice if the server dies between a delivery and its
 *   record (AWS's own delivery to EventBridge is at least once too); kill -9 between commit and
 *   delivery loses nothing, the entry is pending on restart.
 */
import { wallNowMs } from '../../clock/wall-time.js';
import type { OutboxEntry, OutboxSink, OutboxStore } from '../../store/repos/outbox-store.js';
import type { SharedInstances } from '../../store/types.js';
import type { Sink } from './sinks.js';

/** Entries read per round. */
const BATCH = 1000;
/** Order keys delivered at the same time. */
const CONCURRENCY = 32;
const FIRST_RETRY_MS = 1000;
const SINK_OPTION: Record<OutboxSink, string> = { eventbridge: '--events-endpoint', sns: '--sns-endpoint', webhook: '--webhook' };
const MAX_RETRY_MS = 5 * 60_000;

/** How long after its attempt-th failure an entry is tried again. */
export const retryDelayMs = (attempt: number): number => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));

const messageOf = (e: unknown): string => {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string; message?: string } };
  const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
  const cause = err.cause?.code ?? err.cause?.message;
  return `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message ?? String(e)}${status}${cause ? ` (${cause})` : ''}`;
};

export class DeliveryWorker {
  private stopped = false;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly sinks: ReadonlyMap<OutboxSink, Sink>,
    /** Store.atomically: the read of pending entries waits for the transaction that woke it to commit. */
    private readonly atomically: <T>(fn: () => Promise<T>) => Promise<T>,
    private readonly instances?: SharedInstances,
  ) {}

  /** Starts the loop; call it outside any transaction (app start-up). */
  start(): void {
    this.loop ??= this.run();
  }

  /** New entries may be pending (called by the emitter, inside the writer's transaction). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops delivering: in-flight deliveries are cut short (their entries stay pending, untouched). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    for (const s of this.sinks.values()) s.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let waitMs: number | undefined;
      try {
        waitMs = await (this.instances ? this.instances.exclusive('delivery', () => this.round()) : this.round());
      } catch (e) {
        // The store is closing, or failing: try again shortly rather than stop delivering.
        if (this.stopped) return;
        process.stderr.write(`holdfast: event delivery: ${messageOf(e)}\n`);
        waitMs = FIRST_RETRY_MS;
      }
      if (this.stopped || this.woken || waitMs === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = waitMs === undefined ? undefined : setTimeout(resolve, waitMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  /** One pass over the pending entries: 0 to go again at once, else how long to wait (undefined: until woken). */
  private async round(): Promise<number | undefined> {
    // In a transaction of its own: the emitter wakes the worker from inside the writer's
    // transaction, and on PostgreSQL a read outside one does not wait for it to commit (it would
    // miss the entry that woke it, until the next wake).
    const rows = await this.atomically(() => this.outbox.pending(BATCH));
    if (rows.length === 0) return undefined;
    const now = wallNowMs();
    const chains = new Map<string, OutboxEntry[]>();
    const held = new Set<string>();
    let next = Infinity;
    for (const r of rows) {
      if (held.has(r.orderKey)) continue;
      if (r.nextAttemptAt !== undefined && r.nextAttemptAt > now) {
        held.add(r.orderKey);
        next = Math.min(next, r.nextAttemptAt);
        continue;
      }
      const chain = chains.get(r.orderKey);
      if (chain) chain.push(r);
      else chains.set(r.orderKey, [r]);
    }
    let delivered = 0;
    const queue = [...chains.values()];
    const lane = async (): Promise<void> => {
      for (let chain = queue.shift(); chain && !this.stopped; chain = queue.shift()) {
        for (const entry of chain) {
          const retryAt = await this.deliver(entry);
          if (retryAt !== undefined) {
            next = Math.min(next, retryAt);
            break;
          }
          delivered++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, lane));
    if (delivered > 0) return 0;
    return next === Infinity ? undefined : Math.max(0, next - wallNowMs());
  }

  /** Sends an entry to each sink it still waits for; answers when to retry if one failed. */
  private async deliver(entry: OutboxEntry): Promise<number | undefined> {
    for (const name of entry.pending) {
      try {
        const sink = this.sinks.get(name);
        if (!sink) throw new Error(`This server has no ${SINK_OPTION[name]} to deliver to (it was configured when the entry was written).`);
        await sink.send(entry);
      } catch (e) {
        const retryAt = wallNowMs() + retryDelayMs(entry.attempts + 1);
        if (this.stopped) return retryAt;
        await this.outbox.failed(entry.seq, `${name}: ${messageOf(e)}`, retryAt);
        return retryAt;
      }
      await this.outbox.delivered(entry.seq, name);
    }
    return undefined;
  }
}
