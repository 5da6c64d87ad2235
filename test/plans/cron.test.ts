import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronError, nextFireAfter, nextFires, parseCron } from '../../src/services/plans/cron.js';
import { instantOf, isValidTimeZone, wallTimeOf } from '../../src/services/plans/zoned-time.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const fires = (expr: string, from: string, n: number, tz = 'Etc/UTC'): string[] =>
  nextFires(parseCron(expr), Date.parse(from), tz, n).map((t) => new Date(t).toISOString());

describe('AWS cron parsing', () => {
  it('accepts the six-field forms AWS documents', () => {
    for (const expr of [
      'cron(0 5 ? * * *)',
      'cron(0 12 * * ? *)',
      'cron(15 * ? * * *)',
      'cron(0 5 1 * ? *)',
      'cron(0 5 ? * 7 *)',
      'cron(0 8 ? * MON-FRI *)',
      'cron(0 0/4 ? * * *)',
      'cron(30 2 L * ? *)',
      'cron(0 3 15W * ? *)',
      'cron(0 3 ? * 6L *)',
      'cron(0 3 ? * MON#2 *)',
      'cron(0 3 ? JAN,JUL * 2026-2030)',
      'cron(0 1,13 ? * SUN,WED *)',
      'cron(0 10 */2 * ? *)',
      'cron(0 10 ? * L *)',
      'cron(0 10 ? jan mon 2027)',
    ]) {
      assert.doesNotThrow(() => parseCron(expr), expr);
    }
  });

  it('refuses malformed expressions with a reason', () => {
    const cases: [string, RegExp][] = [
      ['rate(1 day)', /not rate/],
      ['0 5 ? * * *', /cron\(minutes hours/],
      ['cron(0 5 ? * *)', /6 fields.*found 5/],
      ['cron(0 5 ? * * * *)', /found 7/],
      ['cron(0 5 * * * *)', /exactly one of day-of-month and day-of-week/],
      ['cron(0 5 ? * ? *)', /exactly one of/],
      ['cron(60 5 ? * * *)', /minutes value 60 is outside 0-59/],
      ['cron(0 24 ? * * *)', /hours value 24/],
      ['cron(0 5 32 * ? *)', /day-of-month value 32/],
      ['cron(0 5 0 * ? *)', /day-of-month value 0/],
      ['cron(0 5 ? 13 * *)', /month value 13/],
      ['cron(0 5 ? * 0 *)', /day-of-week value 0/],
      ['cron(0 5 ? * 8 *)', /day-of-week value 8/],
      ['cron(0 5 ? * * 1969)', /year value 1969/],
      ['cron(0 5 ? * * 2200)', /year value 2200/],
      ['cron(0 5 ? FOO * *)', /'FOO' is not a valid month/],
      ['cron(0 5 ? * FRI-MON *)', /runs backwards/],
      ['cron(0 5 ? * 2#6 *)', /1-5/],
      ['cron(0 5 L,3 * ? *)', /L and W stand alone/],
      ['cron(0 5 ? * 2#1,3 *)', /L and # stand alone/],
      ['cron(0/0 5 ? * * *)', /step/],
      ['cron(a 5 ? * * *)', /'a' is not a valid minutes value/],
      ['cron(1-2-3 5 ? * * *)', /not a valid minutes item/],
    ];
    for (const [expr, reason] of cases) {
      assert.throws(() => parseCron(expr), (e: unknown) => e instanceof CronError && reason.test(e.message), expr);
    }
  });
});

describe('next firing in UTC', () => {
  it('fires daily at the given time, strictly after the instant', () => {
    assert.deepEqual(fires('cron(0 5 ? * * *)', '2026-01-01T00:00:00Z', 3), [
      '2026-01-01T05:00:00.000Z',
      '2026-01-02T05:00:00.000Z',
      '2026-01-03T05:00:00.000Z',
    ]);
    assert.equal(fires('cron(0 5 ? * * *)', '2026-01-01T05:00:00Z', 1)[0], '2026-01-02T05:00:00.000Z');
    assert.equal(fires('cron(0 5 ? * * *)', '2026-01-01T04:59:59.999Z', 1)[0], '2026-01-01T05:00:00.000Z');
  });

  it('handles hourly steps, lists and ranges', () => {
    assert.deepEqual(fires('cron(15 0/6 ? * * *)', '2026-01-01T00:20:00Z', 4), [
      '2026-01-01T06:15:00.000Z',
      '2026-01-01T12:15:00.000Z',
      '2026-01-01T18:15:00.000Z',
      '2026-01-02T00:15:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 9 ? * MON-FRI *)', '2026-01-02T10:00:00Z', 3), [
      '2026-01-05T09:00:00.000Z', // 2 Jan 2026 is a Friday: next is Monday
      '2026-01-06T09:00:00.000Z',
      '2026-01-07T09:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 5 ? * 7 *)', '2026-01-01T00:00:00Z', 2), ['2026-01-03T05:00:00.000Z', '2026-01-10T05:00:00.000Z']);
    assert.deepEqual(fires('cron(0 5 1 * ? *)', '2026-01-01T06:00:00Z', 2), ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z']);
  });

  it('handles L, W and # in the day fields', () => {
    assert.deepEqual(fires('cron(0 5 L * ? *)', '2026-01-01T00:00:00Z', 3), [
      '2026-01-31T05:00:00.000Z',
      '2026-02-28T05:00:00.000Z',
      '2026-03-31T05:00:00.000Z',
    ]);
    assert.equal(fires('cron(0 5 L 2 ? *)', '2028-01-01T00:00:00Z', 1)[0], '2028-02-29T05:00:00.000Z');
    // 15 Feb 2026 is a Sunday (Monday 16th is nearest); 1 Aug 2026 a Saturday (Monday 3rd, not July);
    // 31 Jan 2027 a Sunday (Friday 29th, not February).
    assert.equal(fires('cron(0 5 15W * ? *)', '2026-02-01T00:00:00Z', 1)[0], '2026-02-16T05:00:00.000Z');
    assert.equal(fires('cron(0 5 1W * ? *)', '2026-07-02T00:00:00Z', 1)[0], '2026-08-03T05:00:00.000Z');
    assert.equal(fires('cron(0 5 31W * ? *)', '2027-01-02T00:00:00Z', 1)[0], '2027-01-29T05:00:00.000Z');
    assert.deepEqual(fires('cron(0 5 ? * MON#2 *)', '2026-01-01T00:00:00Z', 2), ['2026-01-12T05:00:00.000Z', '2026-02-09T05:00:00.000Z']);
    assert.deepEqual(fires('cron(0 5 ? * 6L *)', '2026-01-01T00:00:00Z', 2), ['2026-01-30T05:00:00.000Z', '2026-02-27T05:00:00.000Z']);
    assert.equal(fires('cron(0 5 ? * L *)', '2026-01-01T00:00:00Z', 1)[0], '2026-01-03T05:00:00.000Z'); // Saturday
    // A fifth Monday exists only in some months.
    assert.deepEqual(fires('cron(0 5 ? * 2#5 *)', '2026-01-01T00:00:00Z', 2), ['2026-03-30T05:00:00.000Z', '2026-06-29T05:00:00.000Z']);
  });

  it('honours the month and year fields and ends when the years run out', () => {
    assert.deepEqual(fires('cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z', 2), ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']);
    assert.deepEqual(fires('cron(0 3 ? JAN,JUL MON#1 2026-2027)', '2026-01-10T00:00:00Z', 5), [
      '2026-07-06T03:00:00.000Z',
      '2027-01-04T03:00:00.000Z',
      '2027-07-05T03:00:00.000Z',
    ]);
    assert.equal(nextFireAfter(parseCron('cron(0 0 30 2 ? *)'), 0), undefined);
    assert.equal(nextFireAfter(parseCron('cron(0 0 1 1 ? 2020)'), Date.parse('2026-01-01T00:00:00Z')), undefined);
  });
});

describe('next firing in time zones', () => {
  it('fires at local time, in any offset', () => {
    assert.deepEqual(fires('cron(0 9 ? * * *)', '2026-01-01T00:00:00Z', 2, 'Asia/Kolkata'), ['2026-01-01T03:30:00.000Z', '2026-01-02T03:30:00.000Z']);
    assert.deepEqual(fires('cron(0 9 ? * * *)', '2026-01-01T00:00:00Z', 1, 'Pacific/Chatham'), ['2026-01-01T19:15:00.000Z']);
    assert.deepEqual(fires('cron(0 23 ? * * *)', '2026-01-01T12:00:00Z', 1, 'America/Los_Angeles'), ['2026-01-02T07:00:00.000Z']);
  });

  it('keeps local time across the spring-forward change and skips a time that does not exist', () => {
    // New York springs forward on 8 March 2026 at 02:00 (EST -5 to EDT -4).
    assert.deepEqual(fires('cron(0 5 ? * * *)', '2026-03-06T12:00:00Z', 3, 'America/New_York'), [
      '2026-03-07T10:00:00.000Z',
      '2026-03-08T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(30 2 ? * * *)', '2026-03-06T12:00:00Z', 3, 'America/New_York'), [
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z', // 02:30 on the 8th does not exist: no run that day
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a repeated fall-back time once', () => {
    // New York falls back on 1 November 2026 at 02:00 (EDT -4 to EST -5): 01:30 happens twice.
    assert.deepEqual(fires('cron(30 1 ? * * *)', '2026-10-31T12:00:00Z', 3, 'America/New_York'), [
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
    // Hourly through the repeated hour: 01:00 and 01:30 once each, then 02:00 EST.
    assert.deepEqual(fires('cron(0 * ? * * *)', '2026-11-01T04:30:00Z', 3, 'America/New_York'), [
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
    // Asked from inside the second 01:xx hour, the next run is 02:00 EST.
    assert.equal(fires('cron(0 * ? * * *)', '2026-11-01T06:10:00Z', 1, 'America/New_York')[0], '2026-11-01T07:00:00.000Z');
  });

  it('follows southern-hemisphere and half-hour shifts', () => {
    // Sydney leaves daylight time on 5 April 2026 at 03:00 (+11 to +10): 03:00 local is
    // 16:00Z the day before while daylight time lasts, 17:00Z after.
    assert.deepEqual(fires('cron(0 3 ? * * *)', '2026-04-03T00:00:00Z', 3, 'Australia/Sydney'), [
      '2026-04-03T16:00:00.000Z',
      '2026-04-04T17:00:00.000Z',
      '2026-04-05T17:00:00.000Z',
    ]);
    // Lord Howe shifts by 30 minutes on 5 April 2026 at 02:00 (+11 to +10:30).
    assert.deepEqual(fires('cron(0 12 ? * * *)', '2026-04-04T00:00:00Z', 2, 'Australia/Lord_Howe'), [
      '2026-04-04T01:00:00.000Z',
      '2026-04-05T01:30:00.000Z',
    ]);
  });

  it('converts wall times and validates zone names', () => {
    assert.deepEqual(wallTimeOf(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Paris'), { year: 2026, month: 7, day: 1, hour: 14, minute: 0 });
    assert.equal(iso(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris')), undefined);
    assert.equal(iso(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Paris')), '2026-10-25T00:30:00.000Z');
    for (const good of ['Etc/UTC', 'UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'US/Eastern']) assert.ok(isValidTimeZone(good), good);
    for (const bad of ['Mars/Olympus', 'Europe/Pariss', '+01:00', '', 'Europe/../Paris', 'utc offset']) assert.ok(!isValidTimeZone(bad), bad);
  });
});
