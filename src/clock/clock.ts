/**
 * The one source of business time: system time plus an offset, which can be frozen, set and
 * moved forward. Nothing else in Holdfast calls Date.now() for business time.
 * Moving time backwards is refused: jobs, schedules and lifecycles only ever move forward.
 */
export class ClockError extends Error {}

export interface ClockState {
  frozenAtMs?: number;
  offsetMs?: number;
}

export class Clock {
  private offsetMs = 0;
  private frozenAtMs: number | undefined;

  constructor(options: { frozen?: boolean; startTime?: Date } = {}) {
    // Wall time is read once, so a frozen clock starts exactly at startTime.
    const wall = Date.now();
    if (options.startTime) this.offsetMs = options.startTime.getTime() - wall;
    if (options.frozen) this.frozenAtMs = wall + this.offsetMs;
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

  /** Sets "now" to the given instant; refuses to go back in time. */
  set(instantMs: number): void {
    if (instantMs < this.nowMs()) {
      throw new ClockError(`Cannot move the clock backwards from ${this.now().toISOString()} to ${new Date(instantMs).toISOString()}.`);
    }
    if (this.frozenAtMs !== undefined) this.frozenAtMs = instantMs;
    else this.offsetMs = instantMs - Date.now();
  }
}
