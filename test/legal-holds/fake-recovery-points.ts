/**
 * An in-memory stand-in for the recovery-point domain, implementing the contract of
 * src/services/recovery-points/contract.ts the way the real domain must: removals go through
 * deps.removalGuards, a lifecycle deletion refused by a guard waits (without making the engine
 * spin) until onHoldsReleased names the point, and then happens at the next engine pass.
 */
import type { Worker } from '../../src/engine/engine.js';
import { testDeps as makeDeps } from '../helpers/deps.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import type {
  RemovalGuards} from '../../src/services/recovery-points/contract.js';
import {
  type RecoveryPointQuery,
  type RecoveryPointRef,
  type RecoveryPointSelector,
  type RemovalKind,
} from '../../src/services/recovery-points/contract.js';
import type { RequestContext } from '../../src/services/context.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Scope } from '../../src/store/types.js';

export const SCOPE: Scope = { accountId: '111111111111', region: 'us-east-1' };
export const START = Date.parse('2026-01-01T00:00:00.000Z');

export interface FakePoint extends RecoveryPointRef {
  /** Epoch ms when the lifecycle deletes it. */
  deleteAt?: number;
  /** A guard refused the lifecycle deletion; wait for onHoldsReleased. */
  lifecycleBlocked?: boolean;
}

export class FakeRecoveryPoints implements RecoveryPointQuery, Worker {
  readonly name = 'fake-recovery-points';
  readonly points = new Map<string, FakePoint>();
  readonly released: string[][] = [];
  readonly lifecycleDeleted: { arn: string; at: number }[] = [];
  batchSize = 1000;
  forEachCalls = 0;

  constructor(private readonly guards: RemovalGuards) {}

  add(p: Partial<FakePoint> & { arn: string }): FakePoint {
    const point: FakePoint = {
      ...SCOPE,
      vaultName: 'v1',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-1',
      creationDate: START - 1000,
      ...p,
    };
    this.points.set(point.arn, point);
    return point;
  }

  async forEachMatching(scope: Scope, s: RecoveryPointSelector, fn: (batch: RecoveryPointRef[]) => Promise<void>): Promise<void> {
    this.forEachCalls++;
    const all = [...this.points.values()].filter(
      (p) =>
        p.accountId === scope.accountId &&
        p.region === scope.region &&
        (!s.vaultNames || s.vaultNames.includes(p.vaultName)) &&
        (!s.resourceArns || s.resourceArns.includes(p.resourceArn)) &&
        (s.createdFrom === undefined || p.creationDate >= s.createdFrom) &&
        (s.createdTo === undefined || p.creationDate <= s.createdTo),
    );
    for (let i = 0; i < all.length; i += this.batchSize) await fn(all.slice(i, i + this.batchSize));
  }

  async children(scope: Scope, parentArn: string): Promise<RecoveryPointRef[]> {
    return [...this.points.values()].filter((p) => p.parentRecoveryPointArn === parentArn && p.accountId === scope.accountId);
  }

  async get(_scope: Scope, arn: string): Promise<RecoveryPointRef | undefined> {
    return this.points.get(arn);
  }

  async onHoldsReleased(_scope: Scope, arns: string[]): Promise<void> {
    this.released.push([...arns]);
    for (const arn of arns) {
      const p = this.points.get(arn);
      if (p) p.lifecycleBlocked = false;
    }
  }

  /** What DeleteRecoveryPoint and friends do: answers the refusal, or removes the point. */
  async remove(arn: string, kind: RemovalKind = 'delete'): Promise<string | undefined> {
    const p = this.points.get(arn);
    if (!p) throw new Error(`no point ${arn}`);
    const reason = await this.guards.check(p, kind);
    if (reason) return reason;
    if (kind === 'disassociate-from-parent') delete p.parentRecoveryPointArn;
    else this.points.delete(arn);
    return undefined;
  }

  async nextDue(): Promise<number | undefined> {
    let min: number | undefined;
    for (const p of this.points.values()) {
      if (p.deleteAt !== undefined && !p.lifecycleBlocked && (min === undefined || p.deleteAt < min)) min = p.deleteAt;
    }
    return min;
  }

  async run(nowMs: number): Promise<void> {
    for (const p of [...this.points.values()]) {
      if (p.deleteAt === undefined || p.lifecycleBlocked || p.deleteAt > nowMs) continue;
      if (await this.guards.check(p, 'lifecycle-delete')) p.lifecycleBlocked = true;
      else {
        this.points.delete(p.arn);
        this.lifecycleDeleted.push({ arn: p.arn, at: nowMs });
      }
    }
  }
}

export const testDeps = (): ServiceDeps & { store: SqliteStore } => makeDeps(START);

export const ctxAt = (deps: ServiceDeps, scope: Scope = SCOPE): RequestContext => ({
  ...scope,
  requestId: 'test',
  now: deps.clock.now(),
});
