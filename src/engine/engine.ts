/**
 * Time-driven work. Each domain registers a Worker that can say when its next piece of work is
 * due and run everything due by a given instant. Advancing the clock runs every due piece in
 * time order, moving the clock to each due instant first, so every event is stamped with its
 * own due time. When the clock is not frozen, a ticker does the same as real time passes.
 *
 * Passes, clock moves and the admin reset run one at a time (exclusive). On a running clock real
 * time goes on while work runs: the engine only ever moves the clock forward to "at least" an
 * instant (Clock.moveForwardTo), so an advance never fails because real time has passed its target.
 *
 * Several instances sharing one database (SharedClock, docs/postgresql.md): "one at a time" holds
 * across them. Each exclusive section takes the instances' engine lock, then loads the clock the
 * database holds, so a pass or an advance starts from the clock the last one (on any instance)
 * saved, and sees every piece of work it committed: each piece runs once, whichever instance runs
 * it. Concurrent relative advances through different instances add up (each counts from the
 * clock when its turn comes), and an advance returns once everything due by its target has run.
 */
import { performance } from 'node:perf_hooks';
import type { Clock, ClockState } from '../clock/clock.js';
import { StoreUnavailableError } from '../store/unavailable.js';

export interface Worker {
  name: string;
  /** Epoch ms of the earliest pending work, or undefined when there is none. */
  nextDue(): Promise<number | undefined>;
  /** Runs every piece of work due at or before nowMs. */
  run(nowMs: number): Promise<void>;
  /**
   * True when run() only reads and writes the store (no files, no network): the engine may then
   * run it inside one transaction shared with other such workers and several instants (a group
   * commit), which a clock advance over thousands of jobs needs. Left out: each run commits alone.
   * (Every request waits while a transaction is open: real I/O inside a group commit would hold
   * them all for its whole duration.)
   */
  groupCommit?: boolean;
}

/** The clock and the turns of instances that share one database (Store.instances). */
export interface SharedClock {
  /** Runs fn while no other instance runs an exclusive section (a pass, a clock move, a reset). */
  lock<T>(fn: () => Promise<T>): Promise<T>;
  /** The clock the database holds (what saveClock wrote, on any instance), if any. */
  read(): Promise<ClockState | undefined>;
  /**
   * Stays the same while no instance can have moved the clock since a read begun under it
   * (store/types.ts SharedClockStore.epoch); undefined when every request must read it.
   */
  epoch(): number | undefined;
}

/** Runs fn in one store transaction (Store.atomically). */
export type Atomically = <T>(fn: () => Promise<T>) => Promise<T>;

/** A safety net: an advance that keeps finding work at the same instant is a bug, not a hang. */
const MAX_PASSES_PER_INSTANT = 10_000;
/**
 * Wall time one group commit may keep its transaction open: it bounds how long a request waits
 * behind an advance, and the WAL's growth; a commit per instant instead writes the same index
 * pages again at every instant (a job's start, its completion, its point's deletion).
 */
const GROUP_COMMIT_MS = 500;

export class Engine {
  private readonly workers: Worker[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;
  /** Exclusive sections running here, and how many have begun: a clock read must not undo their moves. */
  private sections = 0;
  private sectionsBegun = 0;
  /** The clock read under way, and the one that starts after it (refreshClock). */
  private clockRead: Promise<void> | undefined;
  private nextClockRead: Promise<void> | undefined;
  /** The shared clock's epoch under which this instance's clock was last loaded, while it holds. */
  private loadedEpoch: number | undefined;
  /** Each worker's nextDue as earliestDue last read them, until a worker runs (runAt). */
  private dues: (number | undefined)[] | undefined;

  /**
   * With atomically, an advance runs the instants of groupCommit workers in shared transactions.
   * saveClock persists the clock: at the end of each group commit (in its transaction, so the
   * saved clock matches the committed work), of each piece of work committed alone, and of each
   * advance. With shared, sections take turns with other instances' and load the shared clock.
   */
  constructor(
    private readonly clock: Clock,
    private readonly atomically?: Atomically,
    private readonly saveClock?: () => Promise<void>,
    private readonly shared?: SharedClock,
  ) {}

  register(worker: Worker): void {
    this.workers.push(worker);
  }

  /** Runs fn when no engine pass or clock move is running, and none starts until it ends (the admin reset). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const section = (): Promise<T> => (this.shared ? this.shared.lock(() => this.section(fn)) : fn());
    const result = this.queue.then(section, section);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** fn from the shared clock, with this instance's turn (see the file comment). */
  private async section<T>(fn: () => Promise<T>): Promise<T> {
    this.sections++;
    this.sectionsBegun++;
    try {
      const state = await this.shared!.read();
      if (state) this.clock.restore(state);
      return await fn();
    } finally {
      this.sections--;
      // The section may have moved this clock past what it saved (a pass that failed): load it again.
      this.loadedEpoch = undefined;
    }
  }

  /**
   * Loads the shared clock (before each request and tick on an instance sharing its database), so
   * that "now" is what the last instance to move it saved. Skipped while this instance runs a
   * section: it moves the clock itself, ahead of what it has saved. One read at a time: callers
   * that arrive while one is under way share the next one (a read begun before a caller arrived
   * could miss a move acknowledged just before), so concurrent requests cost one read per turn.
   * No read at all while the clock loaded last is known to be current (SharedClock.epoch): no
   * instance can have moved it since.
   */
  refreshClock(): Promise<void> {
    if (!this.shared || this.sections > 0) return Promise.resolve();
    if (this.loadedEpoch !== undefined && this.shared.epoch() === this.loadedEpoch) return Promise.resolve();
    if (!this.clockRead) {
      this.clockRead = this.readClock().finally(() => (this.clockRead = undefined));
      return this.clockRead;
    }
    const next = (): Promise<void> => {
      this.nextClockRead = undefined;
      return this.refreshClock();
    };
    this.nextClockRead ??= this.clockRead.then(next, next);
    return this.nextClockRead;
  }

  private async readClock(): Promise<void> {
    const begun = this.sectionsBegun;
    const epoch = this.shared!.epoch();
    const state = await this.shared!.read();
    if (!state || this.sections > 0 || begun !== this.sectionsBegun) return;
    this.clock.restore(state);
    if (epoch !== undefined && this.shared!.epoch() === epoch) this.loadedEpoch = epoch;
  }

  /** Freezes or lets the clock run, and saves it (one section: every instance sees it next). */
  setFrozen(frozen: boolean): Promise<void> {
    return this.exclusive(async () => {
      this.clock.setFrozen(frozen);
      await this.saveClock?.();
    });
  }

  /**
   * Moves the clock forward by ms from where it is when the move starts (after the moves queued
   * before it, so concurrent advances add up), running all work that falls due on the way.
   */
  advanceBy(ms: number): Promise<void> {
    return this.exclusive(() => this.runUntil(this.clock.nowMs() + ms));
  }

  /**
   * Moves the clock forward to targetMs, running all work that falls due on the way. Refuses
   * (ClockError) an instant behind the clock when called; once accepted it never fails for time:
   * the clock ends at targetMs, or later when real time or an advance queued before has passed it.
   */
  async advanceTo(targetMs: number): Promise<void> {
    this.clock.refuseBackwards(targetMs); // checked as called: an async function runs to its first await
    return this.exclusive(() => this.runUntil(targetMs));
  }

  /**
   * The clock only moves inside a transaction that saves it (atomically + saveClock): a request
   * that reads the moved clock commits after that transaction (every request waits while one is
   * open), so nothing is ever committed, on any instance, stamped later than the saved clock,
   * whatever instance dies when. Work committed alone runs with the clock already saved at its
   * instant: a kill -9 between the two leaves the work due (run late, at the saved "now"), never
   * done ahead of the clock.
   */
  private async runUntil(targetMs: number): Promise<void> {
    const progress = { lastInstant: -1, passes: 0 };
    if (!this.atomically) {
      for (let instant = await this.nextInstant(targetMs, progress); instant !== undefined; instant = await this.nextInstant(targetMs, progress)) {
        await this.runAt(instant, false);
      }
      this.clock.moveForwardTo(targetMs);
      await this.saveClock?.();
      return;
    }
    for (;;) {
      // A group commit: instants run in one transaction until a worker that must commit alone
      // is due, the wall-time budget is spent, or nothing is due by targetMs.
      const group = await this.atomically(async () => {
        const first = await this.nextInstant(targetMs, progress);
        if (first === undefined) return undefined;
        const started = performance.now();
        let stopped: number | undefined;
        for (let next: number | undefined = first; next !== undefined; next = await this.nextInstant(targetMs, progress)) {
          if (!(await this.runAt(next, true))) {
            stopped = next;
            break;
          }
          if (performance.now() - started >= GROUP_COMMIT_MS) break;
        }
        await this.saveClock?.();
        return { stopped };
      });
      if (group === undefined) break;
      // The rest of the instant a group stopped in runs on its own (its earlier workers have nothing due).
      if (group.stopped !== undefined) await this.runAt(group.stopped, false);
    }
    await this.atomically(async () => {
      this.clock.moveForwardTo(targetMs);
      await this.saveClock?.();
    });
  }

  /** The next instant with due work by targetMs (the clock moved forward to it), or undefined. */
  private async nextInstant(targetMs: number, progress: { lastInstant: number; passes: number }): Promise<number | undefined> {
    const due = await this.earliestDue();
    if (due === undefined || due > targetMs) return undefined;
    // On a running clock, work that real time has already made due runs at "now".
    const instant = this.clock.moveForwardTo(due);
    progress.passes = instant === progress.lastInstant ? progress.passes + 1 : 0;
    if (progress.passes > MAX_PASSES_PER_INSTANT) throw new Error(`Engine made no progress at ${new Date(instant).toISOString()}`);
    progress.lastInstant = instant;
    return instant;
  }

  /** Runs whatever is due now (used after writes that create immediately-due work, and by the ticker). */
  runDue(): Promise<void> {
    return this.exclusive(async () => {
      const now = this.clock.nowMs();
      for (let i = 0; i < MAX_PASSES_PER_INSTANT; i++) {
        const due = await this.earliestDue();
        if (due === undefined || due > now) return;
        await this.runAt(now, false);
      }
    });
  }

  /**
   * Runs every worker due at instant, in order. In a group commit (grouped) it stops before a
   * worker that must commit alone and answers false. Outside one, runUntil has already saved the
   * clock at instant; it is saved again after each worker's run when shared (a running
   * clock has moved on meanwhile).
   */
  private async runAt(instant: number, grouped: boolean): Promise<boolean> {
    // What earliestDue just read holds until a worker runs (a run may make others' work due).
    let known = this.dues;
    this.dues = undefined;
    for (const [i, worker] of this.workers.entries()) {
      const due = known ? known[i] : await worker.nextDue();
      if (due === undefined || due > instant) continue;
      if (grouped && !worker.groupCommit) return false;
      known = undefined;
      await worker.run(instant);
      if (!grouped && this.shared) await this.saveClock?.();
    }
    return true;
  }

  /** The earliest nextDue of every worker, asked together (outside a transaction, over several connections at once). */
  private async earliestDue(): Promise<number | undefined> {
    const dues = await Promise.all(this.workers.map((w) => w.nextDue()));
    this.dues = dues;
    let earliest: number | undefined;
    for (const due of dues) if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
    return earliest;
  }

  /**
   * In real-time mode, runs due work every intervalMs of wall time; a tick is skipped while the
   * previous one still runs. A pass that fails (the database is away) committed nothing: its
   * work is still due, and a later tick runs it; an outage is reported once, not every tick.
   */
  start(intervalMs = 250): void {
    if (this.ticker) return;
    let running = false;
    let failing = false;
    this.ticker = setInterval(() => {
      if (running || (this.clock.frozen && !this.shared)) return;
      running = true;
      // Sharing a database, another instance may have let the clock run: ask it first.
      this.refreshClock()
        .then(() => (this.clock.frozen ? undefined : this.runDue()))
        .then(
        () => {
          if (failing) console.error('holdfast engine: running again');
          failing = false;
        },
        (e: unknown) => {
          if (!(e instanceof StoreUnavailableError) || !failing) console.error('holdfast engine:', e instanceof StoreUnavailableError ? e.message : e);
          failing = e instanceof StoreUnavailableError;
        },
      ).finally(() => (running = false));
    }, intervalMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
