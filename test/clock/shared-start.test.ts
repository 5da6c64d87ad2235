/**
 * An instance that joins a PostgreSQL database already holding the shared business clock adopts
 * it (src/clock/clock-start.ts): its --start-time / --frozen-clock never move, freeze or put back
 * the clock of the others. Options equal to those the first instance was given are welcome;
 * options that disagree refuse the start-up with a message that says what to do, in the Node API
 * and through `holdfast serve`. The admin reset puts the clock back as the first instance started it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHoldfast } from '../../src/app.js';
import { HoldfastError, startHoldfast as startPublic } from '../../src/index.js';
import { ClockStartError } from '../../src/clock/clock-start.js';
import { startChild } from '../helpers/child.js';
import { freshDatabase, postgresAvailable, psql } from '../helpers/postgres.js';
import { startTestServer, T0, type TestServer } from '../helpers/server.js';

const DAY_S = 86_400;
const clockOf = async (t: TestServer): Promise<{ now: string; frozen: boolean }> => (await t.admin('GET', '/clock')).json;
const ADVANCED = new Date(T0.getTime() + 3 * DAY_S * 1000).toISOString();

describe('joining a shared clock (PostgreSQL)', { skip: !postgresAvailable() && 'PostgreSQL 15 is not installed' }, () => {
  let database: string;
  let first: TestServer;
  before(async () => {
    database = await freshDatabase();
    first = await startTestServer({ database, frozenClock: true, startTime: T0 });
    await first.advance(3 * DAY_S);
  });
  after(async () => {
    await first?.close();
  });

  it('adopts the clock when the joining instance is given the same options, or none', async () => {
    const same = await startTestServer({ database, frozenClock: true, startTime: T0 });
    const bare = await startTestServer({ database, frozenClock: undefined, startTime: undefined });
    try {
      for (const t of [same, bare, first]) assert.deepEqual(await clockOf(t), { now: ADVANCED, frozen: true });
    } finally {
      await same.close();
      await bare.close();
    }
  });

  it('refuses options that disagree, and the shared clock stays where it was', async () => {
    const refusals: [{ frozenClock?: boolean; startTime?: Date }, RegExp][] = [
      [{ startTime: new Date('2026-06-01T00:00:00Z') }, /given --start-time 2026-06-01T00:00:00\.000Z, and the shared clock was started with --start-time 2026-01-01T00:00:00\.000Z, frozen/],
      [{ startTime: new Date('2025-01-01T00:00:00Z'), frozenClock: true }, /given --start-time 2025-01-01T00:00:00\.000Z and --frozen-clock/],
      [{ frozenClock: false }, /given a running clock \(frozenClock: false\)/],
    ];
    for (const [options, message] of refusals) {
      const e = await startHoldfast({ port: 0, database, ...options }).then(
        async (hf) => {
          await hf.close();
          return undefined;
        },
        (err: unknown) => err,
      );
      assert.ok(e instanceof ClockStartError, `${JSON.stringify(options)} was not refused: ${String(e)}`);
      assert.match(e.message, /^The database already holds the business clock that its instances share \(now 2026-01-04T00:00:00\.000Z, frozen\)/);
      assert.match(e.message, message);
      assert.match(e.message, /start it with the same --start-time and --frozen-clock as the first instance, or without them/);
      assert.deepEqual(await clockOf(first), { now: ADVANCED, frozen: true });
    }
  });

  it('on a database whose clock predates the record, checks --frozen-clock against the clock itself and records it', async () => {
    const legacy = await freshDatabase();
    const maker = await startTestServer({ database: legacy, frozenClock: true, startTime: T0 });
    await maker.close();
    psql(legacy, "DELETE FROM meta WHERE key = 'clock-start'");
    const refused = async (options: { frozenClock?: boolean; startTime?: Date }): Promise<unknown> =>
      startHoldfast({ port: 0, database: legacy, ...options }).then(async (hf) => void (await hf.close()), (err: unknown) => err);
    assert.ok((await refused({ frozenClock: false })) instanceof ClockStartError, 'a running clock disagrees with the frozen one');
    assert.ok((await refused({ startTime: T0 })) instanceof ClockStartError, 'a start time cannot be checked');
    assert.equal(psql(legacy, "SELECT count(*) FROM meta WHERE key = 'clock-start'"), '0', 'a refusal records nothing');
    const again = await startTestServer({ database: legacy, frozenClock: true, startTime: undefined });
    try {
      assert.deepEqual(await clockOf(again), { now: T0.toISOString(), frozen: true });
      assert.equal(psql(legacy, "SELECT value FROM meta WHERE key = 'clock-start'"), '{"frozen":true}');
    } finally {
      await again.close();
    }
  });

  it('refuses through the public startHoldfast with a HoldfastError naming the option', async () => {
    const e = await startPublic({ database, startTime: '2026-02-01T00:00:00Z' }).then(
      async (hf) => {
        await hf.close();
        return undefined;
      },
      (err: unknown) => err,
    );
    assert.ok(e instanceof HoldfastError, String(e));
    assert.match(e.message, /^startHoldfast: option 'startTime' cannot be used: The database already holds the business clock that its instances share \(now 2026-01-04T00:00:00\.000Z, frozen\)/);
  });

  it('refuses through `holdfast serve` with exit code 1', async () => {
    const started = await startChild(['--port', '0', '--database', database, '--start-time', '2026-01-01T12:00:00Z']).then(
      async (child) => {
        await child.kill();
        return 'started';
      },
      (e: Error) => e.message,
    );
    assert.match(
      started,
      /^holdfast serve exited with 1 before it was ready: holdfast: The database already holds the business clock .*given --start-time 2026-01-01T12:00:00\.000Z, and the shared clock was started with --start-time 2026-01-01T00:00:00\.000Z, frozen/,
    );
    assert.deepEqual(await clockOf(first), { now: ADVANCED, frozen: true });
  });

  it('puts the clock back as the first instance started it when an instance given no options resets', async () => {
    const bare = await startTestServer({ database, frozenClock: undefined, startTime: undefined });
    try {
      assert.equal((await bare.admin('POST', '/reset')).status, 200);
      assert.deepEqual(await clockOf(bare), { now: T0.toISOString(), frozen: true });
      assert.deepEqual(await clockOf(first), { now: T0.toISOString(), frozen: true });
    } finally {
      await bare.close();
    }
  });
});
