/** ServiceDeps for tests that build one domain's services directly, without the HTTP server. */
import { randomBytes } from 'node:crypto';
import { Clock } from '../../src/clock/clock.js';
import { Engine } from '../../src/engine/engine.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { TokenCodec } from '../../src/services/pagination.js';
import { RemovalGuards } from '../../src/services/recovery-points/contract.js';
import { TaggableResources } from '../../src/services/tags/registry.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { buildEvents } from '../../src/services/events/index.js';

export function testDeps(startMs: number): ServiceDeps & { store: SqliteStore } {
  const clock = new Clock({ frozen: true, startTime: new Date(startMs) });
  const store = new SqliteStore({ inMemory: true });
  return {
    store,
    events: buildEvents(store).port,
    clock,
    engine: new Engine(clock),
    tokens: new TokenCodec(randomBytes(32)),
    removalGuards: new RemovalGuards(),
    taggable: new TaggableResources(),
  };
}
