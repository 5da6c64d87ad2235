/** Builds a LegalHoldService directly, over the in-memory fake recovery-point domain. */
import { LegalHoldService } from '../../src/services/legal-holds/legal-hold-service.js';
import type { Handlers } from '../../src/services/registry.js';
import { removalCheck } from '../../src/services/recovery-points/contract.js';
import { ctxAt, FakeRecoveryPoints, testDeps } from './fake-recovery-points.js';
import type { RequestContext } from '../../src/services/context.js';
import type { Scope } from '../../src/store/types.js';

export function setup() {
  const deps = testDeps();
  // The guard of the service built over these points: the fake asks it as the real domain would.
  const rps: FakeRecoveryPoints = new FakeRecoveryPoints(removalCheck(() => [{ source: 'legal-holds', guard: service.removalGuard }]));
  const service = new LegalHoldService(deps, rps);
  deps.engine.register(service.worker);
  deps.engine.register(rps);
  const handlers = service.handlers() as Required<Handlers>;
  return {
    deps,
    rps,
    service,
    h: handlers,
    ctx: (scope?: Scope): RequestContext => ctxAt(deps, scope),
    advance: (seconds: number) => deps.engine.advanceTo(deps.clock.nowMs() + seconds * 1000),
    close: () => deps.store.close(),
  };
}

/** Runs fn and answers the ServiceError it throws. */
export async function failure(fn: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await fn();
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected an error, but the call succeeded');
}
