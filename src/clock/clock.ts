/**
 * The one source of business time: system time plus an offset, which can be frozen, set and
 * moved forward. Nothing else in Holdfast calls Date.now() for business time.
 * Moving time backwards is refused: jobs, schedules and lifecycles only ever move forward. The
 * one exception is reset(), which puts the clock back as the server started it (the admin reset,
 * which also wipes every record).
 *
 * A running clock moves on between two reads of "now", so every operation here reads wall time
 * once: a move to an instant that real time has just passed must not fail for that.
 */
export class ClockError extends Error {}

export interface ClockState {
  frozenAtMs?: number;
  offsetMs?: number;
}

/** How the clock starts: at startTime (else real time), frozen or running. */
export interface ClockOptions {
  frozen?: boolean;
  startTime?: Date;
}

export class Clock {
  private offsetMs = 0;
  private frozenAtMs: number | undefined;

  constructor(options: ClockOptions = {}) {
    this.reset(options);
  }

  /** Puts the clock back as a new Clock(options) would start it, backwards too. */
  reset(options: ClockOptions): void {
    // Wall time is read once, so a frozen clock starts exactly at startTime.
    const wall = Date.now();
    this.offsetMs = options.startTime ? options.startTime.getTime() - wall : 0;
    this.frozenAtMs = options.frozen ? wall + this.offsetMs : undefined;
  }

  /** What survives a restart: the frozen instant, or the offset of a running clock. */
  state(): ClockState {
    return this.frozenAtMs !== undefined ? { frozenAtMs: this.frozenAtMs } : { offsetMs: this.offsetMs };
  }

  /** Resumes a saved state (never earlier than the saved instant of a frozen clock). */
  restore(state: ClockState, freeze = false): void {
    if (state.frozenAtMs !== undefined) this.frozenAtMs = state.frozenAtMs;
    else {
      this.frozenAtMs = undefined;
      this.offsetMs = state.offsetMs ?? 0;
      if (freeze) this.frozenAtMs = this.nowMs();
    }
  }

  nowMs(): number {
    return this.frozenAtMs ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  get frozen(): boolean {
    return this.frozenAtMs !== undefined;
  }

  setFrozen(frozen: boolean): void {
    if (frozen && this.frozenAtMs === undefined) this.frozenAtMs = this.nowMs();
    if (!frozen && this.frozenAtMs !== undefined) {
      this.offsetMs = this.frozenAtMs - Date.now();
      this.frozenAtMs = undefined;
    }
  }

  /** Throws ClockError when instantMs is behind "now": a request to move time backwards. */
  refuseBackwards(instantMs: number): void {
    const now = this.nowMs();
    if (instantMs < now) {
      throw new ClockError(`Cannot move the clock backwards from ${new Date(now).toISOString()} to ${new Date(instantMs).toISOString()}.`);
    }
  }

  /** Sets "now" to the given instant; refuses to go back in time. */
  set(instantMs: number): void {
    this.refuseBackwards(instantMs);
    this.moveForwardTo(instantMs);
  }

  /**
   * Moves "now" to instantMs, or leaves it where it is when it is already there or later (real
   * time may have passed instantMs on a running clock). Never throws; answers "now" after the move.
   */
  moveForwardTo(instantMs: number): number {
    if (this.frozenAtMs !== undefined) {
      if (instantMs > this.frozenAtMs) this.frozenAtMs = instantMs;
      return this.frozenAtMs;
    }
    const wall = Date.now();
    if (instantMs <= wall + this.offsetMs) return wall + this.offsetMs;
    this.offsetMs = instantMs - wall;
    return instantMs;
  }
}
