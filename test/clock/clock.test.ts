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
});
