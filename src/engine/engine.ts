/**
 * Time-driven work. Each domain registers a Worker that can say when its next piece of work is
 * due and run everything due by a given instant. Advancing the clock runs every due piece in
 * time order, setting the clock to each due instant first, so every event is stamped with its
 * own due time. When the clock is not frozen, a ticker does the same as real time passes.
 */
import type { Clock } from '../clock/clock.js';

export interface Worker {
  name: string;
  /** Epoch ms of the earliest pending work, or undefined when there is none. */
  nextDue(): Promise<number | undefined>;
  /** Runs every piece of work due at or before nowMs. */
  run(nowMs: number): Promise<void>;
}

/** A safety net: an advance that keeps finding work at the same instant is a bug, not a hang. */
const MAX_PASSES_PER_INSTANT = 10_000;

export class Engine {
  private readonly workers: Worker[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly clock: Clock) {}

  register(worker: Worker): void {
    this.workers.push(worker);
  }

  /** Serializes engine passes and clock moves, so two advances never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.queue.then(fn, fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Moves the clock forward to targetMs, running all work that falls due on the way. */
  advanceTo(targetMs: number): Promise<void> {
    return this.exclusive(async () => {
      if (targetMs < this.clock.nowMs()) this.clock.set(targetMs); // throws ClockError
      let lastInstant = -1;
      let passes = 0;
      for (;;) {
        const due = await this.earliestDue();
        if (due === undefined || due > targetMs) break;
        const instant = Math.max(due, this.clock.nowMs());
        passes = instant === lastInstant ? passes + 1 : 0;
        if (passes > MAX_PASSES_PER_INSTANT) throw new Error(`Engine made no progress at ${new Date(instant).toISOString()}`);
        lastInstant = instant;
        this.clock.set(instant);
        await this.runAt(instant);
      }
      this.clock.set(targetMs);
    });
  }

  /** Runs whatever is due now (used after writes that create immediately-due work, and by the ticker). */
  runDue(): Promise<void> {
    return this.exclusive(async () => {
      const now = this.clock.nowMs();
      for (let i = 0; i < MAX_PASSES_PER_INSTANT; i++) {
        const due = await this.earliestDue();
        if (due === undefined || due > now) return;
        await this.runAt(now);
      }
    });
  }

  private async runAt(instant: number): Promise<void> {
    for (const worker of this.workers) {
      const due = await worker.nextDue();
      if (due !== undefined && due <= instant) await worker.run(instant);
    }
  }

  private async earliestDue(): Promise<number | undefined> {
    let earliest: number | undefined;
    for (const worker of this.workers) {
      const due = await worker.nextDue();
      if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
    }
    return earliest;
  }

  /** In real-time mode, runs due work every intervalMs of wall time. */
  start(intervalMs = 250): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      if (this.clock.frozen) return;
      this.runDue().catch((e: unknown) => console.error('holdfast engine:', e));
    }, intervalMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
