/** ServiceDeps for tests that build one domain's services directly, without the HTTP server. */
import { randomBytes } from 'node:crypto';
import { Clock } from '../../src/clock/clock.js';
import { Engine } from '../../src/engine/engine.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { TokenCodec } from '../../src/services/pagination.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { eventsModule } from '../../src/services/events/module.js';

/** The shared deps, and an engine the test registers the domain's workers with. */
export function testDeps(startMs: number): ServiceDeps & { store: SqliteStore; engine: Engine } {
  const clock = new Clock({ frozen: true, startTime: new Date(startMs) });
  const store = new SqliteStore({ inMemory: true });
  return {
    store,
    events: eventsModule.build({ store, sinks: {} }).exports.port,
    clock,
    engine: new Engine(clock),
    tokens: new TokenCodec(randomBytes(32)),
  };
}
