import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Clock, ClockError } from '../../src/clock/clock.js';

describe('clock', () => {
  it('starts a frozen clock exactly at its start time, however slow the machine', () => {
    for (let i = 0; i < 2000; i++) {
      const start = new Date(Date.UTC(2026, 0, 1) + i);
      assert.equal(new Clock({ frozen: true, startTime: start }).nowMs(), start.getTime());
    }
  });

  it('moves only forward, and keeps its state across freeze and restore', () => {
    const c = new Clock({ frozen: true, startTime: new Date('2026-01-01T00:00:00Z') });
    c.set(Date.parse('2026-02-01T00:00:00Z'));
    assert.throws(() => c.set(Date.parse('2026-01-15T00:00:00Z')), ClockError);
    const copy = new Clock();
    copy.restore(c.state());
    assert.equal(copy.now().toISOString(), '2026-02-01T00:00:00.000Z');
    assert.equal(copy.frozen, true);
  });

  it('moves a running clock forward to at least an instant, never failing for one real time has passed', () => {
    const c = new Clock({ startTime: new Date('2026-01-01T00:00:00Z') });
    for (let i = 0; i < 2000; i++) {
      const before = c.nowMs();
      // The instant "now" was a moment ago: real time may already be past it.
      assert.ok(c.moveForwardTo(before) >= before);
      assert.ok(c.nowMs() >= before);
    }
    const ahead = c.nowMs() + 86_400_000;
    assert.equal(c.moveForwardTo(ahead), ahead);
    assert.ok(c.nowMs() >= ahead && !c.frozen);
    assert.throws(() => c.set(ahead - 60_000), ClockError, 'a set to an instant clearly past is refused');
  });

  it('resets to how it started, backwards too', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const frozen = new Clock({ frozen: true, startTime: start });
    frozen.set(Date.parse('2027-01-01T00:00:00Z'));
    frozen.reset({ frozen: true, startTime: start });
    assert.deepEqual(frozen.state(), { frozenAtMs: start.getTime() });
    const running = new Clock();
    running.setFrozen(true);
    running.moveForwardTo(Date.now() + 400 * 86_400_000);
    const wall = Date.now();
    running.reset({});
    assert.equal(running.frozen, false);
    assert.ok(Math.abs(running.nowMs() - wall) < 1000, 'back at real time');
  });
});
