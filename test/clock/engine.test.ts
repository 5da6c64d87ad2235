/**
 * The engine's clock moves: each piece of work at its own due instant, concurrent relative
 * advances adding up, absolute moves on a running clock that real time has passed, and work
 * that waits (exclusive) for the pass in progress, as the admin reset does.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { Clock, ClockError } from '../../src/clock/clock.js';
import { Engine, type Worker } from '../../src/engine/engine.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A worker with work due at the given instants; records the instant of each run and the clock then. */
function timedWorker(clock: Clock, dues: number[], work: () => Promise<void> = async () => {}): Worker & { runs: [number, number][] } {
  const pending = [...dues];
  const runs: [number, number][] = [];
  return {
    name: 'timed',
    runs,
    nextDue: async () => pending[0],
    run: async (nowMs) => {
      runs.push([nowMs, clock.nowMs()]);
      while (pending.length && pending[0]! <= nowMs) pending.shift();
      await work();
    },
  };
}

describe('engine clock moves', () => {
  it('runs each piece of work at its own due instant, the clock set to it', async () => {
    const clock = new Clock({ frozen: true, startTime: new Date(T0) });
    const engine = new Engine(clock);
    const worker = timedWorker(clock, [T0 + 10_000, T0 + 20_000]);
    engine.register(worker);
    await engine.advanceBy(30_000);
    assert.deepEqual(worker.runs, [[T0 + 10_000, T0 + 10_000], [T0 + 20_000, T0 + 20_000]]);
    assert.equal(clock.nowMs(), T0 + 30_000);
  });

  it('adds up concurrent relative advances, each counted when its turn comes', async () => {
    const clock = new Clock({ frozen: true, startTime: new Date(T0) });
    const engine = new Engine(clock);
    engine.register(timedWorker(clock, [T0 + 30_000]));
    await Promise.all([engine.advanceBy(60_000), engine.advanceBy(60_000), engine.advanceBy(0)]);
    assert.equal(clock.nowMs(), T0 + 120_000);
  });

  it('on a running clock, ends an accepted move at its target or later, however long the work takes', { timeout: 30_000 }, async () => {
    const clock = new Clock({ startTime: new Date(T0) });
    const engine = new Engine(clock);
    // Work already due, which takes real time (as report files do): real time passes the target.
    const now = clock.nowMs();
    engine.register(timedWorker(clock, [now - 1000, now], () => delay(20)));
    await engine.advanceTo(now + 1);
    assert.ok(clock.nowMs() >= now + 20);
    await engine.advanceBy(0);
    // A move to an instant the clock has clearly passed is still refused, as the caller asked.
    await assert.rejects(engine.advanceTo(clock.nowMs() - 60_000), ClockError);
  });

  it('runs exclusive work only after the pass in progress, and no pass during it', async () => {
    const clock = new Clock({ frozen: true, startTime: new Date(T0) });
    const engine = new Engine(clock);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    engine.register(timedWorker(clock, [T0 + 1000], async () => {
      await gate;
      order.push('work');
    }));
    const advance = engine.advanceBy(60_000);
    const exclusive = engine.exclusive(async () => {
      order.push(`exclusive at ${clock.nowMs() - T0}`);
    });
    await delay(0);
    release();
    await Promise.all([advance, exclusive]);
    assert.deepEqual(order, ['work', 'exclusive at 60000']);
  });

  it('moves the clock only inside a transaction that saves it: no request outside one sees a clock ahead of the saved one', async () => {
    const clock = new Clock({ frozen: true, startTime: new Date(T0) });
    // A store transaction as the real ones behave: BEGIN and COMMIT take a turn of the event loop,
    // and requests wait while one is open (they cannot commit what they read meanwhile before it).
    let inTx = false;
    const atomically = async <T>(fn: () => Promise<T>): Promise<T> => {
      await delay(0);
      inTx = true;
      try {
        return await fn();
      } finally {
        await delay(0);
        inTx = false;
      }
    };
    let saved = clock.nowMs();
    const engine = new Engine(clock, atomically, async () => void (saved = clock.nowMs()));
    const grouped = { ...timedWorker(clock, [T0 + 1000, T0 + 86_400_000]), groupCommit: true };
    const alone = timedWorker(clock, [T0 + 5 * 86_400_000]);
    engine.register(grouped);
    engine.register(alone);
    // A request between transactions: the time it reads is what it may commit.
    const seen: string[] = [];
    let advancing = true;
    const probe = (async () => {
      while (advancing) {
        if (!inTx && clock.nowMs() > saved) seen.push(`now ${clock.nowMs() - T0} > saved ${saved - T0}`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await engine.advanceBy(10 * 86_400_000);
    advancing = false;
    await probe;
    assert.deepEqual(seen, []);
    assert.deepEqual(alone.runs, [[T0 + 5 * 86_400_000, T0 + 5 * 86_400_000]]);
    assert.equal(saved, T0 + 10 * 86_400_000);
  });

  it("reads a shared clock before a request only when its copy is not known current (SharedClock.epoch)", async () => {
    const clock = new Clock({ frozen: true, startTime: new Date(T0) });
    let saved = { frozenAtMs: T0 + 5000 };
    let epoch: number | undefined = 1;
    const seen = { reads: 0 };
    const engine = new Engine(clock, undefined, undefined, {
      lock: (fn) => fn(),
      read: async () => {
        seen.reads++;
        return saved;
      },
      epoch: () => epoch,
    });
    await engine.refreshClock();
    await engine.refreshClock();
    assert.equal(seen.reads, 1, 'a second request under the same epoch read the clock again');
    assert.equal(clock.nowMs(), T0 + 5000);
    // A move elsewhere: the copy is no longer trusted, then trusted again under a new epoch.
    saved = { frozenAtMs: T0 + 9000 };
    epoch = undefined;
    await engine.refreshClock();
    await engine.refreshClock();
    assert.equal(seen.reads, 3, 'every request reads while the copy is not trusted');
    epoch = 2;
    await engine.refreshClock();
    await engine.refreshClock();
    assert.equal(seen.reads, 4);
    assert.equal(clock.nowMs(), T0 + 9000);
    // A section of this instance (it may have moved the clock past what it saved): read again after it.
    await engine.exclusive(async () => undefined);
    const afterSection: number = seen.reads;
    await engine.refreshClock();
    assert.equal(seen.reads, afterSection + 1);
  });
});
