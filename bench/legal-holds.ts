/**
 * Legal-hold benchmarks (run: node --import tsx bench/legal-holds.ts; npm run bench can import
 * benchLegalHolds). Over an in-memory stand-in for the recovery-point domain, so they measure
 * the legal-hold side: attaching 100,000 recovery points until the hold is ACTIVE (target under
 * 2 s), and the removal guard on a point under many holds (target: constant time).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LegalHoldService } from '../src/services/legal-holds/legal-hold-service.js';
import type { RecoveryPointQuery, RecoveryPointRef } from '../src/services/recovery-points/contract.js';
import type { Handlers } from '../src/services/registry.js';
import { ctxAt, SCOPE, START, testDeps } from '../test/legal-holds/fake-recovery-points.js';

export interface BenchResult {
  name: string;
  ms: number;
  target: string;
  ok: boolean;
}

function points(n: number, vault: string): RecoveryPointRef[] {
  return Array.from({ length: n }, (_, i) => ({
    ...SCOPE,
    arn: `arn:aws:backup:us-east-1:111111111111:recovery-point:${randomUUID()}`,
    vaultName: vault,
    resourceArn: `arn:aws:ec2:us-east-1:111111111111:volume/vol-${i % 1000}`,
    creationDate: START - 1000 - i,
    isParent: false,
  }));
}

export async function benchLegalHolds(count = 100_000): Promise<BenchResult[]> {
  const deps = testDeps();
  const all = [...points(count, 'big'), ...points(10, 'small')];
  const query: RecoveryPointQuery = {
    forEachMatching: async (_scope, s, fn) => {
      const matching = all.filter((p) => !s.vaultNames || s.vaultNames.includes(p.vaultName));
      for (let i = 0; i < matching.length; i += 1000) await fn(matching.slice(i, i + 1000));
    },
    children: async () => [],
  };
  const service = new LegalHoldService(deps, query);
  const h = service.handlers() as Required<Handlers>;
  const results: BenchResult[] = [];

  let t = performance.now();
  const big = await h.CreateLegalHold({ Title: 'big', Description: 'bench', RecoveryPointSelection: { VaultNames: ['big'] } }, ctxAt(deps));
  await deps.engine.advanceTo(deps.clock.nowMs() + 1000);
  const status = (await h.GetLegalHold({ LegalHoldId: big.LegalHoldId }, ctxAt(deps))).Status;
  const activeMs = performance.now() - t;
  results.push({ name: `hold over ${count} recovery points until ACTIVE (${status})`, ms: activeMs, target: '< 2000 ms', ok: status === 'ACTIVE' && activeMs < 2000 });

  // 48 more holds on the small vault: one point under 49 holds vs one under a single hold.
  for (let i = 0; i < 48; i++) await h.CreateLegalHold({ Title: `h${i}`, Description: 'bench', RecoveryPointSelection: { VaultNames: ['small'] } }, ctxAt(deps));
  await deps.engine.advanceTo(deps.clock.nowMs() + 1000);
  const check = async (point: RecoveryPointRef, n: number): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < n; i++) if (!(await deps.removalGuards.check(point, 'delete'))) throw new Error('guard let a held point go');
    return (performance.now() - start) / n;
  };
  const manyHolds = all[count]!;
  const oneHold = all[0]!;
  await check(manyHolds, 1000);
  const perCheckMany = await check(manyHolds, 20_000);
  const perCheckOne = await check(oneHold, 20_000);
  results.push({
    name: `guard check, point under 48 holds vs 1 hold in a ${count}-link table (${(perCheckOne * 1000).toFixed(1)} µs)`,
    ms: perCheckMany,
    target: 'constant (< 3x the single-hold time)',
    ok: perCheckMany < 3 * perCheckOne + 0.01,
  });

  t = performance.now();
  await h.CancelLegalHold({ LegalHoldId: big.LegalHoldId, CancelDescription: 'bench' }, ctxAt(deps));
  await deps.engine.advanceTo(deps.clock.nowMs() + 1000);
  results.push({ name: `cancel a hold over ${count} recovery points until CANCELED`, ms: performance.now() - t, target: '< 2000 ms', ok: performance.now() - t < 2000 });
  await deps.store.close();
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchLegalHolds()) {
    console.log(`${r.ok ? 'ok  ' : 'SLOW'} ${r.name}: ${r.ms.toFixed(3)} ms (target ${r.target})`);
  }
}
